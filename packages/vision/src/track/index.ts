export { ByteTracker, resolveByteTrackerOptions, type ByteTrackerOptions, type ByteTrackerStats } from './byte-tracker';
export { GapFiller, type LaggedFrame } from './gap-filler';
export { KalmanBox, type KalmanBoxOptions } from './kalman-box';
export { solveAssignment, type Assignment, type AssignmentOptions } from './linear-assignment';
export { iou, iouMatrix, boxArea, bottomCentre, toCxCyAH, fromCxCyAH, type CxCyAH } from './box-geometry';
export { filterDetections, type DetectionFilter } from './detection-filter';
export {
  BestSnapshotSelector,
  type BestSnapshotOptions,
  type SnapshotWeights,
  type SnapshotObservation,
  type Snapshot,
} from './best-snapshot';
export { laplacianVariance, clipBox } from './sharpness';
