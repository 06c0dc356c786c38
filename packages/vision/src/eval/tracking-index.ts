// Public API of the tracking, counting and motion-gate evaluation.
export { parseMot, readMotFile, formatMot, filterMot, groupByFrame, groupById, MotFormatError, type MotRow, type IdBox, type MotFilter } from './mot-format';
export { clearMot, type ClearMotOptions, type ClearMotResult } from './clear-mot';
export { idMetrics, type IdMetricsOptions, type IdMetricsResult } from './idf1';
export {
  LineCrossingCounter,
  countCrossings,
  countingError,
  parseLine,
  type NormalisedLine,
  type CrossingDirection,
  type CrossingEvent,
  type CrossingOptions,
  type CrossingCounts,
} from './crossings';
export { scoreTracking, trackingSummaryLine, DEFAULT_COUNT_LINE, type TrackingScore, type TrackingScoreOptions } from './tracking-metrics';
export { runTracking, type TrackingRunOptions, type TrackingRunResult, type GateTraceEntry } from './tracking-run';
export {
  runTrackEval,
  TRACK_EVAL_TRACKER,
  TRACK_EVAL_FILTER,
  TRACK_EVAL_DETECTOR,
  type TrackEvalOptions,
  type TrackEvalResult,
} from './tracking-eval';
export { runGateEval, gateMisses, staticSkipShare, type GateEvalOptions, type GateEvalResult, type GateMiss } from './tracking-gate-eval';
