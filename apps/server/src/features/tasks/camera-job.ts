import { randomUUID } from 'node:crypto';
import { RuleEngine, type RuleFiring, type RuleSetSpec, type CountSample, type TrackObservation } from '@argus/domain';
import { AnalysisPipeline, COCO_LABELS, type AnalysisFrame, type CameraAnalysisStats, type CameraDetector } from '@argus/vision';
import type { EventSeverity, NewEvent } from '../events/event-port';
import type { CameraFrames, CameraInput, FrameSourceKind, OpenedFrames } from './camera-frames';
import type { EventImagePool } from './event-image-pool';
import type { EventPublisher } from './event-publisher';
import { frameBox } from './frame-box';
import { FrameTap } from './frame-tap';
import type { CameraJobStatusView } from './task-runtime-port';
import { overlayMessage, type OverlayPublisher } from './overlay-message';

export interface CameraJobSpec {
  taskId: string;
  cameraId: string;
  input: CameraInput;
  rules: RuleSetSpec;
  fps: number;
  inputSize: number;
  minConfidence: number;
  /** Decode only key frames (task parameter keyframesOnly). */
  keyframesOnly?: boolean;
  priority: number;
  /** 'live': restart with backoff when the source fails or ends; 'offline': one pass over a file or range. */
  mode: 'live' | 'offline';
  startS?: number;
  durationS?: number;
  /** Wall clock of the first frame for offline runs (epoch ms); live jobs use the arrival time of each frame. */
  startWallMs?: number;
  /** Offline runs over a recorded range: a frame's recorded wall clock (epoch ms) from its pts, per segment; wins over startWallMs. */
  wallMsAt?: (ptsS: number) => number;
}

export interface CameraJobDeps {
  frames: CameraFrames;
  detector: (key: string, member: { share: number; priority: number; maxQueueWaitMs?: number }) => Promise<CameraDetector>;
  publisher: EventPublisher;
  /** Encodes and stores the event images after the publish. */
  images: Pick<EventImagePool, 'submit'>;
  saveCounts: (taskId: string, cameraId: string, counts: CountSample[]) => Promise<void>;
  restartBackoffMs: number;
  /** Live jobs: the longest a frame may wait for the shared detector before it is dropped (analysis.maxQueueWaitMs). */
  maxQueueWaitMs?: number;
  /** Live jobs wait for their turn before they start (start-spacing.ts). */
  startTurn?: () => Promise<void>;
  /**
   * Live jobs: the stride to start at, asked once the detector is ready (overload-policy.ts startingStride and
   * capacityStride: what the detector can take now, with the jobs already analysing); the job never starts below its
   * current stride.
   */
  startStride?: (job: CameraJob) => number;
  /** Sends the analysed objects to the camera's live viewers (live jobs; see overlay-message.ts). */
  overlay?: OverlayPublisher;
  log: (msg: string, extra?: Record<string, unknown>) => void;
  now?: () => number;
  onProgress?: (ptsS: number) => void;
}

