/**
 * Pure: why an ffmpeg recording run ended, as a stable code and one clear sentence. Input failures (auth, refused,
 * 404, timeouts, not video) reuse the probe's classifier; recording adds stalls, ended streams, crashes and an
 * audio codec the MP4 container cannot hold.
 */
import { classifyProbeFailure, lastLines } from '../probe-classify';
import type { ProbeFailureReason } from '../probe-types';
import type { SourceKind } from '../source-url';

export type RunFailureCode = ProbeFailureReason | 'stalled' | 'stream_ended' | 'crashed' | 'audio_unsupported' | 'disk_full';

export interface RunFailure {
  code: RunFailureCode;
  message: string;
}

export interface RunExitEvidence {
  /** ffmpeg's stderr tail, already redacted. */
  stderr: string;
  exitCode: number | null;
  exitSignal: NodeJS.Signals | null;
  spawnError: string | null;
  /** Set when our watchdog stopped the run: how long no packet had arrived. */
  stalledForMs: number | null;
  elapsedMs: number;
  ioTimeoutMs: number | null;
  kind: SourceKind;
  display: string;
  hasCredentials: boolean;
  /** Whether the run received any media before it ended. */
  hadPackets: boolean;
  /** Whether the run mapped the source's audio. */
  audioMapped: boolean;
}

/** Known, harmless ffmpeg warnings of a recording run (see the package README); never a failure reason. */
export const BENIGN_STDERR: readonly RegExp[] = [
  /Timestamps are unset in a packet/i,
  /Non-monoton(?:ou|ic)s DTS/i,
  /option initial_offset is deprecated/i,
  /No meaningful edit list will be written/i,
  /Guessed Channel Layout/i,
  /Starting new cluster/i,
];

export function isBenignLine(line: string): boolean {
  return BENIGN_STDERR.some((re) => re.test(line));
}

/** stderr without the benign lines. */
export function meaningfulStderr(stderr: string): string {
  return stderr
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '' && !isBenignLine(line))
    .join('\n');
}

const AUDIO_TAG = /Could not find tag for codec (\S+) in stream #\d+, codec not currently supported in container/i;

/** The audio codec the MP4 muxer refused, when that is why the run failed (the recorder then drops audio). */
export function rejectedAudioCodec(stderr: string, audioMapped: boolean): string | null {
  if (!audioMapped) return null;
  const match = AUDIO_TAG.exec(stderr);
  if (match === null) return null;
  // The video stream is always mapped first (#0); a refused stream #1 is the audio one.
  return /in stream #0\b/.test(match[0]) ? null : (match[1] ?? null);
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

export function classifyRunExit(e: RunExitEvidence): RunFailure {
  const stderr = meaningfulStderr(e.stderr);
  if (e.spawnError !== null) return { code: 'error', message: `ffmpeg could not be started: ${e.spawnError}.` };
  if (e.stalledForMs !== null) {
    return {
      code: 'stalled',
      message: e.hadPackets
        ? `${e.display} stopped sending video: nothing arrived for ${seconds(e.stalledForMs)}.`
        : `${e.display} sent no video within ${seconds(e.stalledForMs)} of connecting.`,
    };
  }
  if (/No space left on device|Disk quota exceeded/i.test(stderr)) {
    return { code: 'disk_full', message: `The recording folder is full: ffmpeg could not write ${e.display}'s segments.` };
  }
  const audio = rejectedAudioCodec(stderr, e.audioMapped);
  if (audio !== null) {
    return { code: 'audio_unsupported', message: `The audio of ${e.display} (${audio}) cannot be stored in MP4; recording video only.` };
  }
  if (e.exitSignal !== null && e.exitSignal !== 'SIGTERM' && e.exitSignal !== 'SIGINT') {
    return { code: 'crashed', message: `ffmpeg recording ${e.display} was killed by ${e.exitSignal}.` };
  }
  if (e.exitCode === 0 || (e.hadPackets && stderr.trim() === '')) {
    return {
      code: 'stream_ended',
      message: e.kind === 'file' ? `${e.display} ended.` : `${e.display} ended the stream (the camera closed the connection).`,
    };
  }
  const probe = classifyProbeFailure({
    stderr,
    exitCode: e.exitCode,
    timedOut: false,
    spawnError: null,
    elapsedMs: e.elapsedMs,
    ioTimeoutMs: e.ioTimeoutMs,
    kind: e.kind,
    display: e.display,
    hasCredentials: e.hasCredentials,
  });
  if (probe.reason === 'not_video' && e.hadPackets) {
    return { code: 'stream_ended', message: `${e.display} broke off the stream: ${lastLines(stderr, 1)}` };
  }
  if (probe.reason !== 'error') return { code: probe.reason, message: probe.message };
  const last = lastLines(stderr, 1);
  const why = last !== '' ? last : `ffmpeg exited with code ${String(e.exitCode)}${e.exitSignal !== null ? ` (${e.exitSignal})` : ''}`;
  return { code: 'error', message: `Recording ${e.display} failed: ${why}` };
}

/** The RecorderState `reason` text: `<code>: <sentence>` (stable code first, for the API and the console). */
export function formatFailureReason(failure: RunFailure): string {
  return `${failure.code}: ${failure.message}`;
}

/** Splits a RecorderState `reason` back into code and message. */
export function parseFailureReason(reason: string): RunFailure {
  const colon = reason.indexOf(': ');
  const code = colon > 0 ? reason.slice(0, colon) : 'error';
  return { code: code as RunFailureCode, message: colon > 0 ? reason.slice(colon + 2) : reason };
}
