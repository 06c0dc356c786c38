/**
 * CLEAR-MOT metrics (Bernardin & Stiefelhagen 2008) as MOTChallenge and py-motmetrics compute them, for boxes with
 * IoU matching. Per frame: a ground-truth object keeps the hypothesis it was last matched to if that hypothesis is
 * present and still overlaps with IoU ≥ threshold; the others are matched with the Hungarian algorithm (most matches,
 * then least total 1 − IoU). A match whose hypothesis differs from the object's previous one is an identity switch.
 * MOTA = 1 − (FN + FP + IDSW) / GT. MOTP here is the mean IoU of the matches (MOTChallenge's convention;
 * py-motmetrics prints 1 − this). Pure.
 */
import { iou } from '../track/box-geometry';
import { solveAssignment } from '../track/linear-assignment';
import type { IdBox } from './mot-format';

export interface ClearMotOptions {
  /** Minimum IoU for a match. Default 0.5. */
  iouThreshold?: number;
  /** Frames to evaluate; default every frame that has ground truth or predictions. */
  frames?: Iterable<number>;
}

export interface ClearMotResult {
  mota: number;
  /** Mean IoU of the matched pairs. */
  motp: number;
  gt: number;
  predictions: number;
  matches: number;
  fp: number;
  fn: number;
  idsw: number;
  /** Frames evaluated. */
  frames: number;
  precision: number;
  recall: number;
  /** Ground-truth trajectories covered ≥ 80 % / ≤ 20 % of their frames (MT / ML). */
  mostlyTracked: number;
  mostlyLost: number;
  gtTrajectories: number;
}

const EMPTY: readonly IdBox[] = [];

export function clearMot(
  gt: ReadonlyMap<number, readonly IdBox[]>,
  pred: ReadonlyMap<number, readonly IdBox[]>,
  opts: ClearMotOptions = {},
): ClearMotResult {
  const thr = opts.iouThreshold ?? 0.5;
  const frames = [...(opts.frames ?? new Set([...gt.keys(), ...pred.keys()]))].sort((a, b) => a - b);
  const lastMatch = new Map<number, number>(); // gt id → hypothesis id it was last matched to
  const gtFrames = new Map<number, number>();
  const gtMatched = new Map<number, number>();
  let nGt = 0;
  let nPred = 0;
  let matches = 0;
  let idsw = 0;
  let iouSum = 0;
  for (const f of frames) {
    const g = gt.get(f) ?? EMPTY;
    const p = pred.get(f) ?? EMPTY;
    nGt += g.length;
    nPred += p.length;
    for (const o of g) gtFrames.set(o.id, (gtFrames.get(o.id) ?? 0) + 1);
    const overlap = g.map((o) => p.map((h) => iou(o.box, h.box)));
    const gtDone = new Array<boolean>(g.length).fill(false);
    const predDone = new Array<boolean>(p.length).fill(false);
    const pairs: Array<[number, number]> = [];
    // 1. Keep last correspondences that are still valid.
    for (let i = 0; i < g.length; i++) {
      const prev = lastMatch.get(g[i]!.id);
      if (prev === undefined) continue;
      const j = p.findIndex((h, k) => !predDone[k] && h.id === prev);
      if (j < 0 || overlap[i]![j]! < thr) continue;
      gtDone[i] = true;
      predDone[j] = true;
      pairs.push([i, j]);
    }
    // 2. Optimal assignment of the rest.
    const gi = g.map((_, i) => i).filter((i) => !gtDone[i]);
    const pj = p.map((_, j) => j).filter((j) => !predDone[j]);
    const cost = gi.map((i) => pj.map((j) => (overlap[i]![j]! >= thr ? 1 - overlap[i]![j]! : Number.POSITIVE_INFINITY)));
    for (const [a, b] of solveAssignment(cost).pairs) pairs.push([gi[a]!, pj[b]!]);
    for (const [i, j] of pairs) {
      const oid = g[i]!.id;
      const hid = p[j]!.id;
      const prev = lastMatch.get(oid);
      if (prev !== undefined && prev !== hid) idsw += 1;
      lastMatch.set(oid, hid);
      matches += 1;
      iouSum += overlap[i]![j]!;
      gtMatched.set(oid, (gtMatched.get(oid) ?? 0) + 1);
    }
  }
  const fn = nGt - matches;
  const fp = nPred - matches;
  let mostlyTracked = 0;
  let mostlyLost = 0;
  for (const [id, n] of gtFrames) {
    const r = (gtMatched.get(id) ?? 0) / n;
    if (r >= 0.8) mostlyTracked += 1;
    else if (r <= 0.2) mostlyLost += 1;
  }
  return {
    mota: nGt > 0 ? 1 - (fn + fp + idsw) / nGt : 0,
    motp: matches > 0 ? iouSum / matches : 0,
    gt: nGt,
    predictions: nPred,
    matches,
    fp,
    fn,
    idsw,
    frames: frames.length,
    precision: nPred > 0 ? matches / nPred : 0,
    recall: nGt > 0 ? matches / nGt : 0,
    mostlyTracked,
    mostlyLost,
    gtTrajectories: gtFrames.size,
  };
}
