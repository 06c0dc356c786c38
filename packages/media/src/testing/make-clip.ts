/** Test helper: cut a short clip of real footage with ffmpeg (re-encoded, so it starts on a key frame). */
import type { MediaTools } from '../media-tools';
import { lastLines } from '../probe-classify';
import { runProcess } from '../run-process';

export interface MakeClipOptions {
  source: string;
  out: string;
  seconds: number;
  /** 'h264': libx264 without B-frames, a key frame every second (like an IP camera). 'mpeg4': MPEG-4 part 2 in AVI. */
  codec: 'h264' | 'mpeg4';
  startS?: number;
  /** H.264 slices per frame (some cameras send several); default 1. */
  slices?: number;
  timeoutMs?: number;
}

export function makeClipArgs(opts: MakeClipOptions, fps: number): string[] {
  const codec =
    opts.codec === 'h264'
      ? ['-c:v', 'libx264', '-preset', 'veryfast', '-bf', '0', '-g', String(Math.max(1, Math.round(fps))), '-pix_fmt', 'yuv420p',
          ...(opts.slices !== undefined && opts.slices > 1 ? ['-x264-params', `slices=${opts.slices}`] : [])]
      : ['-c:v', 'mpeg4', '-q:v', '5'];
  return [
    '-nostdin', '-y', '-v', 'error',
    ...(opts.startS !== undefined ? ['-ss', String(opts.startS)] : []),
    '-i', opts.source,
    '-t', String(opts.seconds),
    '-map', '0:v:0', '-an',
    ...codec,
    '-f', opts.codec === 'h264' ? 'mp4' : 'avi',
    opts.out,
  ];
}

/** Writes the clip; `fps` is the source's frame rate (sets the key-frame interval of H.264 clips). */
export async function makeTestClip(tools: Pick<MediaTools, 'ffmpeg'>, opts: MakeClipOptions, fps = 12): Promise<string> {
  const run = await runProcess(tools.ffmpeg, makeClipArgs(opts, fps), { timeoutMs: opts.timeoutMs ?? 60_000 });
  if (run.exitCode !== 0) {
    throw new Error(`ffmpeg could not cut ${opts.source} into ${opts.out}: ${run.spawnError ?? lastLines(run.stderr, 3)}`);
  }
  return opts.out;
}
