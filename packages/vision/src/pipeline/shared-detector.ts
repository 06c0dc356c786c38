/**
 * One detector shared by several cameras. Each camera registers and gets a `CameraDetector` whose `detect(frame)`
 * queues the frame in the camera's own small queue (newest wins, drops counted per camera); whenever fewer than
 * `maxInFlight` detector calls are running, the scheduler (fair-queue.ts: strict priority, then weighted round robin
 * by share) takes up to `maxBatch` frames — from different cameras first — into one `detect()` call.
 *
 * Batching pays off only when the model takes several frames per run (a symbolic batch dimension) and the hardware
 * gains from it: on CPU, a batch of 4 ran no faster per frame than single frames and quadrupled the call latency
 * (bench/analysis, part d), so the default `maxBatch` is 4 only for a dynamic-batch detector on CUDA, else 1.
 * Frames are copied before they go to the detector (`copyFrames`), so a worker detector may take the copy's buffer
 * while the caller keeps its frame for snapshots.
 */
import type { Detection, Detector, Frame } from '../types';
import { FairQueue, type FairQueueMember } from './fair-queue';
import { LatencyWindow, type LatencySummary } from './latency-window';
import { DetectionDroppedError, SharedDetectorClosedError } from './pipeline-errors';

export interface DetectResult {
  detections: Detection[];
  /** Wall time of the detector call that included this frame (ms; the whole batch). */
  inferenceMs: number;
  /** Time the frame waited in the queue before that call started (ms). */
  waitMs: number;
  /** Frames in that call. */
  batchSize: number;
}

/** What a camera's analysis needs from a detector: one frame in, its detections out. */
export interface CameraDetector {
  readonly camera: string;
  readonly detectorName: string;
  /** The model's input size (the pipeline scales its frame source to this width). */
  readonly inputSize?: { width: number; height: number };
  detect(frame: Frame): Promise<DetectResult>;
  /** Leaves the shared detector; queued requests are rejected with DETECTOR_CLOSED. Idempotent. */
  release(): void;
}

export interface SharedDetectorOptions {
  /** Most frames per detect() call; default 4 for a dynamic-batch detector (`batch: 'dynamic'`) on CUDA, else 1. */
  maxBatch?: number;
  /** Detector calls running at once; default 1 (2 lets a worker detector start the next call without a round trip). */
  maxInFlight?: number;
  /** Default queue capacity per camera; default 2. */
  queuePerCamera?: number;
  /** Copy frame pixels before handing them to the detector; default true. */
  copyFrames?: boolean;
  /** close() also closes the detector; default true. */
  closeDetector?: boolean;
  /**
   * A frame that waited longer than this in the queue is dropped instead of detected (counted as a drop of its
   * camera): past it, what it shows is too old to act on, and running it would only delay the fresher frames behind
   * it. Default: no limit. A camera may set its own when it registers (offline analysis must never drop).
   */
  maxQueueWaitMs?: number;
}

/** A camera joining the shared detector: its queue share and priority, and its own queue-wait limit if any. */
export type SharedDetectorMember = FairQueueMember & { maxQueueWaitMs?: number };

export interface SharedDetectorCameraStats {
  share: number;
  priority: number;
  queued: number;
  submitted: number;
  completed: number;
  /** Requests evicted from the camera's queue by newer frames. */
  dropped: number;
  failed: number;
}

export interface SharedDetectorStats {
  detector: string;
  maxBatch: number;
  maxInFlight: number;
  inFlight: number;
  queued: number;
  batches: number;
  frames: number;
  failedBatches: number;
  meanBatchSize: number;
  /** detect() call durations (ms) over the recent window. */
  batchMs: LatencySummary;
  /** Sum of every finished detect() call's duration (ms) since the start: its rate over maxInFlight is the pool's busy share. */
  busyMs: number;
  cameras: Record<string, SharedDetectorCameraStats>;
}

interface Request {
  camera: string;
  frame: Frame;
  submittedAt: number;
  resolve: (r: DetectResult) => void;
  reject: (e: Error) => void;
}

interface CameraState {
  share: number;
  priority: number;
  completed: number;
  failed: number;
  /** Requests dropped for waiting longer than maxWaitMs. */
  expired: number;
  maxWaitMs: number;
}

/** The default batch size: YoloxDetector and WorkerDetector advertise `batch` and `provider`. */
export function defaultMaxBatch(detector: Detector): number {
  const { batch, provider } = detector as { batch?: unknown; provider?: unknown };
  return batch === 'dynamic' && provider === 'cuda' ? 4 : 1;
}

export class SharedDetector {
  readonly maxBatch: number;
  readonly maxInFlight: number;
  private readonly queuePerCamera: number;
  private readonly copyFrames: boolean;
  private readonly closeDetector: boolean;
  private readonly maxQueueWaitMs: number;
  private readonly queue = new FairQueue<Request>();
  private readonly cameras = new Map<string, CameraState>();
  private readonly batchMs = new LatencyWindow();
  private inFlight = 0;
  private batches = 0;
  private frames = 0;
  private failedBatches = 0;
  private busyMs = 0;
  private closing: Promise<void> | null = null;
  private idle: Array<() => void> = [];

  constructor(
    readonly detector: Detector,
    opts: SharedDetectorOptions = {},
  ) {
    this.maxBatch = Math.max(1, Math.floor(opts.maxBatch ?? defaultMaxBatch(detector)));
    this.maxInFlight = Math.max(1, Math.floor(opts.maxInFlight ?? 1));
    this.queuePerCamera = opts.queuePerCamera ?? 2;
    this.copyFrames = opts.copyFrames ?? true;
    this.closeDetector = opts.closeDetector ?? true;
    this.maxQueueWaitMs = opts.maxQueueWaitMs ?? Infinity;
  }

