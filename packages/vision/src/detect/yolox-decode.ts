/**
 * YOLOX output decoding, pure. The raw head output is [anchors, 5 + classes] per image, anchors laid out stride by
 * stride (8, 16, 32), row-major (x fastest) on each grid: xy = (out + grid) * stride, wh = exp(out) * stride,
 * then objectness and class probabilities (already sigmoid-ed by the exported model); score = obj * cls.
 */
import type { Box } from '../types';

export const YOLOX_STRIDES: readonly number[] = [8, 16, 32];

export interface YoloxGrid {
  count: number;
  gx: Float32Array;
  gy: Float32Array;
  stride: Float32Array;
}

/** Number of anchors for an input size (416x416 → 3549, 640x640 → 8400). */
export function yoloxAnchorCount(width: number, height: number, strides: readonly number[] = YOLOX_STRIDES): number {
  return strides.reduce((n, s) => n + Math.floor(width / s) * Math.floor(height / s), 0);
}

export function makeYoloxGrid(width: number, height: number, strides: readonly number[] = YOLOX_STRIDES): YoloxGrid {
  const count = yoloxAnchorCount(width, height, strides);
  const gx = new Float32Array(count);
  const gy = new Float32Array(count);
  const stride = new Float32Array(count);
  let i = 0;
  for (const s of strides) {
    const gw = Math.floor(width / s);
    const gh = Math.floor(height / s);
    for (let y = 0; y < gh; y++) {
      for (let x = 0; x < gw; x++) {
        gx[i] = x;
        gy[i] = y;
        stride[i] = s;
        i++;
      }
    }
  }
  return { count, gx, gy, stride };
}

export interface RawDetection {
  /** In model-input (letterboxed tensor) pixels, x, y = top-left. */
  box: Box;
  classId: number;
  score: number;
}

export interface YoloxDecodeOptions {
  /** Keep candidates with obj * cls >= this. */
  scoreThreshold: number;
  /** Number of classes (row length - 5). */
  numClasses: number;
  /** Element offset of this image's rows in `output` (batch index * anchors * (5 + classes)); default 0. */
  offset?: number;
  /** One candidate per class above the threshold instead of only the best class of each anchor; default false. */
  multiLabel?: boolean;
  /** Only these classes (applied after picking each anchor's best class, so a truck never turns into a car); default all. */
  classes?: ReadonlySet<number> | null;
}

export function decodeYolox(output: Float32Array, grid: YoloxGrid, opts: YoloxDecodeOptions): RawDetection[] {
  const nc = opts.numClasses;
  const row = 5 + nc;
  const base = opts.offset ?? 0;
  const thr = opts.scoreThreshold;
  if (output.length < base + grid.count * row) {
    throw new RangeError(`yolox decode: output has ${output.length - base} values, expected ${grid.count}x${row}`);
  }
  const classes = opts.classes ?? null;
  const out: RawDetection[] = [];
  for (let a = 0; a < grid.count; a++) {
    const o = base + a * row;
    const obj = output[o + 4]!;
    if (!(obj >= thr)) continue; // score = obj * cls <= obj
    const s = grid.stride[a]!;
    const cx = (output[o]! + grid.gx[a]!) * s;
    const cy = (output[o + 1]! + grid.gy[a]!) * s;
    const w = Math.exp(output[o + 2]!) * s;
    const h = Math.exp(output[o + 3]!) * s;
    if (!Number.isFinite(cx) || !Number.isFinite(cy) || !Number.isFinite(w) || !Number.isFinite(h)) continue;
    const box = (): Box => ({ x: cx - w / 2, y: cy - h / 2, w, h });
    if (opts.multiLabel === true) {
      for (let c = 0; c < nc; c++) {
        if (classes !== null && !classes.has(c)) continue;
        const score = obj * output[o + 5 + c]!;
        if (score >= thr) out.push({ box: box(), classId: c, score });
      }
      continue;
    }
    let best = -1;
    let bestP = -Infinity;
    for (let c = 0; c < nc; c++) {
      const p = output[o + 5 + c]!;
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    if (best < 0 || (classes !== null && !classes.has(best))) continue;
    const score = obj * bestP;
    if (score >= thr) out.push({ box: box(), classId: best, score });
  }
  return out;
}
