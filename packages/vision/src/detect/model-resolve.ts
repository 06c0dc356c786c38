/**
 * Finds a model file, in this order:
 *   1. an explicit path (configured or --model): it must exist, there is no fallback from a wrong explicit path;
 *   2. the configured models folder, ARGUS_MODELS_DIR, and the shared mirror beside the repository
 *      (../shared/models), each holding the file under its usual name;
 *   3. the download cache (a file fetched before, re-checked against its sha256);
 *   4. the official download location, fetched into the cache and checked against the sha256 (fetch is pluggable);
 *   5. `packagedFallback`, a hook for a packaged file of the same model (YOLOX has none; the npm-shipped fallback
 *      is a different model and runtime, CenterNet on TensorFlow.js, chosen one level up in best-detector.ts);
 * otherwise a ModelError('MODEL_NOT_FOUND') that lists everything that was tried.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ModelError } from './model-errors';

/** The repository root (this file is packages/vision/src/detect/model-resolve.ts). */
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

export interface ModelSpec {
  /** Usual file name, looked up in model folders and used in the cache. */
  fileName: string;
  /** Lower-case hex sha256 of the official file. */
  sha256: string;
  /** Official download locations, tried in order. */
  urls: readonly string[];
}

/** YOLOX-Nano (Megvii YOLOX release 0.1.1rc0, Apache-2.0): 1x3x416x416 BGR 0-255 → 1x3549x85. */
export const YOLOX_NANO_MODEL: ModelSpec = Object.freeze({
  fileName: 'yolox_nano.onnx',
  sha256: 'e8af074932d4ed7e232278e3055cefcdea3edf178874a3694ae292649fb464dd',
  urls: Object.freeze(['https://github.com/Megvii-BaseDetection/YOLOX/releases/download/0.1.1rc0/yolox_nano.onnx']),
});

/** What the download step needs from `fetch` (the global fetch fits). */
export type FetchLike = (
  url: string,
  init: { signal: AbortSignal },
) => Promise<{ ok: boolean; status: number; statusText: string; arrayBuffer(): Promise<ArrayBuffer> }>;

export type ModelSource = 'path' | 'folder' | 'cache' | 'download' | 'packaged';

export interface ResolvedModel {
  path: string;
  source: ModelSource;
  /** Set when the file was checked against the spec's sha256. */
  sha256?: string;
}

export interface ResolveModelOptions {
  /** An explicit model file; when set it must exist. */
  modelPath?: string;
  /** Configured models folder (looked up before ARGUS_MODELS_DIR and the shared mirror). */
  modelsDir?: string;
  /** Where downloads go; default ARGUS_MODEL_CACHE or ~/.cache/argus/models. */
  cacheDir?: string;
  /** Default true; ARGUS_MODEL_DOWNLOAD=0 turns it off. */
  allowDownload?: boolean;
  fetch?: FetchLike;
  /** Per download; default 120 s. */
  downloadTimeoutMs?: number;
  /** Largest file accepted from a download; default 512 MiB. */
  maxDownloadBytes?: number;
  /**
   * Hook for the model that an npm dependency ships (last resort, so a fresh machine works with no download).
   * Returns a file path, or null when it has none.
   */
  packagedFallback?: (spec: ModelSpec) => Promise<string | null>;
  env?: NodeJS.ProcessEnv;
}

/** Folders searched for the model under its usual name, in order (duplicates removed). */
export function modelFolders(opts: Pick<ResolveModelOptions, 'modelsDir' | 'env'> = {}): string[] {
  const env = opts.env ?? process.env;
  const dirs = [opts.modelsDir, env.ARGUS_MODELS_DIR, path.resolve(REPO_ROOT, '../shared/models')]
    .filter((d): d is string => d !== undefined && d !== '')
    .map((d) => path.resolve(d));
  return [...new Set(dirs)];
}

export function defaultModelCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.ARGUS_MODEL_CACHE;
  return fromEnv !== undefined && fromEnv !== '' ? path.resolve(fromEnv) : path.join(os.homedir(), '.cache', 'argus', 'models');
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw err;
  }
}

