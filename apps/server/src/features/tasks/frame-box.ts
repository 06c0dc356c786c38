/**
 * A tracked box in pixels → the part of it inside the frame, normalised to 0..1. The tracker's boxes (Kalman
 * predictions) can reach past the frame edges; rules, events (which refuse boxes outside 0..1) and the live overlay
 * all take what is visible. Pure.
 */
export interface NormalisedBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));

export function frameBox(box: { x: number; y: number; w: number; h: number }, width: number, height: number): NormalisedBox {
  const x = clamp01(box.x / width);
  const y = clamp01(box.y / height);
  return { x, y, w: clamp01((box.x + box.w) / width) - x, h: clamp01((box.y + box.h) / height) - y };
}
