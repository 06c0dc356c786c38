/**
 * A Detector whose inference runs in a worker thread (detector-worker.ts), so the main thread's event loop (ingest,
 * HTTP, recording) never waits on onnxruntime (or on TensorFlow.js wasm, for the CenterNet fallback). Frame buffers
 * are transferred, not copied, when they can be (see `transferFrames`); at most `maxInFlight` requests are
 * outstanding, and a request beyond that is refused at once with DetectorBusyError (counted in stats), so a slow
 * model can never build an unbounded backlog.
 * The worker is referenced only while requests are outstanding; close() is idempotent and always ends the worker.
 */
import type { Worker } from 'node:worker_threads';
import type { Detection, Detector, Frame } from '../types';
import { ModelError, type ModelErrorCode } from './model-errors';
import { YOLOX_NANO_MODEL, resolveModel } from './model-resolve';
import { startTsWorker } from './ts-worker';
import type { DetectorWorkerData, FromWorker, ToWorker, WorkerReady } from './worker-protocol';
import type { YoloxDetectorConfig, YoloxDetectorOptions } from './yolox-detector';

export interface WorkerDetectorOptions extends YoloxDetectorOptions {
  /** Requests outstanding at once (one running, the rest queued in the worker); default 2. */
  maxInFlight?: number;
  /**
   * Default true: each frame's pixel buffer is transferred to the worker when it is a whole, unshared ArrayBuffer,
   * which leaves `frame.data` empty (detached) for the caller afterwards. false (or a buffer that is a slice of a
   * larger one) copies instead. SharedArrayBuffer-backed frames are shared, never copied.
   */
  transferFrames?: boolean;
  /** Limit for model loading in the worker; default 60 s. */
  startTimeoutMs?: number;
  /** How long close() lets the worker release its session before terminating it; default 5 s. */
  closeTimeoutMs?: number;
  /** The worker module; default ./detector-worker.ts beside this file. */
  workerUrl?: URL;
}

export class DetectorBusyError extends Error {
  readonly code = 'DETECTOR_BUSY';
  constructor(name: string, maxInFlight: number) {
    super(`detector ${name}: ${maxInFlight} requests already in flight; frame refused`);
    this.name = 'DetectorBusyError';
  }
}

export class DetectorWorkerError extends Error {
  constructor(
    message: string,
    readonly code: string = 'DETECTOR_WORKER_FAILED',
  ) {
    super(message);
    this.name = 'DetectorWorkerError';
  }
}

export interface WorkerDetectorStats {
  inFlight: number;
  completed: number;
  /** Refused because maxInFlight requests were outstanding. */
  rejectedBusy: number;
  failed: number;
  /** Round trip of the last request (post → result), ms. */
  lastLatencyMs: number;
  frames: number;
}

interface Pending {
  resolve: (d: Detection[][]) => void;
  reject: (e: Error) => void;
  postedAt: number;
  frames: number;
}

const MODEL_CODES = new Set<string>(['MODEL_NOT_FOUND', 'MODEL_INVALID', 'MODEL_SHAPE', 'MODEL_CHECKSUM', 'MODEL_DOWNLOAD']);

function remoteError(message: string, code: string | undefined): Error {
  return code !== undefined && MODEL_CODES.has(code) ? new ModelError(code as ModelErrorCode, message) : new DetectorWorkerError(message, code);
}

/** Prepares frames for postMessage: the transfer list, and copies where a buffer cannot be moved whole. */
export function framesForTransfer(frames: readonly Frame[], transfer: boolean): { frames: Frame[]; transferList: ArrayBuffer[] } {
  const list = new Set<ArrayBuffer>();
  const out = frames.map((f): Frame => {
    const d = f.data;
    if (typeof SharedArrayBuffer !== 'undefined' && d.buffer instanceof SharedArrayBuffer) return { ...f };
    const whole = d.byteOffset === 0 && d.byteLength === d.buffer.byteLength && !list.has(d.buffer as ArrayBuffer);
    if (transfer && whole) {
      list.add(d.buffer as ArrayBuffer);
      return { ...f, data: new Uint8Array(d.buffer, 0, d.byteLength) };
    }
    const copy = new Uint8Array(d);
    list.add(copy.buffer);
    return { ...f, data: copy };
  });
  return { frames: out, transferList: [...list] };
}

