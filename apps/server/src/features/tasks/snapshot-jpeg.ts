import jpeg from 'jpeg-js';
import type { Frame } from '@argus/vision';

export interface PixelBox { x: number; y: number; w: number; h: number }

/** Packed bgr24/rgb24/gray8 pixels → RGBA (what jpeg-js encodes). */
function toRgba(frame: Frame): Buffer {
  const n = frame.width * frame.height;
  const out = Buffer.alloc(n * 4);
  const d = frame.data;
  for (let i = 0; i < n; i++) {
    if (frame.format === 'gray8') {
      const v = d[i] ?? 0;
      out[i * 4] = v; out[i * 4 + 1] = v; out[i * 4 + 2] = v;
    } else {
      const r = frame.format === 'bgr24' ? d[i * 3 + 2] : d[i * 3];
      const b = frame.format === 'bgr24' ? d[i * 3] : d[i * 3 + 2];
      out[i * 4] = r ?? 0; out[i * 4 + 1] = d[i * 3 + 1] ?? 0; out[i * 4 + 2] = b ?? 0;
    }
    out[i * 4 + 3] = 255;
  }
  return out;
}

function clampBox(b: PixelBox, width: number, height: number): PixelBox {
  const x = Math.max(0, Math.min(width - 1, Math.round(b.x)));
  const y = Math.max(0, Math.min(height - 1, Math.round(b.y)));
  return { x, y, w: Math.max(1, Math.min(width - x, Math.round(b.w))), h: Math.max(1, Math.min(height - y, Math.round(b.h))) };
}

/** Nearest-neighbour downscale of RGBA pixels to `width` (aspect kept); returns the input when it is not wider. */
function shrinkRgba(rgba: Buffer, width: number, height: number, maxWidth: number): { data: Buffer; width: number; height: number } {
  if (width <= maxWidth) return { data: rgba, width, height };
  const w = Math.max(1, Math.floor(maxWidth));
  const h = Math.max(1, Math.round((height * w) / width));
  const out = Buffer.alloc(w * h * 4);
  for (let y = 0; y < h; y++) {
    const sy = Math.min(height - 1, Math.floor((y * height) / h));
    for (let x = 0; x < w; x++) {
      const sx = Math.min(width - 1, Math.floor((x * width) / w));
      rgba.copy(out, (y * w + x) * 4, (sy * width + sx) * 4, (sy * width + sx) * 4 + 4);
    }
  }
  return { data: out, width: w, height: h };
}

export interface EventImageOptions {
  /** JPEG quality of the snapshot (the crop gets +10, at most 95); default 80. */
  quality?: number;
  /** The snapshot is scaled down to this width when the frame is wider; default 640. */
  maxWidth?: number;
}

/**
 * The event images of one firing: the whole frame with each box drawn as a 2-pixel red rectangle (scaled down to
 * `maxWidth`), and the clean crop of the first box at full resolution (taken before the boxes are drawn). The frame
 * is converted once. Pure and synchronous (it runs in the event image workers, see event-image-pool.ts).
 */
export function eventImages(frame: Frame, boxes: readonly PixelBox[], opts: EventImageOptions = {}): { snapshot: Buffer; crop: Buffer | null } {
  const quality = opts.quality ?? 80;
  const rgba = toRgba(frame);
  const { width, height } = frame;
  let crop: Buffer | null = null;
  const first = boxes[0];
  if (first) {
    const b = clampBox(first, width, height);
    const out = Buffer.alloc(b.w * b.h * 4);
    for (let y = 0; y < b.h; y++) rgba.copy(out, y * b.w * 4, ((b.y + y) * width + b.x) * 4, ((b.y + y) * width + b.x + b.w) * 4);
    crop = jpeg.encode({ data: out, width: b.w, height: b.h }, Math.min(95, quality + 10)).data;
  }
  const paint = (x: number, y: number) => {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    const o = (y * width + x) * 4;
    rgba[o] = 255; rgba[o + 1] = 0; rgba[o + 2] = 0;
  };
  for (const raw of boxes) {
    const b = clampBox(raw, width, height);
    for (let t = 0; t < 2; t++) {
      for (let x = b.x; x < b.x + b.w; x++) { paint(x, b.y + t); paint(x, b.y + b.h - 1 - t); }
      for (let y = b.y; y < b.y + b.h; y++) { paint(b.x + t, y); paint(b.x + b.w - 1 - t, y); }
    }
  }
  const small = shrinkRgba(rgba, width, height, opts.maxWidth ?? 640);
  return { snapshot: jpeg.encode(small, quality).data, crop };
}
