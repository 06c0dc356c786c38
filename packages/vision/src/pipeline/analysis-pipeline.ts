/**
 * One camera's analysis: frame source → bounded hand-off → motion gate → detector → tracker → `AnalysisFrame`s, as
 * an async iterable. The async shell around `AnalysisCore`:
 *
 * - A pump pulls frames from the source as they come and puts them into the hand-off ('drop-oldest' for live inputs
 *   and real-time files: the newest frame wins and drops are counted, so a slow detector never stalls the source;
 *   'block' for files decoded as fast as possible, so nothing is lost).
 * - Iterating drives the analysis: each `next()` takes a frame from the hand-off, asks the gate, awaits the detector
 *   when the gate says so, and returns the core's output. A consumer that stops iterating only makes the hand-off drop.
 *   With `lookahead` (default 1) a frame already waiting is sent to the detector before the current one is tracked,
 *   so the detector does not idle between this camera's frames.
 * - Errors stay on this camera: a source that is not a video, that stops mid-stream, or a detector that cannot load
 *   its model ends this iterator with an `AnalysisPipelineError` (after a closing item that ends the remaining
 *   tracks, when frames were analysed); other cameras, even on the same SharedDetector, go on.
 * - `close()` is idempotent, stops the pump, kills ffmpeg (and waits for it), and leaves the shared detector.
 */
import { type FfmpegFrameSource, type FrameSourceOptions, openFrameSource } from '../frames/frame-source';
import { RateMeter } from '../frames/rate-meter';
import type { GateReason } from '../motion/motion-gate';
import type { Frame } from '../types';
import { AnalysisCore, type AnalysisCoreOptions, type GateStep } from './analysis-core';
import type { AnalysisFrame } from './analysis-types';
import { FrameHandoff, type HandoffOverflow } from './frame-handoff';
import { LatencyWindow, type LatencySummary } from './latency-window';
import { AnalysisPipelineError, isTransientDetectionError, toAnalysisError } from './pipeline-errors';
import type { CameraDetector, DetectResult } from './shared-detector';

/** Any frame source: an async iterable of frames, optionally closable and with stats (FfmpegFrameSource fits). */
export interface FrameSourceLike extends AsyncIterable<Frame> {
  close?(): Promise<void> | void;
  stats?(): { framesDropped?: number; queueDepth?: number };
  readonly pid?: number | undefined;
}

export interface AnalysisPipelineOptions extends Omit<AnalysisCoreOptions, 'camera'> {
  camera: string;
  /**
   * ffmpeg frame source options (opened by the pipeline; when neither width nor height is given, frames are scaled
   * to the detector's input width; the source buffers 2 frames unless told otherwise), or any frame source.
   */
  source: FrameSourceOptions | FrameSourceLike;
  /** The camera's detector (usually `SharedDetector.register(camera)`), or a promise of it (a failure fails the camera). */
  detector: CameraDetector | Promise<CameraDetector>;
  /** Model input size for scaling the frame source; default the detector's (`CameraDetector.inputSize`). */
  inputSize?: { width: number; height: number };
  handoff?: {
    /** Frames held between source and analysis; default 2. */
    capacity?: number;
    /** Default 'block' for files decoded as fast as possible, else 'drop-oldest'. */
    overflow?: HandoffOverflow;
  };
  /**
   * Frames already waiting in the hand-off that are sent to the detector while an earlier frame is still being
   * detected or tracked, so the detector never waits for this camera's own work between frames; default 1, 0 = off.
   * (The gate decides those frames before the earlier frame has updated the tracker: its keep-alive sees the live
   * tracks one frame late.)
   */
  lookahead?: number;
}

export type PipelineState = 'starting' | 'running' | 'ended' | 'failed' | 'closed';

