/** Pixel conversions for the analysis plane: colour to gray, and area-average downscaling of gray frames. Pure. */
import type { Frame } from '../types';

/** Luma (BT.601 weights, integer arithmetic) of a bgr24/rgb24 frame; gray8 frames are returned as they are. */
export function toGray(frame: Frame): Frame {
  if (frame.format === 'gray8') return frame;
  const n = frame.width * frame.height;
  const src = frame.data;
  const out = new Uint8Array(n);
  const [wb, wr] = frame.format === 'bgr24' ? [29, 77] : [77, 29];
  for (let i = 0, j = 0; i < n; i++, j += 3) out[i] = (wb * src[j]! + 150 * src[j + 1]! + wr * src[j + 2]! + 128) >> 8;
  return { ...frame, format: 'gray8', data: out };
}

/**
 * Area-average downscale of a gray frame to `width` pixels wide (height keeps the aspect ratio, at least 1). Each
 * output pixel is the mean of the source pixels its footprint covers (integer footprints; the remainder columns and
 * rows at the right and bottom edges are folded into the last cells). Frames already this small are returned as they are.
 */
export function downscaleGray(frame: Frame, width: number): Frame {
  const g = toGray(frame);
  if (g.width <= width) return g;
  const ow = Math.max(1, Math.round(width));
  const oh = Math.max(1, Math.round((g.height * ow) / g.width));
  const sums = new Uint32Array(ow * oh);
  const counts = new Uint32Array(ow * oh);
  const xMap = new Int32Array(g.width);
  for (let x = 0; x < g.width; x++) xMap[x] = Math.min(ow - 1, Math.floor((x * ow) / g.width));
  for (let y = 0; y < g.height; y++) {
    const oy = Math.min(oh - 1, Math.floor((y * oh) / g.height));
    const row = y * g.width;
    const orow = oy * ow;
    for (let x = 0; x < g.width; x++) {
      const k = orow + xMap[x]!;
      sums[k] = sums[k]! + g.data[row + x]!;
      counts[k] = counts[k]! + 1;
    }
  }
  const out = new Uint8Array(ow * oh);
  for (let k = 0; k < out.length; k++) out[k] = Math.round(sums[k]! / Math.max(1, counts[k]!));
  return { ...g, width: ow, height: oh, data: out };
}
