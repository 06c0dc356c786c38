/**
 * The one error catalogue. Every error Argus returns has a stable `code` from here, an HTTP status and a title.
 * Codes are part of the API: never rename one; add new ones instead.
 */
export const ERROR_CATALOGUE = {
  validation_failed: { status: 400, title: 'The request is not valid' },
  malformed_json: { status: 400, title: 'The request body is not valid JSON' },
  bad_request: { status: 400, title: 'The request cannot be processed' },
  unauthenticated: { status: 401, title: 'Sign in first' },
  invalid_credentials: { status: 401, title: 'Wrong user name or password' },
  session_expired: { status: 401, title: 'The session has expired; sign in again' },
  token_invalid: { status: 401, title: 'The API token is unknown, expired or revoked' },
  forbidden: { status: 403, title: 'You may not do this here' },
  setup_closed: { status: 403, title: 'The first administrator already exists; the setup link is dead' },
  setup_token_invalid: { status: 403, title: 'The setup token is wrong' },
  not_found: { status: 404, title: 'No such resource' },
  route_not_found: { status: 404, title: 'No such endpoint' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'The request conflicts with the current state' },
  name_taken: { status: 409, title: 'That name is already in use here' },
  domain_not_empty: { status: 409, title: 'The domain still holds sub-domains, cameras or groups' },
  body_too_large: { status: 413, title: 'The request body is too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported content type' },
  headers_too_large: { status: 431, title: 'The request headers are too large' },
  too_many_requests: { status: 429, title: 'Too many attempts; wait and try again' },
  media_tools_missing: { status: 503, title: 'ffmpeg/ffprobe are not installed' },
  not_ready: { status: 503, title: 'The server is not ready' },
  no_recordings: { status: 404, title: 'No recorded video in that time range' },
  range_not_satisfiable: { status: 416, title: 'The requested byte range is outside the file' },
  export_not_ready: { status: 409, title: 'The export is not finished' },
  recording_storage_unavailable: { status: 503, title: 'The recording storage cannot be read right now' },
  internal: { status: 500, title: 'Internal error' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export interface FieldProblem {
  /** JSON pointer or dotted path of the offending field, '' for the whole body. */
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly fields?: readonly FieldProblem[],
    readonly extra?: Readonly<Record<string, unknown>>,
  ) {
    super(message ?? ERROR_CATALOGUE[code].title);
    this.name = 'AppError';
    this.status = ERROR_CATALOGUE[code].status;
  }
}

export const notFound = (what: string, id: string): AppError => new AppError('not_found', `${what} ${id} does not exist`);
export const forbidden = (message = 'You have no right to do this here'): AppError => new AppError('forbidden', message);
export const invalid = (field: string, message: string): AppError =>
  new AppError('validation_failed', `${field}: ${message}`, [{ field, message }]);