  /** Adds a camera (share, priority, queue capacity); its requests are scheduled from now on. */
  register(camera: string, member: SharedDetectorMember = {}): CameraDetector {
    if (this.closing !== null) throw new SharedDetectorClosedError(`detector ${this.detector.name} is closed`);
    const { maxQueueWaitMs, ...queueMember } = member;
    this.queue.add(camera, { capacity: this.queuePerCamera, ...queueMember });
    this.cameras.set(camera, { share: member.share ?? 1, priority: member.priority ?? 0, completed: 0, failed: 0, expired: 0, maxWaitMs: maxQueueWaitMs ?? this.maxQueueWaitMs });
    let released = false;
    return {
      camera,
      detectorName: this.detector.name,
      inputSize: this.detector.inputSize,
      detect: (frame) =>
        released ? Promise.reject(new SharedDetectorClosedError(`camera ${camera} left detector ${this.detector.name}`)) : this.submit(camera, frame),
      release: () => {
        if (released) return;
        released = true;
        this.unregister(camera);
      },
    };
  }

  stats(): SharedDetectorStats {
    const cameras: Record<string, SharedDetectorCameraStats> = {};
    for (const [camera, s] of this.cameras) {
      const c = this.queue.counts(camera);
      cameras[camera] = { share: s.share, priority: s.priority, queued: c.queued, submitted: c.pushed, completed: s.completed, dropped: c.dropped + s.expired, failed: s.failed };
    }
    return {
      detector: this.detector.name,
      maxBatch: this.maxBatch,
      maxInFlight: this.maxInFlight,
      inFlight: this.inFlight,
      queued: this.queue.size,
      batches: this.batches,
      frames: this.frames,
      failedBatches: this.failedBatches,
      meanBatchSize: this.batches > 0 ? this.frames / this.batches : 0,
      batchMs: this.batchMs.summary(),
      busyMs: this.busyMs,
      cameras,
    };
  }

  /** Idempotent: rejects queued requests, waits for the calls in flight, then closes the detector (unless told not to). */
  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const camera of this.queue.keys()) this.unregister(camera);
      if (this.inFlight > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
      if (this.closeDetector) await this.detector.close();
    })();
    return this.closing;
  }

  private unregister(camera: string): void {
    const left = this.queue.remove(camera);
    this.cameras.delete(camera);
    const err = new SharedDetectorClosedError(`camera ${camera} left detector ${this.detector.name}`);
    for (const r of left) r.reject(err);
  }

  private submit(camera: string, frame: Frame): Promise<DetectResult> {
    if (this.closing !== null) return Promise.reject(new SharedDetectorClosedError(`detector ${this.detector.name} is closed`));
    if (!this.queue.has(camera)) return Promise.reject(new SharedDetectorClosedError(`camera ${camera} left detector ${this.detector.name}`));
    return new Promise<DetectResult>((resolve, reject) => {
      const evicted = this.queue.push(camera, { camera, frame, submittedAt: performance.now(), resolve, reject });
      evicted?.reject(new DetectionDroppedError(camera));
      this.pump();
    });
  }

  private pump(): void {
    while (this.closing === null && this.inFlight < this.maxInFlight && this.queue.size > 0) {
      const batch = this.fresh(this.queue.takeBatch(this.maxBatch).map((b) => b.item));
      if (batch.length > 0) this.run(batch);
    }
  }

  /** Drops (rejects) the requests that waited past maxQueueWaitMs; returns the others. */
  private fresh(batch: Request[]): Request[] {
    const now = performance.now();
    return batch.filter((r) => {
      const s = this.cameras.get(r.camera);
      const limit = s?.maxWaitMs ?? this.maxQueueWaitMs;
      if (now - r.submittedAt <= limit) return true;
      if (s !== undefined) s.expired += 1;
      r.reject(new DetectionDroppedError(r.camera, `after waiting more than ${limit} ms in the queue`));
      return false;
    });
  }

  private run(batch: Request[]): void {
    this.inFlight += 1;
    const started = performance.now();
    const frames = batch.map((r) => (this.copyFrames ? { ...r.frame, data: new Uint8Array(r.frame.data) } : r.frame));
    let call: Promise<Detection[][]>;
    try {
      call = this.detector.detect(frames);
    } catch (err) {
      call = Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    // The next call starts before the results are handed out, so the detector does not wait for the callers' work.
    const settle = (): void => {
      this.inFlight -= 1;
      this.pump();
      if (this.inFlight === 0) {
        const idle = this.idle;
        this.idle = [];
        for (const f of idle) f();
      }
    };
    const fail = (err: unknown): void => {
      settle();
      this.failedBatches += 1;
      const e = err instanceof Error ? err : new Error(String(err));
      for (const r of batch) {
        const s = this.cameras.get(r.camera);
        if (s !== undefined) s.failed += 1;
        r.reject(e);
      }
    };
    void call.then(
      (results) => {
        const ms = performance.now() - started;
        this.busyMs += ms;
        if (results.length !== batch.length) {
          fail(new Error(`detector ${this.detector.name} returned ${results.length} results for ${batch.length} frames`));
          return;
        }
        settle();
        this.batches += 1;
        this.frames += batch.length;
        this.batchMs.record(ms);
        batch.forEach((r, i) => {
          const s = this.cameras.get(r.camera);
          if (s !== undefined) s.completed += 1;
          r.resolve({ detections: results[i]!, inferenceMs: ms, waitMs: started - r.submittedAt, batchSize: batch.length });
        });
      },
      fail,
    );
  }
}
