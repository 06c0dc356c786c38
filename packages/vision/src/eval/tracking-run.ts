/**
 * Runs the analysis chain over a video file — frame source → (motion gate) → detector → tracker — and records the
 * tracks as MOTChallenge rows (frame = video frame index + 1) plus what the gate decided. Used by the tracking and
 * motion-gate evaluations.
 */
import { openFrameSource } from '../frames/frame-source';
import { MotionGate, type GateReason, type MotionGateOptions, type MotionGateStats } from '../motion/motion-gate';
import { ByteTracker, type ByteTrackerOptions } from '../track/byte-tracker';
import { type DetectionFilter, filterDetections } from '../track/detection-filter';
import { GapFiller, type LaggedFrame } from '../track/gap-filler';
import type { Detector, Frame, TrackedObject } from '../types';
import type { MotRow } from './mot-format';

export interface TrackingRunOptions {
  video: string;
  detector: Detector;
  /** First and last video frame index (0-based, inclusive) to analyse; frames before are decoded and skipped. */
  fromIndex?: number;
  toIndex?: number;
  /** Sampling rate; default every frame of the source. */
  fps?: number | 'source';
  tracker?: ByteTrackerOptions;
  /**
   * Offline option: record the tracks with a fixed lag of this many analysed frames and fill a track's gaps of up to
   * that many frames by interpolation (track/gap-filler.ts). Default 0: the rows are the tracker's online output.
   */
  gapFillFrames?: number;
  filter?: DetectionFilter;
  /** Run a motion gate in front of the detector; default none (every frame is analysed). */
  gate?: MotionGateOptions | false;
  ffmpegPath?: string;
  onFrame?: (info: { frame: Frame; ran: boolean; objects: TrackedObject[] }) => void;
}

export interface GateTraceEntry {
  index: number;
  ptsS: number;
  run: boolean;
  reason: GateReason;
}

export interface TrackingRunResult {
  rows: MotRow[];
  frameSize: { width: number; height: number };
  frames: number;
  detectorRuns: number;
  /** Mean wall time of one detector call, in ms. */
  detectMsPerFrame: number;
  gate: MotionGateStats | null;
  trace: GateTraceEntry[];
}

export async function runTracking(opts: TrackingRunOptions): Promise<TrackingRunResult> {
  const fromIndex = opts.fromIndex ?? 0;
  const toIndex = opts.toIndex ?? Number.POSITIVE_INFINITY;
  const source = await openFrameSource({ input: opts.video, fps: opts.fps ?? 'source', format: 'bgr24', ffmpegPath: opts.ffmpegPath });
  const tracker = new ByteTracker(opts.tracker);
  const gate = opts.gate === false || opts.gate === undefined ? null : new MotionGate(opts.gate);
  const rows: MotRow[] = [];
  const gapFiller = new GapFiller<number>(opts.gapFillFrames ?? 0);
  const record = (frames: Array<LaggedFrame<number>>): void => {
    for (const f of frames) for (const o of f.objects) rows.push({ frame: f.meta + 1, id: o.trackId, box: o.box, conf: o.score });
  };
  const trace: GateTraceEntry[] = [];
  let frameSize = { width: 0, height: 0 };
  let frames = 0;
  let detectorRuns = 0;
  let detectMs = 0;
  try {
    for await (const frame of source) {
      if (frame.index < fromIndex) continue;
      if (frame.index > toIndex) break;
      frames += 1;
      frameSize = { width: frame.width, height: frame.height };
      const decision = gate?.process({ frame, tracksAlive: tracker.aliveCount }) ?? null;
      const run = decision?.run ?? true;
      trace.push({ index: frame.index, ptsS: frame.ptsS, run, reason: decision?.reason ?? 'motion' });
      let objects: TrackedObject[] = [];
      if (run) {
        const t0 = performance.now();
        const [dets = []] = await opts.detector.detect([frame]);
        detectMs += performance.now() - t0;
        detectorRuns += 1;
        objects = tracker.update(filterDetections(dets, frame.height, opts.filter), frame.ptsS);
        record(gapFiller.push(frame.index, frame.ptsS, objects));
      }
      opts.onFrame?.({ frame, ran: run, objects });
    }
    record(gapFiller.flush());
  } finally {
    await source.close();
  }
  return {
    rows,
    frameSize,
    frames,
    detectorRuns,
    detectMsPerFrame: detectorRuns > 0 ? detectMs / detectorRuns : 0,
    gate: gate?.stats ?? null,
    trace,
  };
}
