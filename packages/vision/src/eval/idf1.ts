/**
 * Identity metrics (Ristani et al. 2016): IDF1, IDP, IDR. Every ground-truth trajectory is paired with at most one
 * predicted trajectory for the whole sequence by a global min-cost bipartite matching; a frame counts as an identity
 * true positive when a paired gt and prediction overlap with IoU ≥ threshold there. Minimising IDFN + IDFP over the
 * padded (gt + dummy) × (pred + dummy) problem is the same as maximising the overlap count of the pairs, which is what
 * is solved. IDF1 = 2·IDTP / (GT boxes + predicted boxes). Pure.
 */
import { iou } from '../track/box-geometry';
import { solveAssignment } from '../track/linear-assignment';
import type { IdBox } from './mot-format';

export interface IdMetricsOptions {
  iouThreshold?: number;
  frames?: Iterable<number>;
}

export interface IdMetricsResult {
  idf1: number;
  idp: number;
  idr: number;
  idtp: number;
  idfp: number;
  idfn: number;
  /** The chosen pairs gt id → predicted id. */
  pairs: Array<{ gtId: number; predId: number; frames: number }>;
}

const EMPTY: readonly IdBox[] = [];

export function idMetrics(
  gt: ReadonlyMap<number, readonly IdBox[]>,
  pred: ReadonlyMap<number, readonly IdBox[]>,
  opts: IdMetricsOptions = {},
): IdMetricsResult {
  const thr = opts.iouThreshold ?? 0.5;
  const frames = [...(opts.frames ?? new Set([...gt.keys(), ...pred.keys()]))];
  const gtIndex = new Map<number, number>();
  const predIndex = new Map<number, number>();
  const overlapCount = new Map<string, number>();
  let nGt = 0;
  let nPred = 0;
  for (const f of frames) {
    const g = gt.get(f) ?? EMPTY;
    const p = pred.get(f) ?? EMPTY;
    nGt += g.length;
    nPred += p.length;
    for (const o of g) if (!gtIndex.has(o.id)) gtIndex.set(o.id, gtIndex.size);
    for (const h of p) if (!predIndex.has(h.id)) predIndex.set(h.id, predIndex.size);
    for (const o of g) {
      for (const h of p) {
        if (iou(o.box, h.box) < thr) continue;
        const key = `${gtIndex.get(o.id)!},${predIndex.get(h.id)!}`;
        overlapCount.set(key, (overlapCount.get(key) ?? 0) + 1);
      }
    }
  }
  const gtIds = [...gtIndex.keys()];
  const predIds = [...predIndex.keys()];
  const cost = gtIds.map((_, i) => predIds.map((_, j) => -(overlapCount.get(`${i},${j}`) ?? 0) || Number.POSITIVE_INFINITY));
  const { pairs } = solveAssignment(cost, { unmatchedCost: 0 });
  let idtp = 0;
  const chosen = pairs.map(([i, j]) => {
    const n = overlapCount.get(`${i},${j}`) ?? 0;
    idtp += n;
    return { gtId: gtIds[i]!, predId: predIds[j]!, frames: n };
  });
  const idfn = nGt - idtp;
  const idfp = nPred - idtp;
  return {
    idf1: nGt + nPred > 0 ? (2 * idtp) / (nGt + nPred) : 0,
    idp: nPred > 0 ? idtp / nPred : 0,
    idr: nGt > 0 ? idtp / nGt : 0,
    idtp,
    idfp,
    idfn,
    pairs: chosen,
  };
}
