/** Sharpness of an image region: variance of the 4-neighbour Laplacian over a gray crop. Pure. */
import type { Box, Frame } from '../types';

/** Integer pixel bounds of `box` clipped to the frame; null when nothing of it is inside. */
export function clipBox(box: Box, width: number, height: number): { x0: number; y0: number; x1: number; y1: number } | null {
  const x0 = Math.max(0, Math.floor(box.x));
  const y0 = Math.max(0, Math.floor(box.y));
  const x1 = Math.min(width, Math.ceil(box.x + box.w));
  const y1 = Math.min(height, Math.ceil(box.y + box.h));
  return x1 - x0 >= 1 && y1 - y0 >= 1 ? { x0, y0, x1, y1 } : null;
}

/** Luma of pixel i of a frame in any of the three formats. */
function lumaAt(frame: Frame, i: number): number {
  const d = frame.data;
  switch (frame.format) {
    case 'gray8':
      return d[i]!;
    case 'bgr24':
      return (29 * d[3 * i]! + 150 * d[3 * i + 1]! + 77 * d[3 * i + 2]!) >> 8;
    case 'rgb24':
      return (77 * d[3 * i]! + 150 * d[3 * i + 1]! + 29 * d[3 * i + 2]!) >> 8;
  }
}

/**
 * Variance of the Laplacian (|∇²I|, 4-neighbour kernel) inside `box` of `frame` (gray8 preferred; colour frames are
 * converted on the fly). Crops smaller than 3×3 give 0. Larger crops are sampled with a stride so the cost stays
 * bounded (about `maxSamples` pixels).
 */
export function laplacianVariance(frame: Frame, box: Box, maxSamples = 16_384): number {
  const c = clipBox(box, frame.width, frame.height);
  if (c === null || c.x1 - c.x0 < 3 || c.y1 - c.y0 < 3) return 0;
  const area = (c.x1 - c.x0 - 2) * (c.y1 - c.y0 - 2);
  const stride = Math.max(1, Math.floor(Math.sqrt(area / maxSamples)));
  const w = frame.width;
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  for (let y = c.y0 + 1; y < c.y1 - 1; y += stride) {
    for (let x = c.x0 + 1; x < c.x1 - 1; x += stride) {
      const i = y * w + x;
      const lap = lumaAt(frame, i - 1) + lumaAt(frame, i + 1) + lumaAt(frame, i - w) + lumaAt(frame, i + w) - 4 * lumaAt(frame, i);
      sum += lap;
      sumSq += lap * lap;
      n += 1;
    }
  }
  if (n === 0) return 0;
  const mean = sum / n;
  return Math.max(0, sumSq / n - mean * mean);
}
