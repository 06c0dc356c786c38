/**
 * Motion-gate evaluation on real clips: runs frame source → motion gate → detector → tracker (the gate sees the
 * tracker's live tracks, as in production) and measures
 * - the share of frames skipped, overall and on given static stretches (no one moving; lighting changes allowed),
 * - with MOTChallenge ground truth: every ground-truth person left without a detector run for longer than
 *   `maxGapS` while present (a "miss").
 */
import type { MotionGateOptions, MotionGateStats } from '../motion/motion-gate';
import type { ByteTrackerOptions } from '../track/byte-tracker';
import type { DetectionFilter } from '../track/detection-filter';
import type { Detector } from '../types';
import { groupById, readMotFile } from './mot-format';
import { type GateTraceEntry, runTracking } from './tracking-run';

export interface GateMiss {
  gtId: number;
  /** The detector-off interval (seconds) within the person's presence. */
  fromS: number;
  toS: number;
  gapS: number;
}

/**
 * Detector-off gaps longer than `maxGapS` during each person's presence. `runTimesS` are the times the detector ran
 * (sorted); `presence` maps an id to its first and last time seen; the person counts as present in between.
 */
export function gateMisses(runTimesS: readonly number[], presence: ReadonlyMap<number, [number, number]>, maxGapS: number): GateMiss[] {
  const misses: GateMiss[] = [];
  for (const [gtId, [start, end]] of presence) {
    // Off-intervals are the open gaps between consecutive runs, plus before the first and after the last run.
    const bounds = [Number.NEGATIVE_INFINITY, ...runTimesS, Number.POSITIVE_INFINITY];
    for (let i = 0; i + 1 < bounds.length; i++) {
      const from = Math.max(bounds[i]!, start);
      const to = Math.min(bounds[i + 1]!, end);
      if (to - from > maxGapS + 1e-9) misses.push({ gtId, fromS: from, toS: to, gapS: to - from });
    }
  }
  return misses;
}

/** Share of trace entries inside the stretches (seconds, inclusive) on which the detector did not run. */
export function staticSkipShare(trace: readonly GateTraceEntry[], stretches: ReadonlyArray<readonly [number, number]>): { frames: number; skipped: number; share: number } {
  let frames = 0;
  let skipped = 0;
  for (const e of trace) {
    if (!stretches.some(([a, b]) => e.ptsS >= a && e.ptsS <= b)) continue;
    frames += 1;
    if (!e.run) skipped += 1;
  }
  return { frames, skipped, share: frames > 0 ? skipped / frames : 0 };
}

export interface GateEvalOptions {
  video: string;
  detector: Detector;
  /** Analysis rate; default 5 fps (the product's default). */
  fps?: number;
  /** Static stretches in seconds from the start of the clip. */
  staticStretches?: ReadonlyArray<readonly [number, number]>;
  /** MOTChallenge ground truth (gt frame 1 = video frame index 0) to count misses. */
  gt?: string;
  /** Video frame rate, to put gt frames on the time axis. Required with `gt`. */
  sourceFps?: number;
  /** Last video frame index to analyse (e.g. the end of the ground truth). */
  toIndex?: number;
  /** Longest tolerated detector-off time while a person is present. Default 1 s. */
  maxGapS?: number;
  gate?: MotionGateOptions;
  tracker?: ByteTrackerOptions;
  filter?: DetectionFilter;
  ffmpegPath?: string;
}

export interface GateEvalResult {
  frames: number;
  detectorRuns: number;
  skipShare: number;
  static: { frames: number; skipped: number; share: number };
  gate: MotionGateStats;
  misses: GateMiss[];
  gtPersons: number;
  /** Longest detector-off interval while any gt person was present (0 without gt). */
  maxGapWithPersonS: number;
  trace: GateTraceEntry[];
}

export async function runGateEval(opts: GateEvalOptions): Promise<GateEvalResult> {
  const run = await runTracking({
    video: opts.video,
    detector: opts.detector,
    fps: opts.fps ?? 5,
    toIndex: opts.toIndex,
    gate: opts.gate ?? {},
    tracker: opts.tracker,
    filter: opts.filter ?? { classes: [0] },
    ffmpegPath: opts.ffmpegPath,
  });
  const runTimes = run.trace.filter((e) => e.run).map((e) => e.ptsS);
  let misses: GateMiss[] = [];
  let gtPersons = 0;
  let maxGap = 0;
  if (opts.gt !== undefined) {
    if (opts.sourceFps === undefined) throw new Error('runGateEval: sourceFps is needed with gt');
    const lastS = run.trace.at(-1)?.ptsS ?? 0;
    const presence = new Map<number, [number, number]>();
    for (const [id, boxes] of groupById(await readMotFile(opts.gt))) {
      const start = (boxes[0]!.frame - 1) / opts.sourceFps;
      const end = Math.min((boxes.at(-1)!.frame - 1) / opts.sourceFps, lastS);
      if (end >= start) presence.set(id, [start, end]);
    }
    gtPersons = presence.size;
    misses = gateMisses(runTimes, presence, opts.maxGapS ?? 1);
    maxGap = Math.max(0, ...gateMisses(runTimes, presence, 0).map((m) => m.gapS));
  }
  return {
    frames: run.frames,
    detectorRuns: run.detectorRuns,
    skipShare: run.frames > 0 ? 1 - run.detectorRuns / run.frames : 0,
    static: staticSkipShare(run.trace, opts.staticStretches ?? []),
    gate: run.gate!,
    misses,
    gtPersons,
    maxGapWithPersonS: maxGap,
    trace: run.trace,
  };
}