export class WorkerDetector implements Detector {
  readonly name: string;
  readonly inputSize: { width: number; height: number };
  readonly labels: readonly string[];
  readonly batch: number | 'dynamic';
  readonly provider: string;
  readonly modelPath: string;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure: Error | null = null;
  private closing: Promise<void> | null = null;
  private exited = false;
  private readonly counters = { completed: 0, rejectedBusy: 0, failed: 0, lastLatencyMs: 0, frames: 0 };

  constructor(
    private readonly worker: Worker,
    ready: WorkerReady,
    private readonly maxInFlight: number,
    private readonly transferFrames: boolean,
    private readonly closeTimeoutMs: number,
  ) {
    this.name = ready.name;
    this.inputSize = ready.inputSize;
    this.labels = ready.labels;
    this.batch = ready.batch;
    this.provider = ready.provider;
    this.modelPath = ready.modelPath;
    worker.on('message', (msg: FromWorker) => this.onMessage(msg));
    worker.on('error', (err) => this.fail(new DetectorWorkerError(`detector ${this.name}: worker failed: ${err.message}`)));
    worker.on('messageerror', (err) => this.fail(new DetectorWorkerError(`detector ${this.name}: bad message from worker: ${err.message}`)));
    worker.on('exit', (code) => {
      this.exited = true;
      if (this.closing === null) this.fail(new DetectorWorkerError(`detector ${this.name}: worker exited unexpectedly (code ${code})`));
      else this.rejectAll(new DetectorWorkerError(`detector ${this.name}: closed`, 'DETECTOR_CLOSED'));
    });
    worker.unref();
  }

  stats(): WorkerDetectorStats {
    return { inFlight: this.pending.size, ...this.counters };
  }

