/** Errors of model resolution and loading, each with a stable code (mapped to problem+json by the server). */
export type ModelErrorCode =
  | 'MODEL_NOT_FOUND'
  | 'MODEL_INVALID'
  | 'MODEL_SHAPE'
  | 'MODEL_CHECKSUM'
  | 'MODEL_DOWNLOAD';

export class ModelError extends Error {
  constructor(
    readonly code: ModelErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ModelError';
  }
}