export interface CameraAnalysisStats {
  camera: string;
  state: PipelineState;
  error: { code: string; stage: string; message: string } | null;
  /** Frames the source delivered to the pipeline. */
  framesIn: number;
  /** Analysis results produced (one per frame taken from the hand-off). */
  framesOut: number;
  /** Rates over the last 5 s. */
  fpsIn: number;
  fpsOut: number;
  /** Detector runs per second (last 5 s). */
  fpsAnalysed: number;
  analysed: number;
  /** Frames the motion gate let pass without running the detector. */
  skippedByGate: number;
  gateReasons: Record<GateReason, number> | null;
  drops: {
    /** In the frame source's own buffer. */
    source: number;
    /** In the hand-off (newest wins). */
    handoff: number;
    /** Requests the shared detector dropped for a newer frame. */
    detector: number;
    total: number;
  };
  queueDepth: number;
  /** Duration of the detector call each analysed frame was part of (ms). */
  inferenceMs: LatencySummary;
  /** From handing the frame to the detector to its result, queue wait included (ms). */
  detectLatencyMs: LatencySummary;
  tracksAlive: number;
  tracksEnded: number;
  /** ffmpeg's process id while the pipeline's own source runs. */
  sourcePid: number | null;
}

type Step = IteratorResult<AnalysisFrame>;
type Outcome = { ok: DetectResult } | { err: unknown };

/** A frame on its way: the gate's decision and, when it runs, the detection in progress (never rejects). */
interface Pending {
  frame: Frame;
  gate: GateStep;
  detection: Promise<Outcome> | null;
  submittedAt: number;
}
const DONE: Step = { done: true, value: undefined };

function isFrameSourceLike(s: FrameSourceOptions | FrameSourceLike): s is FrameSourceLike {
  return typeof (s as Partial<FrameSourceLike>)[Symbol.asyncIterator] === 'function';
}

function defaultOverflow(source: FrameSourceOptions | FrameSourceLike): HandoffOverflow {
  if (isFrameSourceLike(source)) return 'drop-oldest';
  const network = /^([a-z][a-z0-9+.-]*):\/\//i.exec(source.input)?.[1]?.toLowerCase();
  const live = network !== undefined && network !== 'file';
  return !live && (source.pacing ?? 'fast') === 'fast' ? 'block' : 'drop-oldest';
}

export class AnalysisPipeline implements AsyncIterable<AnalysisFrame> {
  readonly camera: string;
  private readonly core: AnalysisCore;
  private readonly handoff: FrameHandoff<Frame>;
  private readonly lookahead: number;
  private ahead: Pending[] = [];
  private readonly started: Promise<void>;
  private detector: CameraDetector | null = null;
  private source: FrameSourceLike | null = null;
  private iterator: AsyncIterator<Frame> | null = null;
  private pumpDone: Promise<void> = Promise.resolve();
  private chain: Promise<unknown> = Promise.resolve();
  private state: PipelineState = 'starting';
  private failure: AnalysisPipelineError | null = null;
  private failureReported = false;
  private finished = false;
  private closed = false;
  private closing: Promise<void> | null = null;
  /** Resolves when close() is called: a pending next() does not wait for a detection in flight. */
  private readonly closedSignal: Promise<null>;
  private signalClosed: () => void = () => undefined;
  private framesIn = 0;
  private framesOut = 0;
  private readonly inRate = new RateMeter();
  private readonly outRate = new RateMeter();
  private readonly runRate = new RateMeter();
  private readonly inferenceMs = new LatencyWindow();
  private readonly latencyMs = new LatencyWindow();

  constructor(private readonly opts: AnalysisPipelineOptions) {
    this.camera = opts.camera;
    this.core = new AnalysisCore({ ...opts, camera: opts.camera });
    this.handoff = new FrameHandoff<Frame>(Math.max(1, opts.handoff?.capacity ?? 2), opts.handoff?.overflow ?? defaultOverflow(opts.source));
    this.lookahead = Math.max(0, Math.floor(opts.lookahead ?? 1));
    this.closedSignal = new Promise<null>((resolve) => (this.signalClosed = () => resolve(null)));
    this.started = this.start();
  }

