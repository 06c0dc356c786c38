/** Errors of the analysis pipeline, each with a stable `code` (the cause's code where it has one). */

export type AnalysisStage = 'source' | 'detector' | 'pipeline';

/** A camera's analysis failed. Only that camera stops; `cause` is the original error (FrameSourceError, ModelError, …). */
export class AnalysisPipelineError extends Error {
  constructor(
    readonly camera: string,
    readonly code: string,
    readonly stage: AnalysisStage,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AnalysisPipelineError';
  }
}

/** A queued detection request was evicted by a newer frame of the same camera (newest wins), or waited too long. */
export class DetectionDroppedError extends Error {
  readonly code = 'DETECTION_DROPPED';
  constructor(readonly camera: string, why = 'for a newer frame (queue full)') {
    super(`camera ${camera}: detection request dropped ${why}`);
    this.name = 'DetectionDroppedError';
  }
}

/** The shared detector was closed, or the camera was removed from it. */
export class SharedDetectorClosedError extends Error {
  readonly code = 'DETECTOR_CLOSED';
  constructor(what: string) {
    super(what);
    this.name = 'SharedDetectorClosedError';
  }
}

export function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Errors after which a camera simply goes on with its next frame (the frame counts as dropped). */
export function isTransientDetectionError(err: unknown): boolean {
  const code = errorCode(err);
  return code === 'DETECTION_DROPPED' || code === 'DETECTOR_BUSY';
}

/** Wraps any error as the camera's AnalysisPipelineError (kept as it is when it already is one). */
export function toAnalysisError(camera: string, stage: AnalysisStage, err: unknown): AnalysisPipelineError {
  if (err instanceof AnalysisPipelineError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const code = errorCode(err) ?? `${stage.toUpperCase()}_FAILED`;
  return new AnalysisPipelineError(camera, code, stage, `camera ${camera}: ${stage} failed: ${message}`, { cause: err });
}
