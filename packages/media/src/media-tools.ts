/** Locates ffmpeg and ffprobe: explicit paths (options, then ARGUS_FFMPEG_PATH / ARGUS_FFPROBE_PATH), else PATH. */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { runProcess } from './run-process';

export interface MediaTools {
  /** Absolute path (or the explicit path given) of the ffmpeg binary. */
  ffmpeg: string;
  /** Absolute path (or the explicit path given) of the ffprobe binary. */
  ffprobe: string;
  /** ffmpeg's version as printed by `ffmpeg -version`, e.g. "5.1.9-0+deb12u1". */
  version: string;
}

export interface FindMediaToolsOptions {
  ffmpegPath?: string;
  ffprobePath?: string;
  /** Environment to read ARGUS_FFMPEG_PATH, ARGUS_FFPROBE_PATH and PATH from; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Limit for running `ffmpeg -version`; default 10 s. */
  timeoutMs?: number;
}

export const MEDIA_TOOLS_HINT =
  'Argus needs them: on Debian run `apt-get install ffmpeg`, or set ARGUS_FFMPEG_PATH and ARGUS_FFPROBE_PATH.';

export class MediaToolsMissingError extends Error {
  readonly code = 'MEDIA_TOOLS_MISSING';
  constructor(readonly problems: readonly string[]) {
    super(`ffmpeg/ffprobe not found${problems.length > 0 ? ` (${problems.join('; ')})` : ''}. ${MEDIA_TOOLS_HINT}`);
    this.name = 'MediaToolsMissingError';
  }
}

/** The version token of the first line of `ffmpeg -version` ("ffmpeg version 5.1.9-0+deb12u1 Copyright ..."). */
export function parseFfmpegVersion(output: string): string | null {
  const match = /^\s*ff(?:mpeg|probe) version (\S+)/m.exec(output);
  return match?.[1] ?? null;
}

async function isExecutableFile(file: string): Promise<boolean> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return false;
    await access(file, constants.X_OK);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'ENOTDIR') return false;
    throw err;
  }
}

/** Finds an executable named `name` on a PATH string; null when none. */
export async function lookupOnPath(name: string, pathValue: string | undefined): Promise<string | null> {
  for (const dir of (pathValue ?? '').split(path.delimiter)) {
    if (dir.length === 0) continue;
    const candidate = path.join(dir, name);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return null;
}

async function resolveTool(
  name: 'ffmpeg' | 'ffprobe',
  explicit: string | undefined,
  envVar: string,
  env: NodeJS.ProcessEnv,
  problems: string[],
): Promise<string | null> {
  const fromEnv = env[envVar];
  const chosen = explicit ?? (fromEnv !== undefined && fromEnv !== '' ? fromEnv : undefined);
  if (chosen !== undefined) {
    if (await isExecutableFile(chosen)) return chosen;
    problems.push(`${explicit !== undefined ? `${name} path` : envVar}=${chosen} is not an executable file`);
    return null;
  }
  const found = await lookupOnPath(name, env.PATH);
  if (found === null) problems.push(`no ${name} on PATH`);
  return found;
}

/** Finds ffmpeg and ffprobe and reads ffmpeg's version; throws MediaToolsMissingError with one clear message. */
export async function findMediaTools(opts: FindMediaToolsOptions = {}): Promise<MediaTools> {
  const env = opts.env ?? process.env;
  const problems: string[] = [];
  const ffmpeg = await resolveTool('ffmpeg', opts.ffmpegPath, 'ARGUS_FFMPEG_PATH', env, problems);
  const ffprobe = await resolveTool('ffprobe', opts.ffprobePath, 'ARGUS_FFPROBE_PATH', env, problems);
  if (ffmpeg === null || ffprobe === null) throw new MediaToolsMissingError(problems);
  const run = await runProcess(ffmpeg, ['-version'], { timeoutMs: opts.timeoutMs ?? 10_000 });
  const version = run.exitCode === 0 ? parseFfmpegVersion(run.stdout) : null;
  if (version === null) {
    const why = run.spawnError ?? (run.timedOut ? 'timed out' : `exit ${String(run.exitCode)}`);
    throw new MediaToolsMissingError([`${ffmpeg} -version did not work: ${why}`]);
  }
  return { ffmpeg, ffprobe, version };
}
