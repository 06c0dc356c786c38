/**
 * Scores a tracker's output against MOTChallenge ground truth over a frame range: CLEAR-MOT, identity metrics and
 * line-crossing counts (predicted against ground truth over the same line). Pure: any tracker's MOT rows can be
 * scored the same way.
 */
import { clearMot, type ClearMotResult } from './clear-mot';
import { countCrossings, countingError, type NormalisedLine } from './crossings';
import { idMetrics, type IdMetricsResult } from './idf1';
import { filterMot, groupByFrame, type MotRow } from './mot-format';

export interface TrackingScoreOptions {
  /** Inclusive MOT frame range (1-based); default the ground truth's first and last frame. */
  fromFrame?: number;
  toFrame?: number;
  /** Counting line in 0..1 coordinates; default a horizontal line across the middle. */
  line?: NormalisedLine;
  frameSize: { width: number; height: number };
  iouThreshold?: number;
  /** Ground-truth classes to score when the gt has a class column (MOT17: 1 = pedestrian). Default [1]. */
  gtClasses?: readonly number[];
}

export interface TrackingScore {
  fromFrame: number;
  toFrame: number;
  clear: ClearMotResult;
  id: Omit<IdMetricsResult, 'pairs'>;
  predictedTracks: number;
  crossings: { a2b: number; b2a: number; gtA2b: number; gtB2a: number };
  countingError: { a2b: number; b2a: number; total: number };
}

export const DEFAULT_COUNT_LINE: NormalisedLine = { x1: 0, y1: 0.5, x2: 1, y2: 0.5 };

export function scoreTracking(gtRows: readonly MotRow[], predRows: readonly MotRow[], opts: TrackingScoreOptions): TrackingScore {
  const gtFrames = gtRows.map((r) => r.frame);
  const fromFrame = opts.fromFrame ?? (gtFrames.length > 0 ? Math.min(...gtFrames) : 1);
  const toFrame = opts.toFrame ?? (gtFrames.length > 0 ? Math.max(...gtFrames) : fromFrame);
  const gt = groupByFrame(filterMot(gtRows, { fromFrame, toFrame, classes: opts.gtClasses ?? [1] }));
  const pred = groupByFrame(filterMot(predRows, { fromFrame, toFrame, consideredOnly: false }));
  const frames = Array.from({ length: Math.max(0, toFrame - fromFrame + 1) }, (_, i) => fromFrame + i);
  const iouThreshold = opts.iouThreshold ?? 0.5;
  const clear = clearMot(gt, pred, { frames, iouThreshold });
  const { pairs: _pairs, ...id } = idMetrics(gt, pred, { frames, iouThreshold });
  const line = opts.line ?? DEFAULT_COUNT_LINE;
  const p = countCrossings(pred, line, opts.frameSize);
  const g = countCrossings(gt, line, opts.frameSize);
  const predIds = new Set<number>();
  for (const list of pred.values()) for (const o of list) predIds.add(o.id);
  return {
    fromFrame,
    toFrame,
    clear,
    id,
    predictedTracks: predIds.size,
    crossings: { a2b: p.a2b, b2a: p.b2a, gtA2b: g.a2b, gtB2a: g.b2a },
    countingError: countingError(p, { a2b: g.a2b, b2a: g.b2a }),
  };
}

/** `MOTA=<x> IDF1=<x> idsw=<n>; crossings a2b=<n>/<gt n> b2a=<n>/<gt n>` (the CLI's last line). */
export function trackingSummaryLine(s: Pick<TrackingScore, 'clear' | 'id' | 'crossings'>): string {
  const c = s.crossings;
  return `MOTA=${s.clear.mota.toFixed(3)} IDF1=${s.id.idf1.toFixed(3)} idsw=${s.clear.idsw}; crossings a2b=${c.a2b}/${c.gtA2b} b2a=${c.b2a}/${c.gtB2a}`;
}
