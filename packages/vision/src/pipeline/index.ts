/** Public API of the analysis pipeline: per-camera pipelines, the shared detector, their stats and metrics. */
export { AnalysisCore, type AnalysisCoreOptions, type AnalysisCoreStats, type GateStep } from './analysis-core';
export type { AnalysisFrame, AnalysisFrameMeta, AnalysisGateReason, EndedTrack, SnapshotCrop, TrackSnapshot } from './analysis-types';
export {
  AnalysisPipeline,
  openAnalysisPipeline,
  type AnalysisPipelineOptions,
  type CameraAnalysisStats,
  type FrameSourceLike,
  type PipelineState,
} from './analysis-pipeline';
export { AnalysisGroup, type AnalysisGroupOptions, type AnalysisGroupStats, type GroupCameraOptions } from './analysis-group';
export { FairQueue, type FairQueueCounts, type FairQueueMember } from './fair-queue';
export { FrameHandoff, type HandoffOverflow, type HandoffStats } from './frame-handoff';
export { LatencyWindow, type LatencySummary } from './latency-window';
export {
  AnalysisPipelineError,
  DetectionDroppedError,
  SharedDetectorClosedError,
  isTransientDetectionError,
  toAnalysisError,
  type AnalysisStage,
} from './pipeline-errors';
export { cameraMetricSamples, detectorMetricSamples, formatMetricSamples, type MetricSample } from './pipeline-metrics';
export {
  SharedDetector,
  defaultMaxBatch,
  type CameraDetector,
  type DetectResult,
  type SharedDetectorCameraStats,
  type SharedDetectorMember,
  type SharedDetectorOptions,
  type SharedDetectorStats,
} from './shared-detector';
export { cropFrame } from './snapshot-crop';
