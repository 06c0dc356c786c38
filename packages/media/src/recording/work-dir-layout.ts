/**
 * File names in a recorder's work folder. One ffmpeg run (a session) writes:
 *   <prefix>.<session>.<000000>.mp4   segments (sequence from 0, as ffmpeg's %06d)
 *   <prefix>.<session>.csv            ffmpeg's segment list: one line per closed segment
 *   <prefix>.<session>.json           our session record (pid, wall-clock anchor), for crash recovery
 * `prefix` is the source id when it is a safe file name, else a hash of it, so sources may share a folder.
 */
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';

const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const SEGMENT_NAME = /^([A-Za-z0-9_-]+)\.([a-z0-9-]+)\.(\d{6,})\.mp4$/;
const SESSION_FILE = /^([A-Za-z0-9_-]+)\.([a-z0-9-]+)\.(csv|json)$/;

/** The file-name prefix for a source id. */
export function sourcePrefix(sourceId: string): string {
  if (SAFE_ID.test(sourceId)) return sourceId;
  return `src-${createHash('sha256').update(sourceId).digest('hex').slice(0, 20)}`;
}

/** A new session id: time-ordered (base-36 epoch ms) plus randomness; only [a-z0-9-]. */
export function newSessionId(nowMs = Date.now()): string {
  return `${nowMs.toString(36)}-${randomBytes(4).toString('hex')}`;
}

export interface SessionPaths {
  /** ffmpeg's output pattern (with %06d). */
  segmentPattern: string;
  segmentList: string;
  sessionRecord: string;
}

export function sessionPaths(workDir: string, sourceId: string, sessionId: string): SessionPaths {
  const base = path.join(path.resolve(workDir), `${sourcePrefix(sourceId)}.${sessionId}`);
  // The output is a printf-style pattern for ffmpeg: a literal % in the folder name must be doubled.
  return { segmentPattern: `${base.replace(/%/g, '%%')}.%06d.mp4`, segmentList: `${base}.csv`, sessionRecord: `${base}.json` };
}

export function segmentFileName(sourceId: string, sessionId: string, sequence: number): string {
  return `${sourcePrefix(sourceId)}.${sessionId}.${String(sequence).padStart(6, '0')}.mp4`;
}

export interface ParsedSegmentName {
  prefix: string;
  sessionId: string;
  sequence: number;
}

export function parseSegmentFileName(name: string): ParsedSegmentName | null {
  const m = SEGMENT_NAME.exec(name);
  if (m === null) return null;
  return { prefix: m[1]!, sessionId: m[2]!, sequence: Number(m[3]) };
}

export function parseSessionFileName(name: string): { prefix: string; sessionId: string; kind: 'csv' | 'json' } | null {
  const m = SESSION_FILE.exec(name);
  if (m === null) return null;
  return { prefix: m[1]!, sessionId: m[2]!, kind: m[3] as 'csv' | 'json' };
}
