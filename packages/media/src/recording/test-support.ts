/**
 * Helpers for the recording tests (and the recording benchmark): real clips cut once and cached, a recorder that
 * collects what it hands over, child processes from /proc, ffprobe checks and condition waits.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MediaTools } from '../media-tools';
import { lastLines } from '../probe-classify';
import { runProcess } from '../run-process';
import { resolveMediaTarget } from '../source-url';
import { requireSharedFile } from '../testing/shared-data';
import { buildRecorderArgs } from './ffmpeg-args';
import { SourceRecorder, type SourceRecorderDeps } from './source-recorder';
import type { ClosedSegment, RecorderOptions, RecorderState } from './types';
import { sessionPaths } from './work-dir-layout';

/** A shared dataset file, or why the test is skipped (in CI a missing file throws, see requireSharedFile). */
export function sharedClip(relPath: string): { file?: string; skip?: string } {
  let skip: string | undefined;
  const file = requireSharedFile(relPath, { skip: (message) => (skip = message) });
  return file === undefined ? { skip: skip ?? `missing ${relPath}` } : { file };
}

export const CLIP_CACHE_DIR = path.join(tmpdir(), 'argus-recording-test-clips');

export interface ClipSpec {
  source: string;
  seconds: number;
  /** Output size, e.g. "640:360"; omitted: the source's. */
  scale?: string;
  fps: number;
  /** Keep the source's first audio stream (copied). */
  audio: boolean;
  startS?: number;
}

/** H.264 without B-frames, a key frame every second (like an IP camera); cached by source file and spec. */
export async function cachedClip(tools: Pick<MediaTools, 'ffmpeg'>, spec: ClipSpec): Promise<string> {
  const info = await stat(spec.source);
  const key = createHash('sha256').update(JSON.stringify({ ...spec, size: info.size, mtime: info.mtimeMs, v: 1 })).digest('hex').slice(0, 16);
  const out = path.join(CLIP_CACHE_DIR, `${path.basename(spec.source, path.extname(spec.source))}-${key}.mp4`);
  if (existsSync(out)) return out;
  await mkdir(CLIP_CACHE_DIR, { recursive: true });
  const temp = `${out}.${process.pid}.tmp.mp4`;
  const args = [
    '-nostdin', '-y', '-v', 'error',
    ...(spec.startS !== undefined ? ['-ss', String(spec.startS)] : []),
    '-i', spec.source, '-t', String(spec.seconds),
    '-map', '0:v:0', ...(spec.audio ? ['-map', '0:a:0', '-c:a', 'copy'] : ['-an']),
    ...(spec.scale !== undefined ? ['-vf', `scale=${spec.scale}`] : []),
    '-c:v', 'libx264', '-preset', 'veryfast', '-bf', '0', '-g', String(spec.fps), '-pix_fmt', 'yuv420p',
    '-f', 'mp4', temp,
  ];
  const run = await runProcess(tools.ffmpeg, args, { timeoutMs: 120_000 });
  if (run.exitCode !== 0) throw new Error(`cannot cut a clip from ${spec.source}: ${lastLines(run.stderr, 3)}`);
  await rename(temp, out);
  return out;
}

export interface ProcInfo {
  pid: number;
  ppid: number;
  comm: string;
  /** R, S, D, Z (zombie), … */
  state: string;
  /** utime + stime in clock ticks. */
  cpuTicks: number;
}

export async function readProcStat(pid: number): Promise<ProcInfo | null> {
  let text: string;
  try {
    text = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null; // the process is gone
  }
  const close = text.lastIndexOf(')');
  const comm = text.slice(text.indexOf('(') + 1, close);
  const fields = text.slice(close + 2).split(' ');
  return {
    pid,
    comm,
    state: fields[0] ?? '?',
    ppid: Number(fields[1]),
    cpuTicks: Number(fields[11]) + Number(fields[12]),
  };
}

/** Every process whose parent is `parent` (default: this process), zombies included. */
export async function childProcesses(parent = process.pid): Promise<ProcInfo[]> {
  const out: ProcInfo[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const info = await readProcStat(Number(name));
    if (info !== null && info.ppid === parent) out.push(info);
  }
  return out;
}

