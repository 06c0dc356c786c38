/** A demo video for first runs: real footage from Debian's opencv-doc if installed, else a generated clip. */
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { MediaTools } from './media-tools';
import { lastLines } from './probe-classify';
import { runProcess } from './run-process';

export interface DemoClip {
  path: string;
  source: 'opencv-doc' | 'generated';
  description: string;
}

export const OPENCV_VTEST_PATH = '/usr/share/doc/opencv-doc/examples/data/vtest.avi';
const VTEST_DESCRIPTION =
  'PETS 2009 S2.L1 (OpenCV vtest.avi from Debian opencv-doc): outdoor walkway, static elevated camera, pedestrians, 768x576, 10 fps';
const GENERATED_DESCRIPTION = 'generated test pattern (ffmpeg testsrc2), H.264 640x360, 10 fps, 20 s: no real footage was found';

export interface ResolveDemoClipOptions {
  /** Real clips to try, in order; default [OPENCV_VTEST_PATH]. */
  candidates?: readonly string[];
  /** Limit for generating the fallback clip; default 120 s. */
  timeoutMs?: number;
}

async function nonEmptyFile(file: string): Promise<boolean> {
  try {
    const info = await stat(file);
    return info.isFile() && info.size > 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return false;
    throw err;
  }
}

/** The ffmpeg arguments that write the fallback clip to `out`. */
export function generatedDemoArgs(out: string): string[] {
  return [
    '-nostdin', '-y', '-v', 'error',
    '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=10',
    '-t', '20',
    '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-g', '20',
    '-movflags', '+faststart',
    '-f', 'mp4', out,
  ];
}

export async function resolveDemoClip(
  dataDir: string,
  tools: Pick<MediaTools, 'ffmpeg'>,
  opts: ResolveDemoClipOptions = {},
): Promise<DemoClip> {
  for (const candidate of opts.candidates ?? [OPENCV_VTEST_PATH]) {
    if (await nonEmptyFile(candidate)) return { path: candidate, source: 'opencv-doc', description: VTEST_DESCRIPTION };
  }
  const dir = path.join(dataDir, 'demo');
  const out = path.join(dir, 'generated-demo.mp4');
  if (await nonEmptyFile(out)) return { path: out, source: 'generated', description: GENERATED_DESCRIPTION };
  await mkdir(dir, { recursive: true });
  // Write beside the target and rename, so a crash or a concurrent caller never sees half a file.
  const partial = path.join(dir, `.generated-demo.${process.pid}.${randomUUID()}.mp4`);
  const run = await runProcess(tools.ffmpeg, generatedDemoArgs(partial), { timeoutMs: opts.timeoutMs ?? 120_000 });
  if (run.exitCode !== 0 || !(await nonEmptyFile(partial))) {
    await rm(partial, { force: true });
    const why = run.spawnError ?? (run.timedOut ? 'timed out' : lastLines(run.stderr, 3) || `exit ${String(run.exitCode)}`);
    throw new Error(`Could not generate the demo clip ${out} with ffmpeg: ${why}`);
  }
  await rename(partial, out);
  return { path: out, source: 'generated', description: GENERATED_DESCRIPTION };
}
