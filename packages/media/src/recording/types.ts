/**
 * The contract between the recording engine (packages/media/src/recording) and the server's recording service
 * (apps/server/src/features/recordings). The engine knows nothing about databases or blob stores: it runs one ffmpeg
 * per source, cuts self-contained fragmented-MP4 segments into a work folder, and hands each closed segment over.
 */
import type { LiveTapSink } from './live-tap';

/** A finished segment: a self-contained fragmented MP4 (ftyp+moov, then moof/mdat pairs), cut on key frames. */
export interface ClosedSegment {
  sourceId: string;
  /** Local path of the finished segment file; the consumer moves or deletes it. */
  file: string;
  /** Wall-clock time of the first frame, epoch milliseconds. */
  startMs: number;
  durationMs: number;
  sizeBytes: number;
  /** Bytes before the first `moof` (ftyp + moov): the init part, for HLS `EXT-X-MAP` byte ranges. */
  initSize: number;
  /** 'h264', 'hevc', … of the video track. */
  videoCodec: string;
  width: number | null;
  height: number | null;
  hasAudio: boolean;
  /** Hex SHA-256 of the whole file. */
  sha256: string;
  /** Id of the ffmpeg run that produced it; a new run means a discontinuity in playback. */
  sessionId: string;
  /** Position within the session, from 0. */
  sequence: number;
  /** True when the segment was recovered after a crash (truncated to its last complete fragment). */
  recovered: boolean;
}

export type RecorderState =
  | { status: 'idle' }
  | { status: 'connecting'; attempt: number }
  | { status: 'recording'; since: number; segments: number }
  | { status: 'failing'; reason: string; attempt: number; retryInMs: number }
  | { status: 'stopped' };

export interface RecorderInput {
  url: string;
  username?: string;
  password?: string;
}

export interface RecorderOptions {
  sourceId: string;
  input: RecorderInput;
  /** Folder for segments in progress and finished segments not yet handed over. */
  workDir: string;
  /** Target segment length; segments are cut on the next key frame after it. */
  segmentSeconds: number;
  /** No new packets for this long → the ffmpeg run is considered stalled and restarted. */
  stallTimeoutSeconds: number;
  /** Restart backoff: exponential from initialMs to maxMs, with jitter. */
  backoff: { initialMs: number; maxMs: number };
  /** Loop file sources forever (the demo camera); live streams ignore it. */
  loopFiles: boolean;
  /** Called for every closed segment, in order; the recorder waits for it (back-pressure). */
  onSegment(segment: ClosedSegment): Promise<void>;
  onState?(state: RecorderState): void;
  /** Live tap: the same stream-copied video also goes to this sink as short fMP4 fragments (see live-tap.ts). */
  live?: LiveTapSink;
}
