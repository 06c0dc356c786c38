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
  // events slice (event center: review, incidents, tickets)
  event_transition_not_allowed: { status: 409, title: 'That review action is not allowed in the event\'s current state' },
  ticket_transition_not_allowed: { status: 409, title: 'That ticket state change is not allowed' },
  // live-console slice (per-user preferences)
  preference_not_set: { status: 404, title: 'No such preference is saved' },
  preference_too_large: { status: 413, title: 'The preference value is too large' },
  // live-server slice (live view: tokens, WebSocket/HLS/WebRTC transports)
  live_transport_unavailable: { status: 501, title: 'That live transport is not available on this server' },
  live_stream_unavailable: { status: 503, title: 'The live stream has no data yet; retry shortly' },
  live_webrtc_offer_refused: { status: 400, title: 'The WebRTC offer cannot be answered (not valid SDP, or no H.264 packetization-mode 1 video to receive)' },
  live_codec_unsupported: { status: 409, title: 'The camera stream\'s codec cannot be sent over this live transport' },
  // subscriptions slice (webhooks, MQTT; issue 7)
  webhook_url_refused: { status: 400, title: 'The webhook URL is not allowed (not http(s), or a link-local, metadata, private or loopback target)' },
  // tasks slice (analysis tasks; issue 6)
  camera_frame_unavailable: { status: 409, title: 'The camera gave no frame just now (offline, unreachable or not a video)' },
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
