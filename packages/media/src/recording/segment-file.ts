/**
 * A finished segment on disk: read it once (SHA-256 and box analysis over the same bytes), repair a file cut short
 * by a crash (truncate after its last complete moof+mdat pair, then check it with ffprobe), and turn it into the
 * ClosedSegment handed to the server.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { stat, truncate, unlink } from 'node:fs/promises';
import type { MediaTools } from '../media-tools';
import { lastLines } from '../probe-classify';
import { runProcess } from '../run-process';
import { codecName } from './mp4-boxes';
import { type SegmentAnalysis, type SegmentTrackSummary, analyzeSegment } from './segment-analysis';
import type { ClosedSegment } from './types';

/** Segments are short; a larger file is not one of ours (and would not be read into memory). */
export const MAX_SEGMENT_BYTES = 512 * 1024 * 1024;

export interface InspectedSegment {
  file: string;
  sizeBytes: number;
  sha256: string;
  analysis: SegmentAnalysis;
}

/**
 * Read buffers are reused across segments (and recorders): a fresh multi-megabyte Buffer per segment costs page
 * faults on every read. At most POOL_SIZE buffers are kept; none larger than POOL_MAX_BYTES.
 */
const POOL_SIZE = 4;
const POOL_MAX_BYTES = 32 * 1024 * 1024;
const INITIAL_READ_BYTES = 1024 * 1024;
const pool: Buffer[] = [];

function acquire(minBytes: number): Buffer {
  const i = pool.findIndex((b) => b.length >= minBytes);
  if (i >= 0) return pool.splice(i, 1)[0]!;
  return Buffer.allocUnsafeSlow(Math.max(minBytes, INITIAL_READ_BYTES));
}

function release(buf: Buffer): void {
  if (buf.length > POOL_MAX_BYTES) return;
  pool.push(buf);
  pool.sort((a, b) => a.length - b.length);
  if (pool.length > POOL_SIZE) pool.shift();
}

/**
 * Reads a whole file with few system calls (open, read until a short read, close; no fstat), hands the bytes to
 * `use` and recycles the buffer afterwards: `use` must not keep a reference to them. The reads are synchronous: a
 * finished segment (a few MB at most, just written, so in the page cache) is copied in ≈ 0.1 ms of CPU, where the
 * same three calls through libuv's thread pool cost ≈ 0.4 ms (measured on 1.3 MB, see docs/operations.md).
 */
function withFileBytes<T>(file: string, use: (bytes: Buffer) => T): T {
  const fd = openSync(file, 'r');
  let buf = acquire(INITIAL_READ_BYTES);
  try {
    let filled = 0;
    for (;;) {
      if (filled === buf.length) {
        if (buf.length >= MAX_SEGMENT_BYTES) throw new Error(`${file} is larger than a segment can be (${MAX_SEGMENT_BYTES} bytes)`);
        const bigger = acquire(buf.length * 2);
        buf.copy(bigger, 0, 0, filled);
        release(buf);
        buf = bigger;
      }
      const bytesRead = readSync(fd, buf, filled, buf.length - filled, filled);
      filled += bytesRead;
      if (bytesRead === 0 || filled < buf.length) break; // a short read of a regular file: the end
    }
    return use(buf.subarray(0, filled));
  } finally {
    release(buf);
    closeSync(fd);
  }
}

/** Reads a segment once: its SHA-256 and its box analysis come from the same bytes. */
export async function inspectSegmentFile(file: string): Promise<InspectedSegment> {
  return withFileBytes(file, (bytes) => ({
    file,
    sizeBytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    analysis: analyzeSegment(bytes),
  }));
}

/** The video track of an analysed segment, when it has one with samples. */
export function videoTrack(analysis: SegmentAnalysis): SegmentTrackSummary | null {
  return analysis.tracks.find((t) => t.handler === 'vide' && t.sampleCount > 0 && t.firstDecodeTime !== null) ?? null;
}

export interface SegmentStreamTimes {
  /** Stream time (s) of the first video sample's decode time, offset removed. */
  startS: number;
  endS: number;
}

export function segmentStreamTimes(analysis: SegmentAnalysis, streamOffsetS: number): SegmentStreamTimes | null {
  const video = videoTrack(analysis);
  if (video === null || video.firstDecodeTime === null) return null;
  const startS = video.firstDecodeTime / video.timescale - streamOffsetS;
  return { startS, endS: startS + video.duration / video.timescale };
}

export interface ValidationResult {
  ok: boolean;
  detail: string;
}

/**
 * ffprobe reads every packet of the file (demux only: a stream copy does not change the coded data) and must find
 * as many video packets as the boxes say, without an error.
 */
