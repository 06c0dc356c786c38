/**
 * Public API of the detectors (YOLOX on onnxruntime-node, in-thread or in a worker; the packaged CenterNet fallback on
 * TensorFlow.js wasm) and model resolution. CenterNet's module is only exported as types: it loads TensorFlow.js, so
 * it is imported on demand (best-detector.ts, detector-worker.ts).
 */
export * from './coco-labels';
export * from './letterbox';
// iou/boxArea are left out: track/ exports the same geometry (track/box-geometry.ts).
export { nms, type NmsCandidate, type NmsOptions } from './nms';
export * from './yolox-decode';
export * from './model-errors';
export * from './model-check';
export * from './model-resolve';
export * from './ort-session';
export * from './yolox-detector';
export * from './worker-detector';
export * from './centernet-decode';
export * from './centernet-model';
export type { CenternetDetector, CenternetDetectorConfig } from './centernet-detector';
export * from './best-detector';
export { startTsWorker, tsWorkerBootstrap } from './ts-worker';
export { decodeImageFile, parsePnm, swapRedBlue, ImageDecodeError, type DecodeImageOptions, type PnmImage } from '../io/image-decode';