/** ffmpeg children of this process (alive or zombie), optionally only those whose command line contains `match`. */
export async function ffmpegChildren(match?: string): Promise<ProcInfo[]> {
  const found = (await childProcesses()).filter((p) => p.comm === 'ffmpeg' || p.comm === 'setpriv');
  if (match === undefined) return found;
  const out: ProcInfo[] = [];
  for (const p of found) {
    const cmdline = await readFile(`/proc/${p.pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(match)) out.push(p);
  }
  return out;
}

/** Polls `check` until it returns a value other than undefined/false, or throws after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs: number, intervalMs = 100): Promise<Exclude<T, false | undefined>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value as Exclude<T, false | undefined>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export interface ProbedSegment {
  packets: number;
  keyFirst: boolean;
  durationS: number;
  codec: string;
  width: number;
  height: number;
  audio: boolean;
  stderr: string;
}

/** Reads every packet of a file with ffprobe (fails the caller when ffprobe complains). */
export async function probeSegment(tools: Pick<MediaTools, 'ffprobe'>, file: string): Promise<ProbedSegment> {
  const run = await runProcess(
    tools.ffprobe,
    ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name,width,height:packet=stream_index,flags,duration_time:format=duration', '-of', 'json', file],
    { timeoutMs: 30_000 },
  );
  if (run.exitCode !== 0) throw new Error(`ffprobe ${file}: ${run.stderr}`);
  const data = JSON.parse(run.stdout) as {
    streams: { codec_type: string; codec_name: string; width?: number; height?: number }[];
    packets: { stream_index: number; flags: string }[];
    format: { duration: string };
  };
  const video = data.streams.findIndex((s) => s.codec_type === 'video');
  const vpk = data.packets.filter((p) => p.stream_index === video);
  const v = data.streams[video];
  return {
    packets: vpk.length,
    keyFirst: vpk[0]?.flags.startsWith('K') === true,
    durationS: Number(data.format.duration),
    codec: v?.codec_name ?? '',
    width: v?.width ?? 0,
    height: v?.height ?? 0,
    audio: data.streams.some((s) => s.codec_type === 'audio'),
    stderr: run.stderr,
  };
}

export interface Collected {
  recorder: SourceRecorder;
  segments: ClosedSegment[];
  states: (RecorderState & { at: number })[];
  /** Where the "consumer" moved the handed-over files. */
  storeDir: string;
}

/** A recorder whose consumer moves each segment into `${workDir}-store` and keeps its record. */
export async function collectingRecorder(
  opts: Omit<RecorderOptions, 'onSegment' | 'onState'> & { onSegment?: (s: ClosedSegment) => Promise<void> },
  deps: SourceRecorderDeps,
): Promise<Collected> {
  const storeDir = `${opts.workDir}-store`;
  await mkdir(storeDir, { recursive: true });
  const segments: ClosedSegment[] = [];
  const states: (RecorderState & { at: number })[] = [];
  const recorder = new SourceRecorder(
    {
      ...opts,
      async onSegment(segment) {
        await opts.onSegment?.(segment);
        const moved = path.join(storeDir, path.basename(segment.file));
        await rename(segment.file, moved);
        segments.push({ ...segment, file: moved });
      },
      onState(state) {
        states.push({ ...state, at: Date.now() });
      },
    },
    deps,
  );
  return { recorder, segments, states, storeDir };
}

/** Gaps between consecutive segments (ms; negative = overlap), with whether the pair spans two sessions. */
export function segmentGaps(segments: readonly ClosedSegment[]): { gapMs: number; newSession: boolean; at: number }[] {
  const out: { gapMs: number; newSession: boolean; at: number }[] = [];
  for (let i = 1; i < segments.length; i += 1) {
    const prev = segments[i - 1]!;
    const next = segments[i]!;
    out.push({ gapMs: next.startMs - (prev.startMs + prev.durationMs), newSession: next.sessionId !== prev.sessionId, at: next.startMs });
  }
  return out;
}

/**
 * Runs ffmpeg with the recorder's own arguments, without the recorder (as a crashed server would have left it),
 * so crash recovery can be tested on what the real recorder writes.
 */
export function spawnBareRecorderFfmpeg(
  tools: Pick<MediaTools, 'ffmpeg'>,
  opts: { url: string; workDir: string; sourceId: string; sessionId: string; segmentSeconds: number; loopFiles?: boolean },
): { pid: number; exited: Promise<void> } {
  const resolved = resolveMediaTarget(opts.url);
  if (!resolved.ok) throw new Error(resolved.message);
  const args = buildRecorderArgs({
    target: resolved.target,
    segmentSeconds: opts.segmentSeconds,
    ioTimeoutMs: 5_000,
    loopFiles: opts.loopFiles ?? true,
    audio: 'copy',
    paths: sessionPaths(opts.workDir, opts.sourceId, opts.sessionId),
  });
  const child = spawn(tools.ffmpeg, args, { stdio: ['ignore', 'ignore', 'ignore'], detached: true });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  if (child.pid === undefined) throw new Error('ffmpeg did not start');
  return { pid: child.pid, exited };
}
