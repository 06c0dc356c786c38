/**
 * CenterNet (the model @vladmandic/human ships) on TensorFlow.js wasm, in the calling thread — the fallback detector
 * when no YOLOX model resolves (best-detector.ts; detector-worker.ts runs it off the main thread):
 * letterbox (RGB, 0-255) → run → heatmap peaks + box distances (centernet-decode.ts) → per-class NMS → boxes back in
 * frame pixels. Same contract as YoloxDetector: frames of any size in, Detection[] per frame out.
 * TFJS's wasm kernels block the calling thread for the whole run; runs are serialised (the input buffer is reused).
 */
import path from 'node:path';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import type { Detection, Detector, Frame } from '../types';
import { decodeCenternet } from './centernet-decode';
import {
  CENTERNET_DISTANCES,
  CENTERNET_HEATMAP,
  type CenternetModelInfo,
  checkCenternetShapes,
  packagedCenternetModelPath,
} from './centernet-model';
import { COCO_LABELS, labelOf } from './coco-labels';
import { letterbox, unletterboxBox } from './letterbox';
import { ModelError } from './model-errors';
import { nms } from './nms';
import { loadGraphModelFile, tf } from './tfjs-wasm-runtime';
import { detectInBatches } from './batched-runs';
import type { DetectorRunStats } from './yolox-detector';

/** Options that can cross a worker boundary (plain data). */
export interface CenternetDetectorConfig {
  /** A TFJS graph model.json; default the one @vladmandic/human ships. */
  modelPath?: string;
  /** Detections below this are dropped; default 0.3 (use ~0.01 to measure AP). */
  scoreThreshold?: number;
  /** Per-class NMS IoU; default 0.45. */
  nmsIouThreshold?: number;
  /** Most detections per frame after NMS; default 100 (the model's own top-k). */
  maxDetections?: number;
  /** Only these class ids (e.g. [0, 2] for person and car); default all. */
  classes?: readonly number[];
  /** Class labels, index = class id; default COCO's 80. */
  labels?: readonly string[];
  /** Detector name; default `centernet:<model file name>`. */
  name?: string;
}

export class CenternetDetector implements Detector {
  readonly name: string;
  readonly inputSize: { width: number; height: number };
  readonly labels: readonly string[];
  /** One frame per run (the model's batch dimension is fixed at 1). */
  readonly batch = 1;
  readonly provider = 'wasm';
  readonly modelPath: string;
  private readonly classes: ReadonlySet<number> | null;
  private readonly scoreThreshold: number;
  private readonly nmsIou: number;
  private readonly maxDetections: number;
  private readonly input: Float32Array;
  private queue: Promise<unknown> = Promise.resolve();
  private closing: Promise<void> | null = null;
  private readonly runStats: DetectorRunStats = { frames: 0, runs: 0, totalMs: 0, lastBatchMs: 0 };

  constructor(
    private readonly model: GraphModel,
    private readonly info: CenternetModelInfo,
    modelPath: string,
    cfg: CenternetDetectorConfig,
  ) {
    this.modelPath = modelPath;
    this.name = cfg.name ?? `centernet:${path.basename(modelPath)}`;
    this.inputSize = { width: info.inputWidth, height: info.inputHeight };
    this.labels = cfg.labels ?? COCO_LABELS;
    this.classes = cfg.classes !== undefined ? new Set(cfg.classes) : null;
    this.scoreThreshold = cfg.scoreThreshold ?? 0.3;
    this.nmsIou = cfg.nmsIouThreshold ?? 0.45;
    this.maxDetections = cfg.maxDetections ?? 100;
    this.input = new Float32Array(3 * info.inputWidth * info.inputHeight);
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
    return detectInBatches(frames, 1, async (batch) => [await this.detectOne(batch[0]!)], this.runStats);
  }

  private async detectOne(frame: Frame): Promise<Detection[]> {
    const { inputWidth: W, inputHeight: H } = this.info;
    const { scale } = letterbox(frame, { width: W, height: H, channelOrder: 'rgb', out: this.input });
    const [heatmap, distances] = await runCenternet(this.model, this.input, W, H, this.modelPath);
    const raw = decodeCenternet(heatmap, distances, this.info, { scoreThreshold: this.scoreThreshold, classes: this.classes });
    const kept = nms(raw, { iouThreshold: this.nmsIou, maxDetections: this.maxDetections });
    const dets: Detection[] = [];
    for (const d of kept) {
      const box = unletterboxBox(d.box, scale, frame.width, frame.height);
      if (box !== null) dets.push({ box, classId: d.classId, label: labelOf(this.labels, d.classId), score: d.score });
    }
    return dets;
  }

  /** Idempotent: waits for a run in progress, then frees the model's weights. */
  close(): Promise<void> {
    this.closing ??= this.queue.then(() => this.model.dispose());
    return this.closing;
  }
}

/** One run on a letterboxed NCHW tensor (transposed to the model's NHWC); returns the heatmap and box distances. */
async function runCenternet(model: GraphModel, nchw: Float32Array, W: number, H: number, modelPath: string): Promise<[Float32Array, Float32Array]> {
  let outputs: tf.Tensor[];
  try {
    outputs = tf.tidy(() => {
      const x = tf.transpose(tf.tensor4d(nchw, [1, 3, H, W]), [0, 2, 3, 1]);
      return model.execute(x, [CENTERNET_HEATMAP, CENTERNET_DISTANCES]) as tf.Tensor[];
    });
  } catch (err) {
    throw new ModelError('MODEL_INVALID', `model ${modelPath}: inference failed: ${(err as Error).message}`, { cause: err });
  }
  try {
    const [heatmap, distances] = await Promise.all(outputs.map((t) => t.data()));
    if (!(heatmap instanceof Float32Array) || !(distances instanceof Float32Array)) {
      throw new ModelError('MODEL_SHAPE', `model ${modelPath}: expected float32 outputs`);
    }
    return [heatmap, distances];
  } finally {
    tf.dispose(outputs);
  }
}

/** Loads the model (default: the packaged one), checks its shapes with one warm-up run, and returns a ready detector. */
export async function createCenternetDetector(cfg: CenternetDetectorConfig = {}): Promise<CenternetDetector> {
  const modelPath = cfg.modelPath ?? packagedCenternetModelPath();
  if (modelPath === null) throw new ModelError('MODEL_NOT_FOUND', 'CenterNet model not found: @vladmandic/human (which ships it) is not installed');
  const model = await loadGraphModelFile(path.resolve(modelPath));
  try {
    const input = model.inputs[0]?.shape;
    const numClasses = (cfg.labels ?? COCO_LABELS).length;
    const shapes = tf.tidy(() => {
      const dims = input !== undefined && input.every((d) => d > 0) ? input : [1, 512, 512, 3];
      const outs = model.execute(tf.zeros(dims), [CENTERNET_HEATMAP, CENTERNET_DISTANCES]) as tf.Tensor[];
      return outs.map((t) => t.shape);
    });
    const info = checkCenternetShapes(modelPath, input, shapes[0] ?? [], shapes[1] ?? [], numClasses);
    return new CenternetDetector(model, info, path.resolve(modelPath), cfg);
  } catch (err) {
    model.dispose();
    if (err instanceof ModelError) throw err;
    throw new ModelError('MODEL_SHAPE', `model ${modelPath}: not the expected CenterNet graph (${(err as Error).message})`, { cause: err });
  }
}
