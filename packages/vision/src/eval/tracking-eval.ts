/**
 * `runTrackEval`: the tracking benchmark behind `npx argus eval track`. Decodes every frame of a video, detects
 * (YOLOX-Nano by default, persons only), tracks, and scores the tracks against MOTChallenge ground truth
 * (gt frame 1 = the first video frame) over a frame range: MOTA, IDF1, ID switches, and line crossings per
 * direction against those of the ground-truth tracks over the same line.
 */
import { writeFile } from 'node:fs/promises';
import { createYoloxDetector } from '../detect/index';
import type { ByteTrackerOptions } from '../track/byte-tracker';
import type { DetectionFilter } from '../track/detection-filter';
import type { Detector } from '../types';
import { type NormalisedLine, parseLine } from './crossings';
import { formatMot, readMotFile } from './mot-format';
import { DEFAULT_COUNT_LINE, scoreTracking, type TrackingScore, trackingSummaryLine } from './tracking-metrics';
import { runTracking } from './tracking-run';

/**
 * Tracker settings used by the evaluation (and recommended for pedestrians at 5–10 fps): ByteTrack's thresholds,
 * the matched detection's box as output, and lost tracks kept for 5 s (people stay hidden behind PETS09's lamp post
 * and each other for 3-4 s; 5 s gave +0.015 IDF1 at every NMS setting tried, see docs/accuracy.md).
 */
export const TRACK_EVAL_TRACKER: ByteTrackerOptions = {
  highScore: 0.5,
  lowScore: 0.1,
  newTrackScore: 0.6,
  maxLostS: 5,
  minHits: 2,
  reportedBox: 'detection',
};

/**
 * Detections the tracker gets: persons, and not lower than 7 % of the frame height (PETS09-S2L1's ground truth
 * leaves out the people on the far path, about 20 px high at 480×360; its smallest annotated box is 30 px).
 */
export const TRACK_EVAL_FILTER: DetectionFilter = { classes: [0], minHeightFraction: 0.07 };

/** YOLOX settings for tracking: a low score floor (ByteTrack uses the low-score boxes) and ByteTrack's NMS IoU 0.7. */
export const TRACK_EVAL_DETECTOR = { scoreThreshold: 0.1, nmsIouThreshold: 0.7, classes: [0] } as const;

export interface TrackEvalOptions {
  video: string;
  /** MOTChallenge ground truth file. */
  gt: string;
  /** Inclusive MOT frame range (1-based); default the ground truth's. */
  fromFrame?: number;
  toFrame?: number;
  /** Counting line, "x1,y1,x2,y2" or an object, in 0..1 coordinates; default "0,0.5,1,0.5". */
  line?: string | NormalisedLine;
  /** A detector to use; default YOLOX-Nano (closed again by the evaluation; a given one is left open). */
  detector?: Detector;
  /** Model file for the default detector. */
  modelPath?: string;
  tracker?: ByteTrackerOptions;
  /** Offline option (not the live default): fill track gaps of up to this many frames, output lagged as much. Default 0. */
  gapFillFrames?: number;
  filter?: DetectionFilter;
  ffmpegPath?: string;
  /** Also write the predicted tracks in MOTChallenge format here. */
  predictionsOut?: string;
}

export interface TrackEvalResult {
  mota: number;
  idf1: number;
  idsw: number;
  motp: number;
  fp: number;
  fn: number;
  idp: number;
  idr: number;
  mostlyTracked: number;
  mostlyLost: number;
  gtTrajectories: number;
  predictedTracks: number;
  crossings: { a2b: number; b2a: number; gtA2b: number; gtB2a: number };
  countingError: { a2b: number; b2a: number; total: number };
  fromFrame: number;
  toFrame: number;
  frames: number;
  detector: string;
  detectMsPerFrame: number;
  /** `MOTA=<x> IDF1=<x> idsw=<n>; crossings a2b=<n>/<gt n> b2a=<n>/<gt n>` */
  summaryLine: string;
  score: TrackingScore;
}

export async function runTrackEval(opts: TrackEvalOptions): Promise<TrackEvalResult> {
  const gtRows = await readMotFile(opts.gt);
  if (gtRows.length === 0) throw new Error(`${opts.gt}: no ground-truth rows`);
  const line = opts.line === undefined ? DEFAULT_COUNT_LINE : typeof opts.line === 'string' ? parseLine(opts.line) : opts.line;
  const gtFrames = gtRows.map((r) => r.frame);
  const fromFrame = opts.fromFrame ?? Math.min(...gtFrames);
  const toFrame = opts.toFrame ?? Math.max(...gtFrames);
  if (!(fromFrame >= 1) || !(toFrame >= fromFrame)) throw new Error(`bad frame range ${fromFrame}..${toFrame}`);
  const detector = opts.detector ?? (await createYoloxDetector({ modelPath: opts.modelPath, ...TRACK_EVAL_DETECTOR }));
  try {
    const run = await runTracking({
      video: opts.video,
      detector,
      fromIndex: fromFrame - 1,
      toIndex: toFrame - 1,
      fps: 'source',
      tracker: opts.tracker ?? TRACK_EVAL_TRACKER,
      gapFillFrames: opts.gapFillFrames ?? 0,
      filter: opts.filter ?? TRACK_EVAL_FILTER,
      ffmpegPath: opts.ffmpegPath,
    });
    if (run.frames === 0) throw new Error(`${opts.video}: no frame in ${fromFrame}..${toFrame}`);
    if (opts.predictionsOut !== undefined) await writeFile(opts.predictionsOut, formatMot(run.rows));
    const score = scoreTracking(gtRows, run.rows, { fromFrame, toFrame, line, frameSize: run.frameSize });
    return {
      mota: score.clear.mota,
      idf1: score.id.idf1,
      idsw: score.clear.idsw,
      motp: score.clear.motp,
      fp: score.clear.fp,
      fn: score.clear.fn,
      idp: score.id.idp,
      idr: score.id.idr,
      mostlyTracked: score.clear.mostlyTracked,
      mostlyLost: score.clear.mostlyLost,
      gtTrajectories: score.clear.gtTrajectories,
      predictedTracks: score.predictedTracks,
      crossings: score.crossings,
      countingError: score.countingError,
      fromFrame,
      toFrame,
      frames: run.frames,
      detector: detector.name,
      detectMsPerFrame: run.detectMsPerFrame,
      summaryLine: trackingSummaryLine(score),
      score,
    };
  } finally {
    if (opts.detector === undefined) await detector.close();
  }
}
