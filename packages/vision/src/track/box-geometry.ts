/** Box geometry shared by the tracker and the evaluation: IoU, centre/aspect conversions. Pure. */
import type { Box } from '../types';

export function boxArea(b: Box): number {
  return Math.max(0, b.w) * Math.max(0, b.h);
}

/** Intersection over union of two boxes (0 when either is empty). */
export function iou(a: Box, b: Box): number {
  const ix = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const iy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  if (ix <= 0 || iy <= 0) return 0;
  const inter = ix * iy;
  const union = boxArea(a) + boxArea(b) - inter;
  return union > 0 ? inter / union : 0;
}

/** IoU of every `a` against every `b`: rows are `a`. */
export function iouMatrix(a: readonly Box[], b: readonly Box[]): number[][] {
  return a.map((x) => b.map((y) => iou(x, y)));
}

/** Centre x, centre y, aspect ratio (w / h) and height: the tracker's measurement space. */
export interface CxCyAH {
  cx: number;
  cy: number;
  a: number;
  h: number;
}

export function toCxCyAH(b: Box): CxCyAH {
  const h = Math.max(b.h, 1e-6);
  return { cx: b.x + b.w / 2, cy: b.y + b.h / 2, a: b.w / h, h };
}

export function fromCxCyAH(m: CxCyAH): Box {
  const h = Math.max(m.h, 0);
  const w = Math.max(m.a * h, 0);
  return { x: m.cx - w / 2, y: m.cy - h / 2, w, h };
}

/** The bottom-centre point of a box (where a person touches the ground). */
export function bottomCentre(b: Box): { x: number; y: number } {
  return { x: b.x + b.w / 2, y: b.y + b.h };
}
