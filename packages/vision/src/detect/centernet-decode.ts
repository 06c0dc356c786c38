/**
 * CenterNet output decoding, pure. The model (MobileNetV3-CenterNet as shipped by @vladmandic/human) gives, on a grid
 * of `stride`-pixel cells (128x128 for its 512x512 input, NHWC):
 *   - a class heatmap [gh, gw, classes], already sigmoid-ed: the score that a box of that class is centred there;
 *   - distances [gh, gw, 4] from the cell's centre point (x·stride, y·stride) to the box's left, top, right and bottom
 *     edge, in input pixels.
 * A detection is a local maximum of its class channel (3x3 neighbourhood, as the model's own max-pool peak filter)
 * at or above the score threshold; the best `maxCandidates` of them are kept (the model's own top-k is 100).
 */
import type { RawDetection } from './yolox-decode';

export interface CenternetGrid {
  /** Grid width and height (input size / stride). */
  width: number;
  height: number;
  /** Input pixels per cell (4 for the shipped model). */
  stride: number;
  numClasses: number;
}

export interface CenternetDecodeOptions {
  /** Keep peaks with heatmap score >= this. */
  scoreThreshold: number;
  /** Keep at most this many peaks, highest scores first; default 100. */
  maxCandidates?: number;
  /** Only these classes; default all. */
  classes?: ReadonlySet<number> | null;
}

/** The model's own top-k (tower_0/TopKV2/k). */
export const CENTERNET_TOP_K = 100;

/** Whether (x, y) of channel c is a 3x3 local maximum (ties count, as `heatmap == maxpool3x3(heatmap)` in the model). */
function isPeak(heatmap: Float32Array, g: CenternetGrid, x: number, y: number, c: number, v: number): boolean {
  const C = g.numClasses;
  for (let yy = Math.max(0, y - 1); yy <= Math.min(g.height - 1, y + 1); yy++) {
    for (let xx = Math.max(0, x - 1); xx <= Math.min(g.width - 1, x + 1); xx++) {
      if (heatmap[(yy * g.width + xx) * C + c]! > v) return false;
    }
  }
  return true;
}

/** Inserts into `top` (sorted by descending score, at most `k` long); ties keep the earlier peak first. */
function insertTop(top: { i: number; score: number }[], k: number, i: number, score: number): void {
  if (top.length >= k && score <= top[top.length - 1]!.score) return;
  let at = top.length;
  while (at > 0 && top[at - 1]!.score < score) at--;
  top.splice(at, 0, { i, score });
  if (top.length > k) top.pop();
}

/**
 * Decodes one image's heatmap and distances into candidate boxes in model-input pixels (x, y = top-left), highest
 * score first. Throws RangeError when the arrays do not match the grid.
 */
export function decodeCenternet(
  heatmap: Float32Array,
  distances: Float32Array,
  grid: CenternetGrid,
  opts: CenternetDecodeOptions,
): RawDetection[] {
  const { width: W, height: H, numClasses: C, stride } = grid;
  if (heatmap.length !== W * H * C) throw new RangeError(`centernet heatmap: expected ${H}x${W}x${C} values, got ${heatmap.length}`);
  if (distances.length !== W * H * 4) throw new RangeError(`centernet box distances: expected ${H}x${W}x4 values, got ${distances.length}`);
  const k = Math.max(0, opts.maxCandidates ?? CENTERNET_TOP_K);
  const classes = opts.classes ?? null;
  const top: { i: number; score: number }[] = [];
  for (let i = 0; i < heatmap.length; i++) {
    const v = heatmap[i]!;
    if (!(v >= opts.scoreThreshold)) continue;
    if (top.length >= k && v <= top[top.length - 1]!.score) continue;
    const c = i % C;
    if (classes !== null && !classes.has(c)) continue;
    const cell = (i - c) / C;
    const x = cell % W;
    const y = (cell - x) / W;
    if (isPeak(heatmap, grid, x, y, c, v)) insertTop(top, k, i, v);
  }
  const out: RawDetection[] = [];
  for (const { i, score } of top) {
    const c = i % C;
    const cell = (i - c) / C;
    const x = cell % W;
    const y = (cell - x) / W;
    const cx = x * stride;
    const cy = y * stride;
    const left = distances[cell * 4]!;
    const topEdge = distances[cell * 4 + 1]!;
    const right = distances[cell * 4 + 2]!;
    const bottom = distances[cell * 4 + 3]!;
    const w = left + right;
    const h = topEdge + bottom;
    // A box with no area (both distances of an axis at or below zero) carries no location.
    if (w > 0 && h > 0) out.push({ box: { x: cx - left, y: cy - topEdge, w, h }, classId: c, score });
  }
  return out;
}