  detect(frames: readonly Frame[]): Promise<Detection[][]> {
    if (this.closing !== null) return Promise.reject(new DetectorWorkerError(`detector ${this.name}: closed`, 'DETECTOR_CLOSED'));
    if (this.failure !== null) return Promise.reject(this.failure);
    if (frames.length === 0) return Promise.resolve([]);
    if (this.pending.size >= this.maxInFlight) {
      this.counters.rejectedBusy++;
      return Promise.reject(new DetectorBusyError(this.name, this.maxInFlight));
    }
    const id = this.nextId++;
    let prepared: ReturnType<typeof framesForTransfer>;
    try {
      prepared = framesForTransfer(frames, this.transferFrames);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    return new Promise<Detection[][]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, postedAt: performance.now(), frames: frames.length });
      if (this.pending.size === 1) this.worker.ref();
      try {
        const msg: ToWorker = { kind: 'detect', id, frames: prepared.frames };
        this.worker.postMessage(msg, prepared.transferList);
      } catch (err) {
        this.settle(id);
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  private settle(id: number): Pending | undefined {
    const p = this.pending.get(id);
    this.pending.delete(id);
    if (this.pending.size === 0 && this.closing === null) this.worker.unref();
    return p;
  }

  private onMessage(msg: FromWorker): void {
    switch (msg.kind) {
      case 'result': {
        const p = this.settle(msg.id);
        if (p === undefined) return;
        this.counters.completed++;
        this.counters.frames += p.frames;
        this.counters.lastLatencyMs = performance.now() - p.postedAt;
        p.resolve(msg.detections);
        return;
      }
      case 'error': {
        const p = this.settle(msg.id);
        if (p === undefined) return;
        this.counters.failed++;
        p.reject(remoteError(`detector ${this.name}: ${msg.message}`, msg.code));
        return;
      }
      case 'ready':
      case 'init-error':
      case 'closed':
        return;
    }
  }

  private rejectAll(err: Error): void {
    for (const id of [...this.pending.keys()]) {
      const p = this.settle(id);
      if (p === undefined) continue;
      this.counters.failed++;
      p.reject(err);
    }
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.rejectAll(err);
  }

  /** Idempotent: lets queued requests finish and the worker release its session (up to closeTimeoutMs), then ends it. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (!this.exited) {
        this.worker.ref();
        const closed = new Promise<void>((resolve) => {
          const onMsg = (m: FromWorker): void => {
            if (m.kind === 'closed') resolve();
          };
          this.worker.on('message', onMsg);
          this.worker.once('exit', () => resolve());
          const timer = setTimeout(resolve, this.closeTimeoutMs);
          timer.unref();
        });
        try {
          this.worker.postMessage({ kind: 'close' } satisfies ToWorker);
          await closed;
        } catch (err) {
          this.fail(err instanceof Error ? err : new Error(String(err)));
        }
        await this.worker.terminate();
      }
      this.rejectAll(new DetectorWorkerError(`detector ${this.name}: closed`, 'DETECTOR_CLOSED'));
    })();
    return this.closing;
  }
}

function serializableConfig(opts: WorkerDetectorOptions, modelPath: string): YoloxDetectorConfig & { modelPath: string } {
  const { resolve: _resolve, maxInFlight: _m, transferFrames: _t, startTimeoutMs: _s, closeTimeoutMs: _c, workerUrl: _w, ...config } = opts;
  return { ...config, modelPath };
}

/** Resolves the model on this thread (so downloads and their fetch stay here), then starts the worker and waits for it. */
export async function createWorkerDetector(opts: WorkerDetectorOptions = {}): Promise<WorkerDetector> {
  const resolved = await resolveModel(YOLOX_NANO_MODEL, { ...opts.resolve, modelPath: opts.modelPath, modelsDir: opts.modelsDir });
  return startDetectorWorker({ config: serializableConfig(opts, resolved.path) }, opts);
}

/** How a detector worker is run (the worker options of WorkerDetectorOptions). */
export type DetectorWorkerStartOptions = Pick<WorkerDetectorOptions, 'maxInFlight' | 'transferFrames' | 'startTimeoutMs' | 'closeTimeoutMs' | 'workerUrl'>;

/** Starts detector-worker.ts on `workerData` (any detector kind it knows) and waits until its detector is loaded. */
export async function startDetectorWorker(workerData: DetectorWorkerData, opts: DetectorWorkerStartOptions = {}): Promise<WorkerDetector> {
  const worker = startTsWorker(opts.workerUrl ?? new URL('./detector-worker.ts', import.meta.url), { workerData });
  const startTimeoutMs = opts.startTimeoutMs ?? 60_000;
  let ready: WorkerReady;
  try {
    ready = await new Promise<WorkerReady>((resolve, reject) => {
      const timer = setTimeout(() => reject(new DetectorWorkerError(`detector worker did not start within ${startTimeoutMs} ms`)), startTimeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const onMessage = (msg: FromWorker): void => {
        if (msg.kind === 'ready') {
          done();
          resolve(msg);
        } else if (msg.kind === 'init-error') {
          done();
          reject(remoteError(msg.message, msg.code));
        }
      };
      const onError = (err: Error): void => {
        done();
        reject(new DetectorWorkerError(`detector worker failed to start: ${err.message}`));
      };
      const onExit = (code: number): void => {
        done();
        reject(new DetectorWorkerError(`detector worker exited during start (code ${code})`));
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
    });
  } catch (err) {
    await worker.terminate();
    throw err;
  }
  return new WorkerDetector(worker, ready, Math.max(1, opts.maxInFlight ?? 2), opts.transferFrames ?? true, opts.closeTimeoutMs ?? 5_000);
}
