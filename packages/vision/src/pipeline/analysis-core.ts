/**
 * The synchronous core of one camera's analysis (pure: no timers, no I/O). Per frame:
 *   1. `decide(frame)`: the motion gate says whether the detector must run (it sees the tracker's live tracks);
 *   2. the caller runs the detector (async, outside the core) when it must;
 *   3. `process(frame, detections | null, gate)`: the detections (after the detection filter) update the tracker,
 *      matched objects are offered to the best-snapshot selector (a crop is cut only when it becomes the best), and
 *      tracks the tracker no longer keeps come out as ended tracks with their best snapshot.
 * `end()` closes the stream: every remaining track ends. Frames where the detector did not run leave the tracker
 * untouched (its Kalman time step simply spans the gap at the next analysed frame).
 */
import { MotionGate, type MotionGateOptions, type MotionGateStats } from '../motion/motion-gate';
import { type BestSnapshotOptions, BestSnapshotSelector } from '../track/best-snapshot';
import { ByteTracker, type ByteTrackerOptions } from '../track/byte-tracker';
import { type DetectionFilter, filterDetections } from '../track/detection-filter';
import { clipBox } from '../track/sharpness';
import type { ClassId, Detection, Frame, TrackedObject } from '../types';
import type { AnalysisFrame, AnalysisFrameMeta, AnalysisGateReason, EndedTrack, SnapshotCrop } from './analysis-types';
import { cropFrame } from './snapshot-crop';

export interface AnalysisCoreOptions {
  /** Camera id, copied into every output. */
  camera: string;
  /** Motion gate in front of the detector; false runs the detector on every frame. Default: the gate's defaults. */
  gate?: MotionGateOptions | false;
  tracker?: ByteTrackerOptions;
  /** Which detections the tracker gets (classes, score floor, minimum height). Default: all. */
  filter?: DetectionFilter;
  /** Best snapshot per track; false turns snapshots (and their crops) off. Default: the selector's defaults. */
  snapshots?: BestSnapshotOptions | false;
  /** Objects reported on frames where the detector did not run: the last analysed frame's ('held', default) or none. */
  skippedObjects?: 'held' | 'none';
}

export interface GateStep {
  run: boolean;
  reason: AnalysisGateReason;
}

export interface AnalysisCoreStats {
  frames: number;
  /** Frames the detector ran on. */
  analysed: number;
  /** Frames the gate skipped. */
  skipped: number;
  /** Frames the gate wanted analysed but whose detection was dropped. */
  dropped: number;
  gate: MotionGateStats | null;
  tracksAlive: number;
  tracksEnded: number;
  /** Objects reported over all analysed frames. */
  objects: number;
}

interface TrackRecord {
  classId: ClassId;
  label: string;
  firstPtsS: number;
  lastPtsS: number;
  frames: number;
}

/** What the selector keeps per candidate: filled with a crop only when the candidate becomes the track's best. */
interface CropHolder {
  crop: SnapshotCrop | null;
}

export class AnalysisCore {
  readonly camera: string;
  private readonly gate: MotionGate | null;
  private readonly tracker: ByteTracker;
  private readonly filter: DetectionFilter;
  private readonly selector: BestSnapshotSelector<CropHolder> | null;
  private readonly holdObjects: boolean;
  private readonly tracks = new Map<number, TrackRecord>();
  private lastObjects: TrackedObject[] = [];
  private lastMeta: AnalysisFrameMeta | null = null;
  private ended = false;
  private readonly counts = { frames: 0, analysed: 0, skipped: 0, dropped: 0, tracksEnded: 0, objects: 0 };

  constructor(opts: AnalysisCoreOptions) {
    this.camera = opts.camera;
    this.gate = opts.gate === false ? null : new MotionGate(opts.gate ?? {});
    this.tracker = new ByteTracker(opts.tracker);
    this.filter = opts.filter ?? {};
    this.selector = opts.snapshots === false ? null : new BestSnapshotSelector<CropHolder>(opts.snapshots ?? {});
    this.holdObjects = (opts.skippedObjects ?? 'held') === 'held';
  }