function errText(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
    return `${err.message}${cause}`;
  }
  return String(err);
}

/**
 * Downloads `url` into `dest` if its sha256 matches (written to a temporary name, then renamed, so a partial or
 * wrong file never sits under the final name). Throws ModelError MODEL_DOWNLOAD or MODEL_CHECKSUM.
 */
export async function downloadVerified(
  url: string,
  dest: string,
  sha256: string,
  opts: { fetch?: FetchLike; timeoutMs?: number; maxBytes?: number } = {},
): Promise<void> {
  const fetchImpl: FetchLike = opts.fetch ?? ((u, init) => fetch(u, init));
  let bytes: Uint8Array;
  try {
    const res = await fetchImpl(url, { signal: AbortSignal.timeout(opts.timeoutMs ?? 120_000) });
    if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`.trim());
    bytes = new Uint8Array(await res.arrayBuffer());
  } catch (err) {
    throw new ModelError('MODEL_DOWNLOAD', `download of ${url} failed: ${errText(err)}`, { cause: err });
  }
  const max = opts.maxBytes ?? 512 * 1024 * 1024;
  if (bytes.length > max) throw new ModelError('MODEL_DOWNLOAD', `download of ${url}: ${bytes.length} bytes is over the limit of ${max}`);
  const got = sha256Hex(bytes);
  if (got !== sha256.toLowerCase()) {
    throw new ModelError('MODEL_CHECKSUM', `download of ${url}: sha256 mismatch, expected ${sha256.toLowerCase()}, got ${got} (${bytes.length} bytes); file discarded`);
  }
  await mkdir(path.dirname(dest), { recursive: true });
  const tmp = `${dest}.part-${process.pid}-${Date.now()}`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, dest);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

export async function resolveModel(spec: ModelSpec, opts: ResolveModelOptions = {}): Promise<ResolvedModel> {
  const env = opts.env ?? process.env;
  const tried: string[] = [];

  if (opts.modelPath !== undefined && opts.modelPath !== '') {
    const file = path.resolve(opts.modelPath);
    if (await isFile(file)) return { path: file, source: 'path' };
    throw new ModelError('MODEL_NOT_FOUND', `model ${file}: no such file (the configured model path must exist)`);
  }

  for (const dir of modelFolders({ modelsDir: opts.modelsDir, env })) {
    const file = path.join(dir, spec.fileName);
    if (await isFile(file)) return { path: file, source: 'folder' };
    tried.push(`${file} (${existsSync(dir) ? 'not there' : 'no such folder'})`);
  }

  const cacheDir = opts.cacheDir ?? defaultModelCacheDir(env);
  const cached = path.join(cacheDir, spec.fileName);
  if (await isFile(cached)) {
    const got = sha256Hex(await readFile(cached));
    if (got === spec.sha256.toLowerCase()) return { path: cached, source: 'cache', sha256: got };
    tried.push(`${cached} (sha256 ${got} does not match ${spec.sha256}; ignored)`);
  } else {
    tried.push(`${cached} (not downloaded yet)`);
  }

  const allowDownload = opts.allowDownload ?? env.ARGUS_MODEL_DOWNLOAD !== '0';
  if (!allowDownload) tried.push('download (turned off)');
  else {
    for (const url of spec.urls) {
      try {
        await downloadVerified(url, cached, spec.sha256, {
          fetch: opts.fetch,
          timeoutMs: opts.downloadTimeoutMs,
          maxBytes: opts.maxDownloadBytes,
        });
        return { path: cached, source: 'download', sha256: spec.sha256.toLowerCase() };
      } catch (err) {
        tried.push(errText(err));
      }
    }
  }

  if (opts.packagedFallback !== undefined) {
    const file = await opts.packagedFallback(spec);
    if (file !== null) return { path: file, source: 'packaged' };
    tried.push('packaged fallback (none available)');
  } else {
    tried.push('packaged fallback (not configured)');
  }

  throw new ModelError(
    'MODEL_NOT_FOUND',
    `model ${spec.fileName} not found; tried: ${tried.join('; ')}. Put the file in a models folder (ARGUS_MODELS_DIR) or pass its path.`,
  );
}
