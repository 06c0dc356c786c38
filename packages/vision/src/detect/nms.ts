/** Intersection over union and greedy non-maximum suppression (per class by default). Pure. */
import { iou } from '../track/box-geometry';
import type { Box } from '../types';

export interface NmsCandidate {
  box: Box;
  score: number;
  classId: number;
}

export interface NmsOptions {
  /** A box is suppressed by a higher-scored kept box of the same class (any class if classAgnostic) with IoU above this. */
  iouThreshold: number;
  /** Keep at most this many boxes in all (highest scores first); default unlimited. */
  maxDetections?: number;
  /** Suppress across classes too; default false (per-class NMS). */
  classAgnostic?: boolean;
}

/**
 * Greedy NMS: candidates in descending score order (ties keep input order); each is kept unless a kept box of the
 * same class overlaps it with IoU > iouThreshold. Returns the kept candidates, highest score first.
 */
export function nms<T extends NmsCandidate>(candidates: readonly T[], opts: NmsOptions): T[] {
  const max = opts.maxDetections ?? Number.POSITIVE_INFINITY;
  const order = candidates.map((_, i) => i).sort((i, j) => candidates[j]!.score - candidates[i]!.score || i - j);
  const keptByClass = new Map<number, T[]>();
  const kept: T[] = [];
  for (const i of order) {
    if (kept.length >= max) break;
    const c = candidates[i]!;
    const key = opts.classAgnostic === true ? -1 : c.classId;
    let group = keptByClass.get(key);
    if (group === undefined) {
      group = [];
      keptByClass.set(key, group);
    }
    if (group.some((k) => iou(k.box, c.box) > opts.iouThreshold)) continue;
    group.push(c);
    kept.push(c);
  }
  return kept;
}