  /** The gate's decision for a frame (always 'run' without a gate). Call once per frame, before `process`. */
  decide(frame: Frame): GateStep {
    if (this.gate === null) return { run: true, reason: 'always' };
    const d = this.gate.process({ frame, tracksAlive: this.tracker.aliveCount });
    return { run: d.run, reason: d.reason };
  }

  /**
   * Feeds one frame: `detections` are the detector's output for it, or null when the detector did not run (gate
   * skipped it, or the request was dropped: pass `{ run: false, reason: 'dropped' }`).
   */
  process(frame: Frame, detections: readonly Detection[] | null, gate: GateStep): AnalysisFrame {
    if (this.ended) throw new Error(`analysis of camera ${this.camera}: process() after end()`);
    const meta: AnalysisFrameMeta = { index: frame.index, ptsS: frame.ptsS, width: frame.width, height: frame.height };
    this.lastMeta = meta;
    this.counts.frames += 1;
    if (detections === null) {
      if (gate.reason === 'dropped') this.counts.dropped += 1;
      else this.counts.skipped += 1;
      return {
        camera: this.camera,
        frame: meta,
        objects: this.holdObjects ? [...this.lastObjects] : [],
        gate: { ran: false, reason: gate.reason },
        endedTracks: [],
      };
    }
    this.counts.analysed += 1;
    const objects = this.tracker.update(filterDetections(detections, frame.height, this.filter), frame.ptsS);
    this.counts.objects += objects.length;
    for (const o of objects) this.observe(frame, o);
    this.lastObjects = objects;
    const alive = new Set(this.tracker.aliveTrackIds());
    const endedTracks = [...this.tracks.keys()].filter((id) => !alive.has(id)).map((id) => this.endTrack(id));
    return { camera: this.camera, frame: meta, objects, gate: { ran: true, reason: gate.reason }, endedTracks };
  }

  /**
   * Ends the stream: every remaining track ends. Returns the closing item (null when no frame was ever processed).
   * Idempotent: later calls return null.
   */
  end(): AnalysisFrame | null {
    if (this.ended) return null;
    this.ended = true;
    const meta = this.lastMeta;
    if (meta === null) return null;
    const endedTracks = [...this.tracks.keys()].map((id) => this.endTrack(id));
    this.lastObjects = [];
    return { camera: this.camera, frame: meta, objects: [], gate: { ran: false, reason: 'end' }, endedTracks, end: true };
  }

  /** Confirmed or lost-but-kept tracks right now (what the gate's keep-alive looks at). */
  get tracksAlive(): number {
    return this.tracker.aliveCount;
  }

  stats(): AnalysisCoreStats {
    return { ...this.counts, gate: this.gate?.stats ?? null, tracksAlive: this.tracker.aliveCount };
  }

  private observe(frame: Frame, o: TrackedObject): void {
    const rec = this.tracks.get(o.trackId);
    if (rec === undefined) {
      this.tracks.set(o.trackId, { classId: o.classId, label: o.label, firstPtsS: frame.ptsS, lastPtsS: frame.ptsS, frames: 1 });
    } else {
      rec.lastPtsS = frame.ptsS;
      rec.frames += 1;
    }
    if (this.selector === null || o.age !== 0 || clipBox(o.box, frame.width, frame.height) === null) return;
    const holder: CropHolder = { crop: null };
    const best = this.selector.offer({ trackId: o.trackId, box: o.box, score: o.score, ptsS: frame.ptsS, frameIndex: frame.index, frame, ref: holder });
    if (best) holder.crop = cropFrame(frame, o.box);
  }

  private endTrack(id: number): EndedTrack {
    const rec = this.tracks.get(id)!;
    this.tracks.delete(id);
    this.counts.tracksEnded += 1;
    const s = this.selector?.take(id);
    const crop = s?.ref.crop ?? null;
    return {
      trackId: id,
      classId: rec.classId,
      label: rec.label,
      firstPtsS: rec.firstPtsS,
      lastPtsS: rec.lastPtsS,
      frames: rec.frames,
      snapshot:
        s === undefined || crop === null
          ? null
          : { box: s.box, score: s.score, ptsS: s.ptsS, frameIndex: s.frameIndex, quality: s.quality, crop },
    };
  }
}
