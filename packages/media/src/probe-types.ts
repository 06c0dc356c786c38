/** Types of a source probe (what ffprobe found, or why it failed). */

export interface ProbeInput {
  /** rtsp(s)://, rtmp(s)://, http(s):// URL, file:// URL or a file path. */
  url: string;
  username?: string;
  password?: string;
  /** Total budget, also used as the socket I/O timeout; default 10 000 ms. */
  timeoutMs?: number;
  /** RTSP lower transport; default 'tcp'. */
  rtspTransport?: 'tcp' | 'udp';
  /** Seconds of packets read to measure bit rate and frame rate when the source does not say; default 2. */
  sampleSeconds?: number;
  signal?: AbortSignal;
}

export interface ProbeVideo {
  codec: string;
  profile?: string;
  width: number;
  height: number;
  fps: number | null;
  bitRateKbps: number | null;
  pixFmt?: string;
}

export interface ProbeAudio {
  codec: string;
  sampleRate: number | null;
  channels: number | null;
}

export interface ProbeOk {
  ok: true;
  video: ProbeVideo;
  audio: ProbeAudio | null;
  /** ffprobe's format name, e.g. "rtsp", "avi", "mov,mp4,m4a,3gp,3g2,mj2". */
  container: string;
  /** null for live sources. */
  durationS: number | null;
  elapsedMs: number;
}

export const PROBE_FAILURE_REASONS = [
  'unreachable',
  'auth_refused',
  'not_found',
  'not_video',
  'timeout',
  'unsupported',
  'error',
] as const;
export type ProbeFailureReason = (typeof PROBE_FAILURE_REASONS)[number];

export interface ProbeFailure {
  ok: false;
  reason: ProbeFailureReason;
  /** One clear sentence for people; credentials redacted. */
  message: string;
  /** The last lines of ffprobe's stderr, credentials redacted. */
  detail: string;
  elapsedMs: number;
}

export type ProbeResult = ProbeOk | ProbeFailure;
