/**
 * Detection accuracy, pure: greedy matching of scored detections to ground truth per image and class, then
 * precision/recall and AP at an IoU threshold (AP50 by default) with all-point interpolation (VOC 2010+ / the area
 * under the monotone precision envelope).
 *
 * Matching (COCO style): detections of an image and class in descending score order; each takes the unmatched,
 * non-ignored ground-truth box of that class with the highest IoU ≥ the threshold (TP); failing that, if it overlaps
 * an ignore region of that class with IoU ≥ the threshold it is dropped (neither TP nor FP; an ignore region may
 * absorb any number of detections); otherwise it is a FP.
 */
import { iou } from '../track/box-geometry';
import type { Box } from '../types';

export interface GroundTruthBox {
  box: Box;
  classId: number;
  /** An ignore region (e.g. MOT17 static persons, distractors, reflections): detections on it are not scored. */
  ignore?: boolean;
}

export interface ScoredBox {
  box: Box;
  classId: number;
  score: number;
}

export interface ImageDetections {
  detections: readonly ScoredBox[];
  groundTruth: readonly GroundTruthBox[];
}

export type MatchOutcome = 'tp' | 'fp' | 'ignored';

export interface MatchedDetection {
  score: number;
  outcome: MatchOutcome;
}

/** Matches one image's detections of one class (see the file comment). Returns outcomes in descending score order. */
export function matchImageClass(
  detections: readonly ScoredBox[],
  groundTruth: readonly GroundTruthBox[],
  classId: number,
  iouThreshold = 0.5,
): MatchedDetection[] {
  const gts = groundTruth.filter((g) => g.classId === classId && g.ignore !== true);
  const ignores = groundTruth.filter((g) => g.classId === classId && g.ignore === true);
  const used = new Array<boolean>(gts.length).fill(false);
  const dets = detections.filter((d) => d.classId === classId).sort((a, b) => b.score - a.score);
  return dets.map((d) => {
    let best = -1;
    let bestIou = iouThreshold;
    gts.forEach((g, j) => {
      if (used[j] === true) return;
      const v = iou(d.box, g.box);
      if (v >= bestIou) {
        bestIou = v;
        best = j;
      }
    });
    if (best >= 0) {
      used[best] = true;
      return { score: d.score, outcome: 'tp' };
    }
    if (ignores.some((g) => iou(d.box, g.box) >= iouThreshold)) return { score: d.score, outcome: 'ignored' };
    return { score: d.score, outcome: 'fp' };
  });
}

/** All-point interpolated AP from recall/precision points in score order (recall non-decreasing). */
export function averagePrecision(recall: readonly number[], precision: readonly number[]): number {
  const n = recall.length;
  const env = precision.slice();
  for (let i = n - 2; i >= 0; i--) env[i] = Math.max(env[i]!, env[i + 1]!);
  let ap = 0;
  let prevR = 0;
  for (let i = 0; i < n; i++) {
    ap += (recall[i]! - prevR) * env[i]!;
    prevR = recall[i]!;
  }
  return ap;
}

export interface ClassAccuracy {
  classId: number;
  /** Non-ignored ground-truth boxes. */
  numGt: number;
  /** AP at the IoU threshold over all detections given; NaN when the class has no ground truth. */
  ap: number;
  /** At `scoreThreshold`: counts and rates (precision NaN when no detection, recall NaN when no ground truth). */
  tp: number;
  fp: number;
  precision: number;
  recall: number;
  /** Detections on ignore regions (all scores). */
  ignored: number;
}

export interface AccuracyOptions {
  /** The classes to score. */
  classes: readonly number[];
  /** Precision and recall are reported for detections with score ≥ this; default 0 (all). */
  scoreThreshold?: number;
  /** Default 0.5 (AP50). */
  iouThreshold?: number;
}

export function evaluateClass(images: readonly ImageDetections[], classId: number, opts: Omit<AccuracyOptions, 'classes'> = {}): ClassAccuracy {
  const iouThr = opts.iouThreshold ?? 0.5;
  const scoreThr = opts.scoreThreshold ?? 0;
  let numGt = 0;
  let ignored = 0;
  const scored: MatchedDetection[] = [];
  for (const img of images) {
    numGt += img.groundTruth.filter((g) => g.classId === classId && g.ignore !== true).length;
    for (const m of matchImageClass(img.detections, img.groundTruth, classId, iouThr)) {
      if (m.outcome === 'ignored') ignored++;
      else scored.push(m);
    }
  }
  // Stable sort: equal scores keep image order (deterministic).
  scored.sort((a, b) => b.score - a.score);
  const recall: number[] = [];
  const precision: number[] = [];
  let tp = 0;
  let fp = 0;
  let tpAt = 0;
  let fpAt = 0;
  for (const m of scored) {
    if (m.outcome === 'tp') tp++;
    else fp++;
    recall.push(numGt > 0 ? tp / numGt : 0);
    precision.push(tp / (tp + fp));
    if (m.score >= scoreThr) {
      tpAt = tp;
      fpAt = fp;
    }
  }
  return {
    classId,
    numGt,
    ap: numGt > 0 ? averagePrecision(recall, precision) : Number.NaN,
    tp: tpAt,
    fp: fpAt,
    precision: tpAt + fpAt > 0 ? tpAt / (tpAt + fpAt) : Number.NaN,
    recall: numGt > 0 ? tpAt / numGt : Number.NaN,
    ignored,
  };
}

export interface AccuracyReport {
  perClass: ClassAccuracy[];
  /** Micro-averaged over the scored classes, at the score threshold. */
  tp: number;
  fp: number;
  numGt: number;
  precision: number;
  recall: number;
}

export function evaluateAccuracy(images: readonly ImageDetections[], opts: AccuracyOptions): AccuracyReport {
  const perClass = opts.classes.map((c) => evaluateClass(images, c, opts));
  const tp = perClass.reduce((n, c) => n + c.tp, 0);
  const fp = perClass.reduce((n, c) => n + c.fp, 0);
  const numGt = perClass.reduce((n, c) => n + c.numGt, 0);
  return {
    perClass,
    tp,
    fp,
    numGt,
    precision: tp + fp > 0 ? tp / (tp + fp) : Number.NaN,
    recall: numGt > 0 ? tp / numGt : Number.NaN,
  };
}
