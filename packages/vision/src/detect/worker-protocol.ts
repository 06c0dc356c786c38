/** Messages between WorkerDetector (main thread) and detector-worker.ts (the worker). Plain, structured-cloneable data. */
import type { Detection, Frame } from '../types';
import type { CenternetDetectorConfig } from './centernet-detector';
import type { YoloxDetectorConfig } from './yolox-detector';

export type ToWorker =
  | { kind: 'detect'; id: number; frames: Frame[] }
  | { kind: 'close' };

export interface WorkerReady {
  kind: 'ready';
  name: string;
  inputSize: { width: number; height: number };
  labels: string[];
  batch: number | 'dynamic';
  provider: string;
  modelPath: string;
}

export type FromWorker =
  | WorkerReady
  | { kind: 'init-error'; message: string; code?: string }
  | { kind: 'result'; id: number; detections: Detection[][] }
  | { kind: 'error'; id: number; message: string; code?: string }
  | { kind: 'closed' };

/**
 * workerData of the worker: which detector it runs and its configuration, with the model path already resolved.
 * `kind` absent means YOLOX (onnxruntime); 'centernet' is the packaged fallback on TensorFlow.js wasm.
 */
export type DetectorWorkerData =
  | { kind?: 'yolox'; config: YoloxDetectorConfig & { modelPath: string } }
  | { kind: 'centernet'; config: CenternetDetectorConfig & { modelPath: string } };