  [Symbol.asyncIterator](): AsyncIterator<AnalysisFrame> {
    return {
      next: () => this.next(),
      return: async () => {
        await this.close();
        return DONE;
      },
    };
  }

  /** The next result; done at the end of the source or after close(); rejects once with the camera's error. */
  next(): Promise<Step> {
    const step = this.chain.then(() => this.step());
    this.chain = step.catch(() => undefined);
    return step;
  }

  /** Iterates to the end, calling `onFrame` for each result; rejects with the camera's error. */
  async run(onFrame: (f: AnalysisFrame) => void | Promise<void>): Promise<void> {
    for (;;) {
      const r = await this.next();
      if (r.done === true) return;
      await onFrame(r.value);
    }
  }

  /** The camera's error, once it failed. */
  get error(): AnalysisPipelineError | null {
    return this.failure;
  }

  stats(): CameraAnalysisStats {
    const now = performance.now();
    const core = this.core.stats();
    const src = this.source?.stats?.() ?? {};
    const h = this.handoff.stats();
    const drops = { source: src.framesDropped ?? 0, handoff: h.dropped, detector: core.dropped, total: 0 };
    drops.total = drops.source + drops.handoff + drops.detector;
    return {
      camera: this.camera,
      state: this.state,
      error: this.failure === null ? null : { code: this.failure.code, stage: this.failure.stage, message: this.failure.message },
      framesIn: this.framesIn,
      framesOut: this.framesOut,
      fpsIn: this.inRate.rate(now),
      fpsOut: this.outRate.rate(now),
      fpsAnalysed: this.runRate.rate(now),
      analysed: core.analysed,
      skippedByGate: core.skipped,
      gateReasons: core.gate === null ? null : { ...core.gate.byReason },
      drops,
      queueDepth: h.depth + (src.queueDepth ?? 0),
      inferenceMs: this.inferenceMs.summary(),
      detectLatencyMs: this.latencyMs.summary(),
      tracksAlive: core.tracksAlive,
      tracksEnded: core.tracksEnded,
      sourcePid: this.source !== null && this.state !== 'closed' && this.state !== 'failed' && this.state !== 'ended' ? (this.source.pid ?? null) : null,
    };
  }

