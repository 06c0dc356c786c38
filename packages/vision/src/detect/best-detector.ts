/**
 * "The best available detector": YOLOX (onnxruntime) when its model resolves — an explicit path, a models folder,
 * the download cache or the official download checked by sha256 (model-resolve.ts) — otherwise the CenterNet model
 * that @vladmandic/human ships, on TensorFlow.js wasm, so a fresh machine with no model file and no network still
 * detects. Only a model that is not found falls back: a wrong explicit path, or a found file that is not a valid
 * model, is an error, never a silent switch to another detector.
 * CenterNet always runs in a worker thread here unless asked otherwise (TFJS's wasm kernels block the thread they
 * run on for ~0.3 s a frame); YOLOX runs where `worker` says (default: in the calling thread, as before).
 */
import path from 'node:path';
import type { Detector } from '../types';
import type { CenternetDetectorConfig } from './centernet-detector';
import { packagedCenternetModelPath } from './centernet-model';
import { ModelError } from './model-errors';
import { type ModelSpec, type ResolvedModel, YOLOX_NANO_MODEL, resolveModel } from './model-resolve';
import { type WorkerDetectorOptions, createWorkerDetector, startDetectorWorker } from './worker-detector';
import { createYoloxDetector } from './yolox-detector';

export type DetectorKind = 'yolox' | 'centernet';

export interface BestDetectorOptions extends WorkerDetectorOptions {
  /**
   * 'auto' (default): YOLOX when its model resolves, else CenterNet; 'yolox' or 'centernet' forces one. With
   * 'centernet', `modelPath` names a TFJS model.json (default the packaged one); otherwise a YOLOX ONNX file.
   */
  kind?: 'auto' | DetectorKind;
  /** The YOLOX model looked up; default YOLOX-Nano. */
  yoloxModel?: ModelSpec;
  /** Which detectors run in a worker thread: 'centernet' (default), 'all' or 'none'. */
  worker?: 'centernet' | 'all' | 'none';
  /** Told once which detector was chosen and why. */
  log?: (msg: string, extra?: Record<string, unknown>) => void;
}

/** Every detector made here says which model file it runs. */
export type ModelDetector = Detector & { readonly modelPath: string };

export interface DetectorSelection {
  kind: DetectorKind;
  modelPath: string;
  /** Why this detector: where its model came from, or why YOLOX was not available. */
  reason: string;
}

function describeSource(r: ResolvedModel): string {
  switch (r.source) {
    case 'path':
      return 'the configured model path';
    case 'folder':
      return 'a models folder';
    case 'cache':
      return 'the download cache (sha256 checked)';
    case 'download':
      return 'the official download (sha256 checked)';
    case 'packaged':
      return 'a packaged model';
  }
}

function packagedCenternet(reason: string): DetectorSelection {
  const modelPath = packagedCenternetModelPath();
  if (modelPath === null) {
    throw new ModelError('MODEL_NOT_FOUND', `${reason}; and the packaged fallback (CenterNet from @vladmandic/human) is not installed`);
  }
  return { kind: 'centernet', modelPath, reason };
}

/** Decides which detector and model to use (resolving, and downloading if allowed), without loading anything. */
export async function selectDetector(opts: BestDetectorOptions = {}): Promise<DetectorSelection> {
  const kind = opts.kind ?? 'auto';
  if (kind === 'centernet') {
    if (opts.modelPath !== undefined && opts.modelPath !== '') return { kind, modelPath: opts.modelPath, reason: 'asked for, with its model path' };
    return packagedCenternet('asked for');
  }
  const spec = opts.yoloxModel ?? YOLOX_NANO_MODEL;
  try {
    const r = await resolveModel(spec, { ...opts.resolve, modelPath: opts.modelPath, modelsDir: opts.modelsDir });
    return { kind: 'yolox', modelPath: r.path, reason: `${spec.fileName} found in ${describeSource(r)}` };
  } catch (err) {
    const explicit = opts.modelPath !== undefined && opts.modelPath !== '';
    if (kind === 'yolox' || explicit || !(err instanceof ModelError) || err.code !== 'MODEL_NOT_FOUND') throw err;
    return packagedCenternet(`no YOLOX model (${err.message})`);
  }
}

function centernetConfig(opts: BestDetectorOptions, modelPath: string, fallback: boolean): CenternetDetectorConfig & { modelPath: string } {
  const { scoreThreshold, nmsIouThreshold, maxDetections, classes, labels, name } = opts;
  const config: CenternetDetectorConfig & { modelPath: string } = { modelPath };
  if (scoreThreshold !== undefined) config.scoreThreshold = scoreThreshold;
  if (nmsIouThreshold !== undefined) config.nmsIouThreshold = nmsIouThreshold;
  if (maxDetections !== undefined) config.maxDetections = maxDetections;
  if (classes !== undefined) config.classes = [...classes];
  if (labels !== undefined) config.labels = [...labels];
  config.name = name ?? `centernet:${path.basename(modelPath)}${fallback ? ' (fallback)' : ''}`;
  return config;
}

/** Opens a detector for a selection: YOLOX or CenterNet, in a worker thread or in this one (see `worker`). */
export async function openSelectedDetector(sel: DetectorSelection, opts: BestDetectorOptions = {}): Promise<ModelDetector> {
  const { kind: _kind, yoloxModel: _spec, worker = 'centernet', log: _log, ...detectorOpts } = opts;
  if (sel.kind === 'yolox') {
    const yolox = { ...detectorOpts, modelPath: sel.modelPath };
    return worker === 'all' ? createWorkerDetector(yolox) : createYoloxDetector(yolox);
  }
  const config = centernetConfig(opts, sel.modelPath, (opts.kind ?? 'auto') === 'auto');
  if (worker === 'none') {
    // TensorFlow.js is loaded only when CenterNet is used (~1.5 s and ~60 MB).
    const { createCenternetDetector } = await import('./centernet-detector');
    return createCenternetDetector(config);
  }
  return startDetectorWorker({ kind: 'centernet', config }, detectorOpts);
}

/** Selects (see selectDetector), opens, and logs once which detector is used and why. */
export async function createBestDetector(opts: BestDetectorOptions = {}): Promise<ModelDetector> {
  const sel = await selectDetector(opts);
  const detector = await openSelectedDetector(sel, opts);
  opts.log?.(`detector: ${detector.name}`, { kind: sel.kind, model: sel.modelPath, reason: sel.reason });
  return detector;
}
