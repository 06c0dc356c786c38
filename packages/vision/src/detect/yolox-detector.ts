/**
 * YOLOX on onnxruntime-node, in the calling thread (see worker-detector.ts for the off-thread variant):
 * letterbox → run → grid decode → per-class NMS → boxes back in frame pixels. Frames are batched into one run when
 * the model's batch dimension is symbolic; YOLOX-Nano's official export fixes it at 1, so it runs frame by frame.
 * Runs on one session are serialised (the input buffer is reused).
 */
import path from 'node:path';
import ort from 'onnxruntime-node';
import type { Detection, Detector, Frame } from '../types';
import { detectInBatches } from './batched-runs';
import { COCO_LABELS, labelOf } from './coco-labels';
import { letterbox, unletterboxBox } from './letterbox';
import { checkYoloxModel, type YoloxModelInfo } from './model-check';
import { ModelError } from './model-errors';
import { YOLOX_NANO_MODEL, resolveModel, type ResolveModelOptions } from './model-resolve';
import { nms } from './nms';
import { type DetectorDevice, openSession } from './ort-session';
import { decodeYolox, makeYoloxGrid, type YoloxGrid } from './yolox-decode';

/** Options that can cross a worker boundary (plain data). */
export interface YoloxDetectorConfig {
  /** Model file; when absent the model is resolved (models folders, cache, download) as YOLOX-Nano. */
  modelPath?: string;
  /** Configured models folder for resolution. */
  modelsDir?: string;
  /** Detections below this are dropped; default 0.3 (use ~0.01 to measure AP). */
  scoreThreshold?: number;
  /** Per-class NMS IoU; default 0.45. */
  nmsIouThreshold?: number;
  /** Most detections per frame after NMS; default 300. */
  maxDetections?: number;
  /** Only these class ids (e.g. [0, 2] for person and car); default all. */
  classes?: readonly number[];
  /** One candidate per class above threshold per anchor (default false: the best class only, as YOLOX does). */
  multiLabel?: boolean;
  /** Default ARGUS_DETECTOR_DEVICE or 'cpu'. 'cuda' falls back to CPU (see `provider`). */
  device?: DetectorDevice;
  intraOpNumThreads?: number;
  /** Most frames per run when the model takes a batch; default 8. */
  maxBatch?: number;
  /** Class labels, index = class id; default COCO's 80. */
  labels?: readonly string[];
  /** Detector name; default `yolox:<model file name>`. */
  name?: string;
}

export interface YoloxDetectorOptions extends YoloxDetectorConfig {
  /** Extra model resolution options (download cache, fetch, packaged fallback). */
  resolve?: Omit<ResolveModelOptions, 'modelPath' | 'modelsDir'>;
}

export interface DetectorRunStats {
  frames: number;
  runs: number;
  /** Sum of detect() time per frame: pre-processing, inference, decoding and NMS. */
  totalMs: number;
  lastBatchMs: number;
}

export class YoloxDetector implements Detector {
  readonly name: string;
  readonly inputSize: { width: number; height: number };
  readonly labels: readonly string[];
  /** 'dynamic': several frames per run (up to maxBatch); a number: fixed batch size (1 → frame by frame). */
  readonly batch: number | 'dynamic';
  readonly maxBatch: number;
  readonly provider: DetectorDevice;
  /** Why CUDA was not used when it was asked for. */
  readonly providerNote: string | undefined;
  readonly modelPath: string;
  private readonly grid: YoloxGrid;
  private readonly classes: ReadonlySet<number> | null;
  private readonly scoreThreshold: number;
  private readonly nmsIou: number;
  private readonly maxDetections: number;
  private readonly multiLabel: boolean;
  private queue: Promise<unknown> = Promise.resolve();
  private input: Float32Array | null = null;
  private closing: Promise<void> | null = null;
  private readonly runStats: DetectorRunStats = { frames: 0, runs: 0, totalMs: 0, lastBatchMs: 0 };

