/**
 * Start-up after a crash (the server or ffmpeg killed with -9, power kept): finds every segment of a source left in
 * the work folder and returns the usable ones, oldest first, for the caller to index and move like any other.
 * - A recorder still running from the crashed server (it outlives its parent without setpriv) is stopped first:
 *   SIGTERM to its process group (it finalises its segment), SIGKILL after a grace period.
 * - Segments ffmpeg listed as closed are checked from their boxes and returned with recovered=false.
 * - A segment it never listed (the one in progress) is truncated after its last complete moof+mdat pair, checked
 *   with ffprobe and returned with recovered=true; a file with nothing complete in it is deleted.
 * - Times: wall-clock anchor from the session record when there is one, else from the files' mtimes (see
 *   anchorFromFileTime), plus each segment's decode time (tfdt) and sample durations.
 * - Session records and lists whose segments are all gone are deleted.
 * Delivery is at-least-once: a segment handed over just before the crash but not yet moved is offered again
 * (same sessionId and sequence, same sha256), so the consumer's index should ignore duplicates.
 */
import { readFile, readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { findMediaTools, type MediaTools } from '../media-tools';
import { signalGroup } from './child-process-group';
import { STREAM_TIME_OFFSET_S } from './ffmpeg-args';
import { SegmentListParser } from './segment-list';
import { anchorFromFileTime, type InspectedSegment, inspectSegmentFile, repairSegmentFile, toClosedSegment } from './segment-file';
import { readSessionRecord, type SessionRecord } from './session-record';
import type { ClosedSegment } from './types';
import { parseSegmentFileName, parseSessionFileName, sessionPaths, sourcePrefix } from './work-dir-layout';

export interface RecoverOptions {
  tools?: Pick<MediaTools, 'ffprobe'>;
  /** Grace between SIGTERM and SIGKILL for a leftover ffmpeg; default 5 s. */
  killGraceMs?: number;
}

export interface RecoveryReport {
  segments: ClosedSegment[];
  /** Files deleted because nothing usable was in them, with why. */
  discarded: { file: string; reason: string }[];
  /** Leftover ffmpeg processes that were stopped. */
  stoppedPids: number[];
}

interface SessionFiles {
  sessionId: string;
  segments: { file: string; sequence: number }[];
  hasList: boolean;
  hasRecord: boolean;
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when /proc says `pid` is an ffmpeg writing this session (so a reused pid is never signalled). */
async function isSessionProcess(pid: number, listFile: string): Promise<boolean> {
  try {
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    return cmdline.some((arg) => path.basename(arg).startsWith('ffmpeg')) && cmdline.includes(listFile);
  } catch {
    return false; // no such process (or no /proc): nothing to stop
  }
}

async function stopLeftover(record: SessionRecord, listFile: string, graceMs: number): Promise<boolean> {
  const pid = record.pid;
  if (pid === null || !(await isSessionProcess(pid, listFile))) return false;
  signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isProcessAlive(pid) && (await isSessionProcess(pid, listFile))) {
    if (Date.now() > deadline) {
      signalGroup(pid, 'SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 100));
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

async function listedNames(listFile: string): Promise<Set<string>> {
  try {
    return new Set(SegmentListParser.parseAll(await readFile(listFile, 'utf8')).map((e) => path.basename(e.name)));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
    throw err;
  }
}

async function groupSessions(workDir: string, prefix: string): Promise<Map<string, SessionFiles>> {
  const sessions = new Map<string, SessionFiles>();
  const get = (sessionId: string): SessionFiles => {
    let entry = sessions.get(sessionId);
    if (entry === undefined) {
      entry = { sessionId, segments: [], hasList: false, hasRecord: false };
      sessions.set(sessionId, entry);
    }
    return entry;
  };
  for (const name of await readdir(workDir)) {
    const segment = parseSegmentFileName(name);
    if (segment !== null && segment.prefix === prefix) {
      get(segment.sessionId).segments.push({ file: path.join(workDir, name), sequence: segment.sequence });
      continue;
    }
    const journal = parseSessionFileName(name);
    if (journal !== null && journal.prefix === prefix) {
      if (journal.kind === 'csv') get(journal.sessionId).hasList = true;
      else get(journal.sessionId).hasRecord = true;
    } else if (name.startsWith(`${prefix}.`) && name.endsWith('.json.tmp')) {
      await unlink(path.join(workDir, name)).catch(() => undefined); // a record write cut short
    }
  }
  for (const entry of sessions.values()) entry.segments.sort((a, b) => a.sequence - b.sequence);
  return sessions;
}

export async function recoverWorkDir(workDir: string, sourceId: string, opts: RecoverOptions = {}): Promise<RecoveryReport> {
  const report: RecoveryReport = { segments: [], discarded: [], stoppedPids: [] };
  const dir = path.resolve(workDir);
  const prefix = sourcePrefix(sourceId);
  let sessions: Map<string, SessionFiles>;
  try {
    sessions = await groupSessions(dir, prefix);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return report;
    throw err;
  }
  let tools = opts.tools;
  for (const session of sessions.values()) {
    const paths = sessionPaths(dir, sourceId, session.sessionId);
    const record = session.hasRecord ? await readSessionRecord(paths.sessionRecord) : null;
    if (record !== null && (await stopLeftover(record, paths.segmentList, opts.killGraceMs ?? 5_000))) {
      report.stoppedPids.push(record.pid!);
      const reread = await groupSessions(dir, prefix); // it may have finished its segment and listed it meanwhile
      session.segments = reread.get(session.sessionId)?.segments ?? [];
    }
    const listed = await listedNames(paths.segmentList);
    const offset = record?.streamOffsetS ?? STREAM_TIME_OFFSET_S;
    const usable: { inspected: InspectedSegment; sequence: number; recovered: boolean }[] = [];
    for (const { file, sequence } of session.segments) {
      const inspected = await inspectSegmentFile(file);
      if (listed.has(path.basename(file)) && inspected.analysis.valid) {
        usable.push({ inspected, sequence, recovered: false });
        continue;
      }
      tools ??= await findMediaTools();
      const outcome = await repairSegmentFile(file, tools);
      if (outcome.kind === 'discarded') report.discarded.push({ file, reason: outcome.reason });
      else usable.push({ inspected: outcome.segment, sequence, recovered: true });
    }
    let anchorMs = record?.anchorMs ?? null;
    if (anchorMs === null) {
      const estimates: number[] = [];
      for (const u of usable) {
        const estimate = await anchorFromFileTime(u.inspected, offset);
        if (estimate !== null) estimates.push(estimate);
      }
      anchorMs = estimates.length > 0 ? Math.min(...estimates) : null;
    }
    for (const u of usable) {
      const segment =
        anchorMs === null
          ? null
          : toClosedSegment(u.inspected, { sourceId, sessionId: session.sessionId, sequence: u.sequence, recovered: u.recovered }, anchorMs, offset);
      if (segment === null) {
        await unlink(u.inspected.file);
        report.discarded.push({ file: u.inspected.file, reason: 'no timed video samples' });
      } else report.segments.push(segment);
    }
    if (usable.length === 0) {
      for (const file of [paths.segmentList, paths.sessionRecord]) {
        await unlink(file).catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'ENOENT') throw err;
        });
      }
    }
  }
  report.segments.sort((a, b) => a.startMs - b.startMs || a.sequence - b.sequence);
  return report;
}
