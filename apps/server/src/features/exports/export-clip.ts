/**
 * Making one MP4 clip out of recorded segments with ffmpeg: the concat demuxer over the segment files, stream copy
 * (or a transcode with a burned-in watermark), cut on key frames. Planning the cut is pure; running ffmpeg reports
 * progress from `-progress`.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { runProcess } from '@argus/media';
import type { BlobStore } from '../../adapters/blob/blob-store';
import type { Segment } from '../recordings/segment-index.repo';

/** Copies a segment out of the blob store into a local file, checking it against the SHA-256 recorded at ingest. */
export async function fetchVerifiedSegment(blobs: BlobStore, seg: Segment, file: string): Promise<void> {
  const source = await blobs.stream(seg.storageKey);
  if (!source) throw new Error(`segment ${seg.id} is missing from storage`);
  const hash = createHash('sha256');
  source.on('data', (chunk: Buffer) => hash.update(chunk));
  await pipeline(source, createWriteStream(file));
  if (hash.digest('hex') !== seg.sha256) throw new Error(`segment ${seg.id} does not match its recorded SHA-256: the stored video was changed or damaged`);
}

export interface KeyframeInfo {
  /** pts of the first video packet, seconds (segments of one run continue the run's timestamps). */
  firstPtsS: number;
  /** pts of every video key frame, seconds, ascending. */
  keyframesS: number[];
}