  constructor(
    private readonly session: ort.InferenceSession,
    private readonly info: YoloxModelInfo,
    modelPath: string,
    provider: DetectorDevice,
    cfg: YoloxDetectorConfig,
    providerNote?: string,
  ) {
    this.modelPath = modelPath;
    this.provider = provider;
    this.providerNote = providerNote;
    this.name = cfg.name ?? `yolox:${path.basename(modelPath)}`;
    this.inputSize = { width: info.inputWidth, height: info.inputHeight };
    this.labels = cfg.labels ?? COCO_LABELS;
    this.batch = info.batch;
    this.maxBatch = info.batch === 'dynamic' ? Math.max(1, cfg.maxBatch ?? 8) : info.batch;
    this.grid = makeYoloxGrid(info.inputWidth, info.inputHeight);
    this.classes = cfg.classes !== undefined ? new Set(cfg.classes) : null;
    this.scoreThreshold = cfg.scoreThreshold ?? 0.3;
    this.nmsIou = cfg.nmsIouThreshold ?? 0.45;
    this.maxDetections = cfg.maxDetections ?? 300;
    this.multiLabel = cfg.multiLabel ?? false;
  }

  stats(): DetectorRunStats {
    return { ...this.runStats };
  }

  detect(frames: readonly Frame[]): Promise<Detection[][]> {
    if (this.closing !== null) return Promise.reject(new Error(`detector ${this.name} is closed`));
    const run = this.queue.then(() => this.detectNow(frames));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private detectNow(frames: readonly Frame[]): Promise<Detection[][]> {
    return detectInBatches(frames, this.maxBatch, (batch) => this.runBatch(batch), this.runStats);
  }

  private async runBatch(frames: readonly Frame[]): Promise<Detection[][]> {
    const { inputWidth: W, inputHeight: H, numClasses, anchors } = this.info;
    const per = 3 * W * H;
    const n = frames.length;
    if (this.input === null || this.input.length < n * per) this.input = new Float32Array(n * per);
    const scales = frames.map((f, i) => letterbox(f, { width: W, height: H, out: this.input!, offset: i * per }).scale);
    const data = n * per === this.input.length ? this.input : this.input.subarray(0, n * per);
    const tensor = new ort.Tensor('float32', data, [n, 3, H, W]);
    let output: ort.Tensor;
    try {
      const out = await this.session.run({ [this.info.inputName]: tensor });
      const o = out[this.info.outputName];
      if (o === undefined) throw new Error(`no output '${this.info.outputName}'`);
      output = o;
    } catch (err) {
      throw new ModelError('MODEL_INVALID', `model ${this.modelPath}: inference failed: ${(err as Error).message}`, { cause: err });
    }
    const values = output.data;
    if (!(values instanceof Float32Array) || values.length !== n * anchors * (5 + numClasses)) {
      throw new ModelError('MODEL_SHAPE', `model ${this.modelPath}: expected output ${n}x${anchors}x${5 + numClasses} float32, got ${output.dims.join('x')} ${output.type}`);
    }
    return frames.map((frame, i) => {
      const raw = decodeYolox(values, this.grid, {
        scoreThreshold: this.scoreThreshold,
        numClasses,
        offset: i * anchors * (5 + numClasses),
        multiLabel: this.multiLabel,
        classes: this.classes,
      });
      const kept = nms(raw, { iouThreshold: this.nmsIou, maxDetections: this.maxDetections });
      const dets: Detection[] = [];
      for (const d of kept) {
        const box = unletterboxBox(d.box, scales[i]!, frame.width, frame.height);
        if (box !== null) dets.push({ box, classId: d.classId, label: labelOf(this.labels, d.classId), score: d.score });
      }
      return dets;
    });
  }

  /** Idempotent: waits for a run in progress, then releases the session. */
  close(): Promise<void> {
    this.closing ??= this.queue.then(() => this.session.release());
    return this.closing;
  }
}

/** Resolves the model, opens it, checks its shapes, and returns a ready detector. */
export async function createYoloxDetector(opts: YoloxDetectorOptions = {}): Promise<YoloxDetector> {
  const resolved = await resolveModel(YOLOX_NANO_MODEL, { ...opts.resolve, modelPath: opts.modelPath, modelsDir: opts.modelsDir });
  const opened = await openSession(resolved.path, { device: opts.device, intraOpNumThreads: opts.intraOpNumThreads });
  let info: YoloxModelInfo;
  try {
    info = checkYoloxModel(resolved.path, opened.inputs, opened.outputs, { numClasses: (opts.labels ?? COCO_LABELS).length });
  } catch (err) {
    await opened.session.release();
    throw err;
  }
  return new YoloxDetector(opened.session, info, resolved.path, opened.provider, opts, opened.fallbackReason);
}
