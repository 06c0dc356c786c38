/** The recording engine: one supervised ffmpeg per source, fragmented-MP4 segments, crash recovery. */
export type { ClosedSegment, RecorderInput, RecorderOptions, RecorderState } from './types';
export type { LiveTapSink } from './live-tap';
export { SourceRecorder, type RecorderStats, type SourceRecorderDeps } from './source-recorder';
export { recoverWorkDir, type RecoverOptions, type RecoveryReport } from './recover-work-dir';
export { backoffCap, backoffDelay, type BackoffPolicy, MIN_RESTART_DELAY_MS } from './backoff';
export {
  codecName,
  listBoxes,
  parseMoof,
  parseMoov,
  readBoxHeader,
  type BoxHeader,
  type MovieInfo,
  type TrackInfo,
  type TrackRun,
} from './mp4-boxes';
export { analyzeSegment, type SegmentAnalysis } from './segment-analysis';
export { buildRecorderArgs, segmentFormatOptions, STREAM_TIME_OFFSET_S, type RecorderArgsOptions } from './ffmpeg-args';
export { classifyRunExit, formatFailureReason, parseFailureReason, type RunFailure, type RunFailureCode } from './run-failure';
export { inspectSegmentFile, repairSegmentFile, validateWithFfprobe, type InspectedSegment, type RepairOutcome } from './segment-file';
export { WallClockAnchor } from './wall-clock-anchor';
export { parseSegmentFileName, sourcePrefix } from './work-dir-layout';
