/** Which detections the tracker gets: classes, a score floor and a minimum box height. Pure. */
import type { Detection } from '../types';

export interface DetectionFilter {
  /** Class ids to keep (e.g. [0] for person); default all. */
  classes?: readonly number[];
  /** Drop detections below this score; default 0 (the tracker has its own thresholds). */
  minScore?: number;
  /** Drop boxes lower than this share of the frame height (far-away objects the use case does not count). Default 0. */
  minHeightFraction?: number;
  /** Drop boxes lower than this many pixels. Default 0. */
  minHeightPx?: number;
}

export function filterDetections(dets: readonly Detection[], frameHeight: number, f: DetectionFilter = {}): Detection[] {
  const minH = Math.max(f.minHeightPx ?? 0, (f.minHeightFraction ?? 0) * frameHeight);
  const classes = f.classes !== undefined ? new Set(f.classes) : null;
  return dets.filter(
    (d) => (classes === null || classes.has(d.classId)) && d.score >= (f.minScore ?? 0) && d.box.h >= minH,
  );
}
