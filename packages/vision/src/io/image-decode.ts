/**
 * Decodes a still image (JPEG, PNG, anything ffmpeg reads) to a Frame with one ffmpeg run: ffmpeg writes a binary
 * PPM (P6, RGB) or PGM (P5, gray), whose header carries the size; the pixels are then put in the asked-for order.
 */
import { spawn } from 'node:child_process';
import { type MediaTools, findMediaTools } from '@argus/media';
import type { Frame } from '../types';

export class ImageDecodeError extends Error {
  readonly code = 'IMAGE_DECODE_FAILED';
  constructor(message: string) {
    super(message);
    this.name = 'ImageDecodeError';
  }
}

export interface PnmImage {
  kind: 'P5' | 'P6';
  width: number;
  height: number;
  /** The pixel bytes (a view into the input). */
  pixels: Uint8Array;
}

/** Parses a binary PGM/PPM with maxval 255 (what ffmpeg writes). Pure; throws on anything else. */
export function parsePnm(buf: Uint8Array): PnmImage {
  let at = 0;
  const token = (): string => {
    for (;;) {
      while (at < buf.length && /\s/.test(String.fromCharCode(buf[at]!))) at++;
      if (buf[at] === 0x23) {
        while (at < buf.length && buf[at] !== 0x0a) at++;
        continue;
      }
      break;
    }
    const start = at;
    while (at < buf.length && !/\s/.test(String.fromCharCode(buf[at]!))) at++;
    return String.fromCharCode(...buf.subarray(start, at));
  };
  const magic = token();
  if (magic !== 'P5' && magic !== 'P6') throw new ImageDecodeError(`not a binary PGM/PPM (magic '${magic.slice(0, 8)}')`);
  const width = Number(token());
  const height = Number(token());
  const maxval = Number(token());
  at++; // the single whitespace byte before the pixels
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new ImageDecodeError(`bad PNM size ${width}x${height}`);
  }
  if (maxval !== 255) throw new ImageDecodeError(`PNM maxval ${maxval} is not supported (need 255)`);
  const need = width * height * (magic === 'P6' ? 3 : 1);
  if (buf.length - at < need) throw new ImageDecodeError(`PNM ${width}x${height}: ${buf.length - at} pixel bytes, need ${need}`);
  return { kind: magic, width, height, pixels: buf.subarray(at, at + need) };
}

/** RGB → BGR (or back), in place. */
export function swapRedBlue(data: Uint8Array): void {
  for (let i = 0; i + 2 < data.length; i += 3) {
    const r = data[i]!;
    data[i] = data[i + 2]!;
    data[i + 2] = r;
  }
}

function runFfmpeg(ffmpeg: string, args: string[], timeoutMs: number): Promise<{ code: number | null; stdout: Buffer; stderr: string; error?: string }> {
  return new Promise((resolve) => {
    const child = spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    let spawnError: string | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => {
      err = (err + c.toString('utf8')).slice(-4000);
    });
    child.on('error', (e) => {
      spawnError = e.message;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const r = { code, stdout: Buffer.concat(out), stderr: err };
      resolve(spawnError !== undefined ? { ...r, error: spawnError } : r);
    });
  });
}

export interface DecodeImageOptions {
  tools?: Pick<MediaTools, 'ffmpeg'>;
  /** Default 'bgr24'. */
  format?: Frame['format'];
  /** Default 20 s. */
  timeoutMs?: number;
}

let defaultTools: Promise<MediaTools> | null = null;

/** findMediaTools() once per process (it runs `ffmpeg -version`); a failure is not cached. */
function mediaTools(): Promise<MediaTools> {
  defaultTools ??= findMediaTools().catch((err: unknown) => {
    defaultTools = null;
    throw err;
  });
  return defaultTools;
}

export async function decodeImageFile(file: string, opts: DecodeImageOptions = {}): Promise<Frame> {
  const tools = opts.tools ?? (await mediaTools());
  const format = opts.format ?? 'bgr24';
  const gray = format === 'gray8';
  const args = ['-nostdin', '-v', 'error', '-i', file, '-frames:v', '1', '-f', 'image2pipe', '-c:v', gray ? 'pgm' : 'ppm', '-pix_fmt', gray ? 'gray' : 'rgb24', '-'];
  const run = await runFfmpeg(tools.ffmpeg, args, opts.timeoutMs ?? 20_000);
  if (run.code !== 0 || run.stdout.length === 0) {
    const why = run.error ?? (run.stderr.trim().split('\n').slice(-2).join(' ') || `ffmpeg exit ${String(run.code)}`);
    throw new ImageDecodeError(`cannot decode image ${file}: ${why}`);
  }
  let pnm: PnmImage;
  try {
    pnm = parsePnm(run.stdout);
  } catch (err) {
    throw new ImageDecodeError(`cannot decode image ${file}: ${(err as Error).message}`);
  }
  const data = new Uint8Array(pnm.pixels); // own, exactly-sized buffer (transferable to a worker)
  if (format === 'bgr24') swapRedBlue(data);
  return { width: pnm.width, height: pnm.height, format, data, ptsS: 0, index: 0 };
}