  /** Idempotent: stops the source (ffmpeg exits before this resolves) and leaves the shared detector. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.closed = true;
      this.signalClosed();
      if (this.state !== 'failed' && this.state !== 'ended') this.state = 'closed';
      this.handoff.close();
      this.detector?.release();
      await this.started;
      this.detector?.release();
      await this.stopSource();
      // A closable source ends its pending next() on close; a bare async iterable may not, so it is not waited for.
      if (this.source?.close !== undefined) await this.pumpDone;
    })();
    return this.closing;
  }

  private async start(): Promise<void> {
    try {
      this.detector = await this.opts.detector;
    } catch (err) {
      this.fail(toAnalysisError(this.camera, 'detector', err));
      return;
    }
    if (this.closed) return;
    try {
      this.source = await this.openSource();
    } catch (err) {
      this.fail(toAnalysisError(this.camera, 'source', err));
      return;
    }
    if (this.closed) {
      await this.stopSource();
      return;
    }
    this.state = 'running';
    this.iterator = this.source[Symbol.asyncIterator]();
    this.pumpDone = this.pump(this.iterator);
  }

  private async openSource(): Promise<FrameSourceLike> {
    const s = this.opts.source;
    if (isFrameSourceLike(s)) return s;
    const size = this.opts.inputSize ?? this.detector?.inputSize;
    const scaled = s.width === undefined && s.height === undefined && size !== undefined ? { width: size.width } : {};
    const src: FfmpegFrameSource = await openFrameSource({ bufferFrames: 2, ...s, ...scaled });
    return src;
  }

  private async pump(it: AsyncIterator<Frame>): Promise<void> {
    try {
      for (;;) {
        const r = await it.next();
        if (r.done === true || this.closed) break;
        this.framesIn += 1;
        this.inRate.mark(performance.now());
        await this.handoff.put(r.value);
      }
      this.handoff.end();
    } catch (err) {
      this.handoff.fail(err);
    }
  }

  private async stopSource(): Promise<void> {
    const src = this.source;
    if (src === null) return;
    try {
      if (src.close !== undefined) await src.close();
      else void this.iterator?.return?.()?.catch(() => undefined);
    } catch (err) {
      // A source that cannot be closed cleanly is reported, not thrown from close().
      this.failure ??= toAnalysisError(this.camera, 'source', err);
    }
  }

  private async step(): Promise<Step> {
    if (this.closed && !this.finished) return DONE;
    if (this.finished) return this.afterFinish();
    await this.started;
    if (this.failure !== null) return this.finish(this.failure);
    let cur = this.ahead.shift();
    if (cur === undefined) {
      let frame: Frame | undefined;
      try {
        frame = await this.handoff.take();
      } catch (err) {
        return this.finish(toAnalysisError(this.camera, 'source', err));
      }
      if (this.closed) return DONE;
      if (frame === undefined) return this.finish(null);
      cur = this.prepare(frame);
    }
    // Look ahead: frames already waiting go to the detector now (in order), while this one is finished below.
    while (this.ahead.length < this.lookahead) {
      const next = this.handoff.tryTake();
      if (next === undefined) break;
      this.ahead.push(this.prepare(next));
    }
    if (cur.detection === null) return this.emit(this.core.process(cur.frame, null, cur.gate));
    const outcome = await Promise.race([cur.detection, this.closedSignal]);
    if (this.closed || outcome === null) return DONE;
    if ('err' in outcome) {
      if (isTransientDetectionError(outcome.err)) return this.emit(this.core.process(cur.frame, null, { run: false, reason: 'dropped' }));
      return this.finish(toAnalysisError(this.camera, 'detector', outcome.err));
    }
    const result = outcome.ok;
    this.latencyMs.record(performance.now() - cur.submittedAt);
    this.inferenceMs.record(result.inferenceMs);
    this.runRate.mark(performance.now());
    return this.emit(this.core.process(cur.frame, result.detections, cur.gate));
  }

  /** Asks the gate about a frame and, when it must run, sends it to the detector. */
  private prepare(frame: Frame): Pending {
    const gate = this.core.decide(frame);
    if (!gate.run) return { frame, gate, detection: null, submittedAt: 0 };
    const submittedAt = performance.now();
    let call: Promise<DetectResult>;
    try {
      call = this.detector!.detect(frame);
    } catch (err) {
      call = Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    return { frame, gate, detection: call.then((ok) => ({ ok }), (err: unknown) => ({ err })), submittedAt };
  }

  private emit(f: AnalysisFrame): Step {
    this.framesOut += 1;
    this.outRate.mark(performance.now());
    return { done: false, value: f };
  }

  /** The stream ended (err null) or failed: the closing item first (when there is one), then done or the error. */
  private async finish(err: AnalysisPipelineError | null): Promise<Step> {
    this.finished = true;
    this.ahead = [];
    if (err !== null) this.fail(err);
    else if (this.state === 'running' || this.state === 'starting') this.state = 'ended';
    this.detector?.release();
    await this.stopSource();
    const last = this.core.end();
    if (last !== null) return this.emit(last);
    return this.afterFinish();
  }

  private afterFinish(): Step {
    if (this.failure !== null && !this.failureReported) {
      this.failureReported = true;
      throw this.failure;
    }
    return DONE;
  }

  private fail(err: AnalysisPipelineError): void {
    this.failure ??= err;
    if (this.state !== 'closed') this.state = 'failed';
    this.handoff.close();
  }
}

/** Creates a camera's pipeline; it starts at once (detector, then source), errors surface through iteration. */
export function openAnalysisPipeline(opts: AnalysisPipelineOptions): AnalysisPipeline {
  return new AnalysisPipeline(opts);
}