export async function validateWithFfprobe(
  tools: Pick<MediaTools, 'ffprobe'>,
  file: string,
  expectedVideoPackets: number,
): Promise<ValidationResult> {
  const run = await runProcess(
    tools.ffprobe,
    ['-v', 'error', '-select_streams', 'v:0', '-count_packets', '-show_entries', 'stream=codec_name,nb_read_packets', '-of', 'json', file],
    { timeoutMs: 30_000 },
  );
  if (run.exitCode !== 0 || run.stderr.trim() !== '') {
    return { ok: false, detail: lastLines(run.stderr, 3) || `ffprobe exit ${String(run.exitCode)}` };
  }
  try {
    const data = JSON.parse(run.stdout) as { streams?: { nb_read_packets?: string }[] };
    const packets = Number(data.streams?.[0]?.nb_read_packets);
    if (packets !== expectedVideoPackets) return { ok: false, detail: `ffprobe read ${packets} video packets, the boxes say ${expectedVideoPackets}` };
    return { ok: true, detail: '' };
  } catch (err) {
    return { ok: false, detail: `unreadable ffprobe output: ${(err as Error).message}` };
  }
}

export type RepairOutcome =
  | { kind: 'intact'; segment: InspectedSegment }
  | { kind: 'repaired'; segment: InspectedSegment; removedBytes: number }
  | { kind: 'discarded'; reason: string };

/**
 * Makes a segment whose writer died safe to hand over: keeps ftyp+moov and every complete moof+mdat pair, cuts
 * the rest, and checks the result with ffprobe. A file without one complete fragment, or one that ffprobe still
 * rejects, is deleted (never handed over broken).
 */
export async function repairSegmentFile(file: string, tools: Pick<MediaTools, 'ffprobe'>): Promise<RepairOutcome> {
  let inspected = await inspectSegmentFile(file);
  const { analysis } = inspected;
  let removedBytes = 0;
  const discard = async (reason: string): Promise<RepairOutcome> => {
    await unlink(file).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    return { kind: 'discarded', reason };
  };
  if (analysis.movie === null || analysis.fragments.length === 0 || videoTrack(analysis) === null) {
    return discard(analysis.problems.join('; ') || 'no complete fragment with video');
  }
  if (!analysis.valid) {
    removedBytes = inspected.sizeBytes - analysis.completeEnd;
    await truncate(file, analysis.completeEnd);
    inspected = await inspectSegmentFile(file);
    if (!inspected.analysis.valid) return discard(`still invalid after truncation: ${inspected.analysis.problems.join('; ')}`);
  }
  const video = videoTrack(inspected.analysis);
  const check = await validateWithFfprobe(tools, file, video?.sampleCount ?? -1);
  if (!check.ok) return discard(`ffprobe rejects it: ${check.detail}`);
  return removedBytes > 0 ? { kind: 'repaired', segment: inspected, removedBytes } : { kind: 'intact', segment: inspected };
}

export interface SegmentIdentity {
  sourceId: string;
  sessionId: string;
  sequence: number;
  recovered: boolean;
}

/**
 * Builds the ClosedSegment. Start and end are rounded to whole ms from the exact stream times, so within a run
 * `next.startMs === prev.startMs + prev.durationMs`.
 */
export function toClosedSegment(
  inspected: InspectedSegment,
  id: SegmentIdentity,
  anchorMs: number,
  streamOffsetS: number,
): ClosedSegment | null {
  const times = segmentStreamTimes(inspected.analysis, streamOffsetS);
  const video = videoTrack(inspected.analysis);
  if (times === null || video === null) return null;
  const startMs = Math.round(anchorMs + times.startS * 1000);
  const endMs = Math.round(anchorMs + times.endS * 1000);
  return {
    sourceId: id.sourceId,
    file: inspected.file,
    startMs,
    durationMs: endMs - startMs,
    sizeBytes: inspected.sizeBytes,
    initSize: inspected.analysis.initSize,
    videoCodec: codecName(video.sampleEntry),
    width: video.width,
    height: video.height,
    hasAudio: inspected.analysis.tracks.some((t) => t.handler === 'soun' && t.sampleCount > 0),
    sha256: inspected.sha256,
    sessionId: id.sessionId,
    sequence: id.sequence,
    recovered: id.recovered,
  };
}

/**
 * Without a recorded anchor: a segment file's mtime is when its last fragment was written, i.e. about when its
 * end happened, so `mtime - endS` estimates the anchor (late by at most one fragment's write delay).
 */
export async function anchorFromFileTime(inspected: InspectedSegment, streamOffsetS: number): Promise<number | null> {
  const times = segmentStreamTimes(inspected.analysis, streamOffsetS);
  if (times === null) return null;
  const info = await stat(inspected.file);
  return info.mtimeMs - times.endS * 1000;
}