function dateKey(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * One (task, camera) analysis job: frames → AnalysisPipeline (motion gate, shared detector, tracker) → RuleEngine →
 * firings → EventPublisher at once, and the snapshot and crop JPEGs → EventImagePool (workers, then the blob store).
 * A failure stays here: the job reports it in its status and (live) restarts itself with a doubling backoff.
 * close() is idempotent.
 */
export class CameraJob {
  readonly key: string;
  private pipeline: AnalysisPipeline | null = null;
  private tap: FrameTap | null = null;
  private closed = false;
  private wake: (() => void) | null = null;
  private lastStats: CameraAnalysisStats | null = null;
  private lastError: string | null = null;
  private lastEventAtMs: number | null = null;
  private sourceKind: FrameSourceKind | null = null;
  private failures = 0;
  private state: 'starting' | 'running' | 'failing' | 'ended' = 'starting';
  private stride = 1;
  private lastZonesAtMs = -Infinity;
  private lagSumMs = 0;
  private lagCount = 0;
  readonly done: Promise<void>;
  firings = 0;

  constructor(readonly spec: CameraJobSpec, private readonly deps: CameraJobDeps) {
    this.key = `${spec.taskId}/${spec.cameraId}${spec.mode === 'offline' ? `/run-${randomUUID().slice(0, 8)}` : ''}`;
    this.done = this.loop();
  }

  /** Overload degradation: pass only every `stride`-th frame (1 = full rate). */
  setStride(stride: number): void {
    this.stride = Math.max(1, Math.floor(stride));
    if (this.tap) this.tap.stride = this.stride;
  }

  get currentStride(): number {
    return this.stride;
  }

  /** Whether frames are being analysed (the pipeline runs), i.e. the job takes its share of the detector. */
  get analysing(): boolean {
    return this.pipeline !== null;
  }

  /**
   * Load since the previous call (the runtime's overload check): frames dropped by any stage so far (a total) and the
   * mean age of the frames analysed since the last call (capture → tracked result).
   */
  takeLoadSample(): { drops: number; lagMs: number | null } {
    const lagMs = this.lagCount > 0 ? this.lagSumMs / this.lagCount : null;
    this.lagSumMs = 0;
    this.lagCount = 0;
    return { drops: (this.pipeline?.stats() ?? this.lastStats)?.drops.total ?? 0, lagMs };
  }

  private async loop(): Promise<void> {
    let delay = this.deps.restartBackoffMs;
    while (!this.closed) {
      try {
        await this.runOnce();
        if (this.spec.mode === 'offline' || this.closed) break;
        throw new Error('the camera stream ended');
      } catch (err) {
        if (this.closed) break;
        this.failures++;
        this.state = 'failing';
        this.lastError = (err as Error).message || String(err);
        this.deps.log('analysis job failed', { job: this.key, error: this.lastError, retryInMs: delay });
        if (this.spec.mode === 'offline') throw err;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = null;
        delay = Math.min(60_000, delay * 2);
      }
    }
    this.state = 'ended';
  }

  private async runOnce(): Promise<void> {
    const s = this.spec;
    if (s.mode === 'live') await this.deps.startTurn?.();
    if (this.closed) return;
    // The detector first (the model loads and warms up once per server): frames that arrived while it loaded would
    // only be analysed late. Live frames older than the queue-wait limit are dropped rather than analysed late;
    // offline frames never are.
    const detector = await this.deps.detector(this.key, { share: s.priority, priority: 0, ...(s.mode === 'live' && this.deps.maxQueueWaitMs !== undefined ? { maxQueueWaitMs: this.deps.maxQueueWaitMs } : {}) });
    if (this.closed) return detector.release();
    if (s.mode === 'live' && this.deps.startStride) this.setStride(Math.max(this.stride, this.deps.startStride(this)));
    let opened: OpenedFrames;
    try {
      opened = await this.deps.frames.open(s.input, { cameraId: s.cameraId, fps: s.fps, width: s.inputSize, realtime: s.mode === 'live', ...(s.keyframesOnly ? { keyframesOnly: true } : {}), ...(s.startS !== undefined ? { startS: s.startS } : {}), ...(s.durationS !== undefined ? { durationS: s.durationS } : {}) });
    } catch (err) {
      detector.release();
      throw err;
    }
    this.sourceKind = opened.kind;
    this.deps.log('analysis job started', { job: this.key, frameSource: opened.kind });
    const now = this.deps.now ?? Date.now;
    const timing = opened.timing;
    const tap = new FrameTap(opened.source, 12, now, timing ? (i) => timing(i)?.wallMs : undefined);
    tap.stride = this.stride;
    this.tap = tap;
    const classes = [...new Set(s.rules.rules.flatMap((r) => r.classes ?? (r.type === 'left_behind' || r.type === 'removed' ? ['backpack', 'handbag', 'suitcase'] : ['person'])))];
    const classIds = classes.map((c) => COCO_LABELS.indexOf(c)).filter((i) => i >= 0);
    const engine = new RuleEngine(s.rules);
    const pipeline = new AnalysisPipeline({
      camera: this.key,
      source: tap,
      detector: Promise.resolve(detector),
      filter: { classes: classIds, minScore: s.minConfidence },
    });
    this.pipeline = pipeline;
    if (this.closed) {
      await pipeline.close();
      return;
    }
    try {
      await pipeline.run((af) => this.onFrame(af, engine, tap, timing));
      this.state = 'ended';
    } finally {
      this.lastStats = pipeline.stats();
      this.pipeline = null;
      await pipeline.close();
    }
  }

  private onFrame(af: AnalysisFrame, engine: RuleEngine, tap: FrameTap, timing: OpenedFrames['timing']): void {
    if (this.state !== 'running') {
      this.state = 'running';
      this.failures = 0;
    }
    const s = this.spec;
    this.deps.onProgress?.(af.frame.ptsS);
    const held = tap.frame(af.frame.index);
    const wallMs = s.wallMsAt ? s.wallMsAt(af.frame.ptsS) : s.startWallMs !== undefined ? s.startWallMs + af.frame.ptsS * 1000 : held?.wallMs ?? (this.deps.now ?? Date.now)();
    if (s.mode === 'live' && held && !af.end) {
      this.lagSumMs += Math.max(0, (this.deps.now ?? Date.now)() - held.wallMs);
      this.lagCount++;
    }
    const { width, height } = af.frame;
    const tracks: TrackObservation[] = af.end ? [] : af.objects
      .filter((o) => o.age === 0)
      .map((o) => ({ trackId: String(o.trackId), className: o.label, confidence: o.score, box: frameBox(o.box, width, height) }));
    if (s.mode === 'live' && this.deps.overlay && !af.end) {
      const nowMs = (this.deps.now ?? Date.now)();
      const withZones = nowMs - this.lastZonesAtMs >= 1000;
      const decodeTimeS = timing?.(af.frame.index)?.decodeTimeS ?? af.frame.ptsS;
      const sent = this.deps.overlay(s.cameraId, overlayMessage(decodeTimeS, tracks, withZones ? s.rules : null));
      if (withZones && sent > 0) this.lastZonesAtMs = nowMs;
    }
    const out = engine.process({ timeS: af.frame.ptsS, wallMs, tracks });
    if (af.endedTracks.length > 0) engine.forget(af.endedTracks.map((t) => String(t.trackId)));
    for (const firing of out.firings) this.fire(firing, held, wallMs);
    if (out.counts.length > 0) {
      this.deps.saveCounts(s.taskId, s.cameraId, out.counts).catch((err: unknown) => this.deps.log('saving counts failed', { job: this.key, error: (err as Error).message }));
    }
  }

  private fire(f: RuleFiring, held: ReturnType<FrameTap['frame']>, wallMs: number): void {
    const s = this.spec;
    this.firings++;
    this.lastEventAtMs = wallMs;
    const capturedAtMs = held?.wallMs ?? wallMs;
    const rule = s.rules.rules[f.ruleIndex];
    const severity: EventSeverity = rule?.severity ?? 'minor';
    // Publish first, store the images afterwards (event-image-pool.ts): the keys are decided now; a firing whose
    // images the pool refuses (queue full) is published without keys.
    const base = `events/${s.cameraId}/${dateKey(wallMs)}/${randomUUID()}`;
    let snapshotKey: string | undefined;
    let cropKey: string | undefined;
    if (held) {
      const { frame } = held;
      const boxes = f.boxes.map((b) => ({ x: b.box.x * frame.width, y: b.box.y * frame.height, w: b.box.w * frame.width, h: b.box.h * frame.height }));
      const snap = `${base}-snapshot.jpg`;
      const crop = boxes.length > 0 ? `${base}-crop.jpg` : null;
      if (this.deps.images.submit({ frame, boxes, snapshotKey: snap, cropKey: crop })) {
        snapshotKey = snap;
        cropKey = crop ?? undefined;
      }
    }
    const event: NewEvent = {
      cameraId: s.cameraId,
      origin: { kind: 'rule', taskId: s.taskId, ruleName: f.ruleName, ...(f.ruleId !== undefined ? { ruleId: f.ruleId } : {}) },
      type: f.type,
      className: f.className,
      trackId: f.trackId,
      severity,
      occurredAtMs: Math.round(wallMs),
      confidence: f.confidence,
      boxes: f.boxes.map((b) => ({ ...b.box, className: b.className, confidence: b.confidence, trackId: b.trackId })),
      ...(snapshotKey ? { snapshotKey } : {}),
      ...(cropKey ? { cropKey } : {}),
      details: { ...f.details, ruleIndex: f.ruleIndex, origin: s.mode },
      dedupKey: `${s.taskId}:${f.ruleId ?? f.ruleIndex}:${f.trackId ?? '-'}:${s.cameraId}`,
      capturedAtMs: Math.round(capturedAtMs),
    };
    this.deps.publisher.enqueue(event);
  }

  status(taskEnabled: boolean, nominalFps: number): CameraJobStatusView {
    const st = this.pipeline?.stats() ?? this.lastStats;
    const degraded = this.stride > 1;
    const state = !taskEnabled ? 'paused' : this.state === 'failing' ? 'failing' : degraded ? 'degraded' : this.state === 'running' ? 'running' : 'stopped';
    const reason = state === 'failing' ? this.lastError
      : state === 'degraded' ? `detector overloaded: analysing every ${this.stride}th frame`
      : this.state === 'starting' ? 'starting' : this.state === 'ended' ? 'ended' : null;
    const inf = st && st.inferenceMs.count > 0 ? st.inferenceMs : null;
    return {
      cameraId: this.spec.cameraId,
      state,
      reason,
      frameSource: this.sourceKind,
      fpsIn: st?.fpsIn ?? 0,
      fpsOut: st?.fpsOut ?? 0,
      drops: (st?.drops.total ?? 0) + (this.tap?.skipped ?? 0),
      inferenceP50Ms: inf ? inf.p50 : null,
      inferenceP95Ms: inf ? inf.p95 : null,
      lastError: this.lastError,
      lastEventAtMs: this.lastEventAtMs,
      degradedFps: degraded ? nominalFps / this.stride : null,
    };
  }

  pipelineStats(): CameraAnalysisStats | null {
    return this.pipeline?.stats() ?? this.lastStats;
  }

  async close(): Promise<void> {
    if (this.closed) return this.done.catch(() => undefined);
    this.closed = true;
    this.wake?.();
    await this.pipeline?.close();
    await this.done.catch(() => undefined);
  }
}
