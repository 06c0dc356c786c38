/**
 * Runs a Detector over a detection dataset and scores it: per-class AP50 over every detection the detector returns
 * (give it a low score threshold, e.g. 0.01, for a meaningful AP), and precision/recall at `scoreThreshold`.
 * Also times detect() per frame (pre-processing, inference, decoding, NMS; image decoding excluded).
 */
import { createBestDetector } from '../detect/best-detector';
import { labelOf } from '../detect/coco-labels';
import { decodeImageFile } from '../io/image-decode';
import type { Detector, Frame } from '../types';
import { type AccuracyReport, type ImageDetections, evaluateAccuracy } from './ap';
import { type DetectionDataset, loadYoloDataset } from './detection-dataset';

export interface DetectionEvalOptions {
  /** Precision/recall threshold; default 0.3. */
  scoreThreshold?: number;
  /** Default 0.5. */
  iouThreshold?: number;
  /** Classes to score; default the dataset's. */
  classes?: readonly number[];
  /** Image loader; default ffmpeg decoding to bgr24. */
  loadImage?: (file: string) => Promise<Frame>;
  /** Only the first N images. */
  limit?: number;
  /** Called after each image. */
  onImage?: (done: number, total: number) => void;
}

export interface ClassEvalRow {
  classId: number;
  label: string;
  numGt: number;
  ap50: number;
  precision: number;
  recall: number;
  tp: number;
  fp: number;
}

export interface DetectionEvalReport {
  dataset: string;
  detector: string;
  inputSize: { width: number; height: number };
  images: number;
  scoreThreshold: number;
  iouThreshold: number;
  perClass: ClassEvalRow[];
  /** Micro-averaged over the scored classes at scoreThreshold. */
  precision: number;
  recall: number;
  /** Mean detect() time per frame (frames run one at a time). */
  msPerFrame: number;
  accuracy: AccuracyReport;
}

export async function evaluateDetector(
  detector: Detector,
  dataset: DetectionDataset,
  opts: DetectionEvalOptions = {},
): Promise<DetectionEvalReport> {
  const scoreThreshold = opts.scoreThreshold ?? 0.3;
  const iouThreshold = opts.iouThreshold ?? 0.5;
  const classes = opts.classes ?? dataset.classes;
  const load = opts.loadImage ?? ((file: string) => decodeImageFile(file));
  const samples = opts.limit !== undefined ? dataset.samples.slice(0, opts.limit) : dataset.samples;
  const images: ImageDetections[] = [];
  let detectMs = 0;
  for (const [i, sample] of samples.entries()) {
    const frame = await load(sample.imagePath);
    const groundTruth = sample.groundTruth({ width: frame.width, height: frame.height });
    const t0 = performance.now();
    const [dets] = await detector.detect([{ ...frame, index: i }]);
    detectMs += performance.now() - t0;
    images.push({ detections: dets ?? [], groundTruth });
    opts.onImage?.(i + 1, samples.length);
  }
  const accuracy = evaluateAccuracy(images, { classes, scoreThreshold, iouThreshold });
  return {
    dataset: dataset.name,
    detector: detector.name,
    inputSize: { ...detector.inputSize },
    images: samples.length,
    scoreThreshold,
    iouThreshold,
    perClass: accuracy.perClass.map((c) => ({
      classId: c.classId,
      label: labelOf(detector.labels, c.classId),
      numGt: c.numGt,
      ap50: c.ap,
      precision: c.precision,
      recall: c.recall,
      tp: c.tp,
      fp: c.fp,
    })),
    precision: accuracy.precision,
    recall: accuracy.recall,
    msPerFrame: samples.length > 0 ? detectMs / samples.length : Number.NaN,
    accuracy,
  };
}

/** A number with 3 decimals, or 'n/a' (NaN: no ground truth / no detections). */
export function fmtMetric(v: number | undefined): string {
  return v === undefined || Number.isNaN(v) ? 'n/a' : v.toFixed(3);
}

/** `AP50 person=<x> car=<x>; precision=<x> recall=<x>` (car/person 'n/a' when not scored or no ground truth). */
export function formatDetectSummary(report: DetectionEvalReport): string {
  const ap = (classId: number): string => fmtMetric(report.perClass.find((c) => c.classId === classId)?.ap50);
  return `AP50 person=${ap(0)} car=${ap(2)}; precision=${fmtMetric(report.precision)} recall=${fmtMetric(report.recall)}`;
}

/** Human-readable lines before the summary (per class), for the CLI. */
export function formatDetectReport(report: DetectionEvalReport): string[] {
  return [
    `dataset ${report.dataset}: ${report.images} images; detector ${report.detector} ${report.inputSize.width}x${report.inputSize.height}; ` +
      `IoU ${report.iouThreshold}; P/R at score >= ${report.scoreThreshold}; ${report.msPerFrame.toFixed(1)} ms/frame`,
    ...report.perClass.map(
      (c) =>
        `  ${c.label}: gt=${c.numGt} AP50=${fmtMetric(c.ap50)} precision=${fmtMetric(c.precision)} recall=${fmtMetric(c.recall)} (tp=${c.tp} fp=${c.fp})`,
    ),
  ];
}

export interface RunDetectEvalOptions {
  /** Folder of images. */
  images: string;
  /** Folder of YOLO-format labels (`class cx cy w h`, normalised), one `<image name>.txt` per image. */
  labels: string;
  /** Model file; default: YOLOX-Nano resolved from the models folders (ARGUS_MODELS_DIR, ../shared/models), cache, download. */
  model?: string;
  /** 'yolox' (default) or 'centernet': the packaged fallback (@vladmandic/human's CenterNet on TensorFlow.js wasm). */
  detector?: 'yolox' | 'centernet';
  /** Precision/recall threshold; default 0.3. */
  scoreThreshold?: number;
  /** NMS IoU; default 0.45. */
  nmsIouThreshold?: number;
  /** Classes to score; default person (0) and car (2). */
  classes?: readonly number[];
  onImage?: (done: number, total: number) => void;
}

export interface RunDetectEvalResult {
  /** `AP50 person=<x> car=<x>; precision=<x> recall=<x>` — the CLI's last line. */
  summaryLine: string;
  /** Lines to print before it. */
  detailLines: string[];
  report: DetectionEvalReport;
}

/** What `argus eval detect --images DIR --labels DIR [--model PATH] [--detector yolox|centernet]` runs. */
export async function runDetectEval(opts: RunDetectEvalOptions): Promise<RunDetectEvalResult> {
  const dataset = await loadYoloDataset(opts.images, opts.labels, { classes: opts.classes ?? [0, 2] });
  const detector = await createBestDetector({
    kind: opts.detector ?? 'yolox',
    worker: 'none', // timed in this thread, like YOLOX
    modelPath: opts.model,
    scoreThreshold: 0.01, // AP needs the whole precision/recall curve
    nmsIouThreshold: opts.nmsIouThreshold ?? 0.45,
  });
  try {
    const report = await evaluateDetector(detector, dataset, { scoreThreshold: opts.scoreThreshold ?? 0.3, onImage: opts.onImage });
    return { summaryLine: formatDetectSummary(report), detailLines: formatDetectReport(report), report };
  } finally {
    await detector.close();
  }
}
