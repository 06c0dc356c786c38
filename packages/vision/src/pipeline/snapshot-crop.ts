/** Cuts a box out of a frame as a packed crop (pure). */
import { clipBox } from '../track/sharpness';
import type { Box, Frame } from '../types';
import type { SnapshotCrop } from './analysis-types';

function bytesPerPixel(format: Frame['format']): number {
  return format === 'gray8' ? 1 : 3;
}

/** The part of `box` inside the frame (integer pixels, rounded outwards), copied; null when nothing is inside. */
export function cropFrame(frame: Frame, box: Box): SnapshotCrop | null {
  const c = clipBox(box, frame.width, frame.height);
  if (c === null) return null;
  const bpp = bytesPerPixel(frame.format);
  const w = c.x1 - c.x0;
  const h = c.y1 - c.y0;
  const rowBytes = w * bpp;
  const stride = frame.width * bpp;
  const data = new Uint8Array(rowBytes * h);
  for (let y = 0; y < h; y++) {
    const start = (c.y0 + y) * stride + c.x0 * bpp;
    data.set(frame.data.subarray(start, start + rowBytes), y * rowBytes);
  }
  return { width: w, height: h, format: frame.format, data, x: c.x0, y: c.y0 };
}
