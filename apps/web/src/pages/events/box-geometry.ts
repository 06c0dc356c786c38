// Normalised (0..1) detection boxes → pixel rectangles on a drawn image, clamped to the image.
import type { EventBox } from './event-types';

export interface PixelRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

const clamp01 = (v: number): number => (Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0);

/** The box in pixels of an image drawn `width`×`height`; parts outside the image are cut off. */
export function boxToPixels(box: Pick<EventBox, 'x' | 'y' | 'w' | 'h'>, width: number, height: number): PixelRect {
  const x0 = clamp01(box.x);
  const y0 = clamp01(box.y);
  const x1 = clamp01(box.x + box.w);
  const y1 = clamp01(box.y + box.h);
  return { left: x0 * width, top: y0 * height, width: Math.max(0, x1 - x0) * width, height: Math.max(0, y1 - y0) * height };
}

/** "person 87%" (with the track when known). */
export function boxLabel(box: Pick<EventBox, 'className' | 'confidence' | 'trackId'>): string {
  const pct = Number.isFinite(box.confidence) ? ` ${Math.round(clamp01(box.confidence) * 100)}%` : '';
  return `${box.className}${pct}${box.trackId ? ` #${box.trackId}` : ''}`;
}

/** Should the label sit below the box's top edge (no room above it)? */
export function labelInside(rect: PixelRect, labelHeight: number): boolean {
  return rect.top < labelHeight;
}
