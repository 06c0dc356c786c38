/** Pure classification of a failed ffprobe run (stderr, exit, timer) into a reason and one clear sentence. */
import type { ProbeFailureReason } from './probe-types';
import type { SourceKind } from './source-url';

export interface ProbeFailureEvidence {
  /** ffprobe's stderr, already redacted. */
  stderr: string;
  exitCode: number | null;
  /** Our hard timer killed it. */
  timedOut: boolean;
  /** ffprobe could not be started at all. */
  spawnError?: string | null;
  elapsedMs: number;
  /** The socket I/O timeout given to ffprobe, when one was. */
  ioTimeoutMs: number | null;
  kind: SourceKind;
  /** The source as people may see it (redacted). */
  display: string;
  hasCredentials: boolean;
}

export interface ProbeFailureClass {
  reason: ProbeFailureReason;
  message: string;
}

const AUTH = /\b401\b|\b403\b|unauthori[sz]ed|authori[sz]ation failed|forbidden/i;
const DNS = /name or service not known|could not resolve|failed to resolve|temporary failure in name resolution|no address associated/i;
const REFUSED = /connection refused/i;
const NO_ROUTE = /no route to host|network is unreachable|host is unreachable|cannot assign requested address/i;
const UNSUPPORTED = /protocol not found/i;
const TIMED_OUT = /timed out/i;
/** A missing file, or a server that answered "404 Not Found" (RTSP DESCRIBE, HTTP GET). Not "moov atom not found". */
const MISSING = /\b404\b|no such file or directory|server returned [^\n]*not found|method \w+ failed: [^\n]*not found/i;
const NO_VIDEO = /invalid data found when processing input|end of file|no video stream|could not find codec parameters|moov atom not found/i;

/** The last `count` non-empty lines of text. */
export function lastLines(text: string, count: number): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
    .slice(-count)
    .join('\n');
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

function timeoutClass(e: ProbeFailureEvidence): ProbeFailureClass {
  const limit = e.timedOut || e.ioTimeoutMs === null ? e.elapsedMs : e.ioTimeoutMs;
  return { reason: 'timeout', message: `${e.display} did not answer within ${seconds(limit)}.` };
}

export function classifyProbeFailure(e: ProbeFailureEvidence): ProbeFailureClass {
  const { stderr, display } = e;
  const network = e.kind !== 'file';
  if (e.timedOut) return timeoutClass(e);
  if (e.spawnError) return { reason: 'error', message: `ffprobe could not be started: ${e.spawnError}.` };
  if (AUTH.test(stderr)) {
    return {
      reason: 'auth_refused',
      message: e.hasCredentials
        ? `${display} refused the user name and password given: check the credentials.`
        : `${display} requires a user name and password.`,
    };
  }
  if (DNS.test(stderr)) return { reason: 'unreachable', message: `The host name of ${display} could not be resolved.` };
  if (REFUSED.test(stderr)) {
    return { reason: 'unreachable', message: `${display} refused the connection: nothing is listening at that address and port.` };
  }
  if (NO_ROUTE.test(stderr)) return { reason: 'unreachable', message: `The host of ${display} cannot be reached from this machine.` };
  if (UNSUPPORTED.test(stderr)) {
    return { reason: 'unsupported', message: `The protocol of ${display} is not supported by this ffmpeg build.` };
  }
  if (TIMED_OUT.test(stderr)) return timeoutClass(e);
  if (MISSING.test(stderr)) {
    return {
      reason: 'not_found',
      message: network ? `${display} does not exist on the server (404 Not Found): check the path.` : `File not found: ${display}.`,
    };
  }
  if (NO_VIDEO.test(stderr)) {
    // ffmpeg 5.1 reports an RTSP socket timeout as "Invalid data found", so a network failure that took the whole
    // I/O timeout is a timeout, not bad data.
    if (network && e.ioTimeoutMs !== null && e.elapsedMs >= e.ioTimeoutMs * 0.9) return timeoutClass(e);
    return {
      reason: 'not_video',
      message: network
        ? `${display} did not send a video stream that ffmpeg can read.`
        : `${display} is not a video file that ffmpeg can read.`,
    };
  }
  const last = lastLines(stderr, 1);
  const why = last !== '' ? last : `ffprobe exited with code ${String(e.exitCode)}`;
  return { reason: 'error', message: `Probing ${display} failed: ${why}` };
}