export async function probeKeyframes(ffprobe: string, file: string, timeoutMs = 60_000): Promise<KeyframeInfo> {
  const r = await runProcess(ffprobe, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0', file], { timeoutMs });
  if (r.exitCode !== 0) throw new Error(`ffprobe could not read the key frames of a segment: ${r.stderr.trim().slice(-300)}`);
  let first = Number.POSITIVE_INFINITY;
  const keyframes: number[] = [];
  for (const line of r.stdout.split('\n')) {
    const [pts, flags] = line.trim().split(',');
    const t = Number(pts);
    if (!pts || !Number.isFinite(t)) continue;
    first = Math.min(first, t);
    if (flags?.includes('K')) keyframes.push(t);
  }
  if (!Number.isFinite(first)) throw new Error('the segment holds no video packets');
  keyframes.sort((a, b) => a - b);
  return { firstPtsS: first, keyframesS: keyframes };
}

export interface CutInput {
  file: string;
  startMs: number;
  endMs: number;
  /** Needed for the first and the last segment only. */
  keyframes?: KeyframeInfo;
}

export interface ConcatEntry {
  file: string;
  inpointS?: number;
  outpointS?: number;
  /**
   * How much of the file the clip uses, in seconds. Given explicitly because the MP4 demuxer reports the end
   * timestamp of a fragmented segment whose timestamps continue its run's as its duration, and the concat demuxer
   * would place the next file that far later.
   */
  durationS?: number;
}

export interface CutPlan {
  entries: ConcatEntry[];
  actualStartMs: number;
  actualEndMs: number;
}

/**
 * Where to cut: from the last key frame at or before `fromMs` in the first segment to the first key frame at or after
 * `toMs` in the last one (or the segment's end). Stream copy can only start on a key frame; the clip therefore covers
 * [actualStartMs, actualEndMs) ⊇ [fromMs, toMs) as far as recorded.
 */
export function planCut(segments: readonly CutInput[], fromMs: number, toMs: number): CutPlan {
  if (segments.length === 0) throw new Error('nothing to cut');
  const entries: ConcatEntry[] = segments.map((s) => ({ file: s.file, durationS: (s.endMs - s.startMs) / 1000 }));
  const first = segments[0] as CutInput;
  const last = segments[segments.length - 1] as CutInput;
  const wall = (s: CutInput, pts: number) => s.startMs + Math.round((pts - (s.keyframes?.firstPtsS ?? 0)) * 1000);
  let actualStartMs = first.startMs;
  let inpoint: number | undefined;
  if (first.keyframes && fromMs > first.startMs) {
    const before = first.keyframes.keyframesS.filter((k) => wall(first, k) <= fromMs);
    const k = before[before.length - 1];
    if (k !== undefined && k > first.keyframes.firstPtsS) {
      inpoint = k;
      actualStartMs = wall(first, k);
      (entries[0] as ConcatEntry).inpointS = k;
      (entries[0] as ConcatEntry).durationS = (first.endMs - actualStartMs) / 1000;
    }
  }
  let actualEndMs = last.endMs;
  if (last.keyframes && toMs < last.endMs) {
    const k = last.keyframes.keyframesS.find((x) => wall(last, x) >= toMs && (last !== first || inpoint === undefined || x > inpoint));
    if (k !== undefined && wall(last, k) > (last === first ? actualStartMs : last.startMs)) {
      actualEndMs = wall(last, k);
      const entry = entries[entries.length - 1] as ConcatEntry;
      entry.outpointS = k;
      delete entry.durationS;
    }
  }
  return { entries, actualStartMs, actualEndMs };
}

const quote = (file: string): string => `'${file.replace(/'/g, "'\\''")}'`;

/** The ffconcat script for the plan (paths are absolute; `-safe 0`). */
export function concatScript(entries: readonly ConcatEntry[]): string {
  const lines = ['ffconcat version 1.0'];
  for (const e of entries) {
    lines.push(`file ${quote(e.file)}`);
    if (e.inpointS !== undefined) lines.push(`inpoint ${e.inpointS.toFixed(6)}`);
    if (e.outpointS !== undefined) lines.push(`outpoint ${e.outpointS.toFixed(6)}`);
    if (e.durationS !== undefined) lines.push(`duration ${e.durationS.toFixed(6)}`);
  }
  return `${lines.join('\n')}\n`;
}

const DEFAULT_FONTS = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf'];

/**
 * A value inside a filter option, escaped for both levels ffmpeg parses: quoted for the option parser, then the
 * filter-graph specials backslash-escaped.
 */
const filterValue = (v: string): string => {
  const quoted = `'${v.replace(/'/g, "'\\''")}'`;
  return quoted.replace(/[\\'[\],;]/g, (c) => `\\${c}`);
};

/**
 * drawtext filters: the static lines (camera, user, export time) from a text file, and the recording time of each
 * frame (the clip's pts plus its start, UTC).
 */
export function watermarkFilter(opts: { textFile: string; startMs: number; fontFile?: string }): string {
  const font = opts.fontFile ?? DEFAULT_FONTS.find((f) => existsSync(f));
  const fontPart = font ? `fontfile=${filterValue(font)}:` : '';
  const common = `${fontPart}fontcolor=white:fontsize=h/28:box=1:boxcolor=black@0.55:boxborderw=6`;
  const offset = (opts.startMs / 1000).toFixed(3);
  return [
    `drawtext=${common}:textfile=${filterValue(opts.textFile)}:x=10:y=10`,
    `drawtext=${common}:text=${filterValue(`%{pts:gmtime:${offset}} UTC`)}:x=10:y=h-th-12`,
  ].join(',');
}

export interface RunExportOptions {
  ffmpeg: string;
  concatFile: string;
  output: string;
  /** Expected duration of the output, for progress. */
  durationMs: number;
  watermark?: { textFile: string; startMs: number; fontFile?: string };
  timeoutMs: number;
  onProgress(fraction: number): void;
  signal?: AbortSignal;
}

/** Runs ffmpeg to completion; rejects with ffmpeg's complaint. The child never outlives the call. */
export function runExportFfmpeg(o: RunExportOptions): Promise<void> {
  const codec = o.watermark
    ? ['-vf', watermarkFilter(o.watermark), '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p', '-c:a', 'copy']
    : ['-c', 'copy'];
  const args = [
    '-hide_banner', '-nostdin', '-v', 'error', '-nostats', '-progress', 'pipe:1',
    '-f', 'concat', '-safe', '0', '-i', o.concatFile,
    '-map', '0:v:0', '-map', '0:a?', ...codec,
    '-movflags', '+faststart', '-f', 'mp4', '-y', o.output,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(o.ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let buffered = '';
    let settled = false;
    const kill = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    const timer = setTimeout(() => {
      stderr += `\nexport stopped after ${Math.round(o.timeoutMs / 1000)} s`;
      kill();
    }, o.timeoutMs);
    const onAbort = () => {
      stderr += '\nexport cancelled';
      kill();
    };
    o.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^out_time_(?:us|ms)=(\d+)/.exec(line);
        if (m?.[1] && o.durationMs > 0) o.onProgress(Math.min(1, Number(m[1]) / 1000 / o.durationMs));
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-8192);
    });
    const finish = (err: Error | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve();
    };
    child.once('error', (err) => finish(new Error(`cannot run ffmpeg: ${err.message}`)));
    child.once('close', (code, signal) => {
      if (code === 0) finish(null);
      else finish(new Error(`ffmpeg failed (${signal ?? `exit ${String(code)}`}): ${stderr.trim().split('\n').slice(-3).join(' | ') || 'no message'}`));
    });
  });
}
