/**
 * The contract between the live plane (one upstream per camera and stream, fanned out) and its in-process consumers:
 * browser viewers (fMP4 over WebSocket, HLS) and analysis tasks (which decode frames from the same upstream, so a
 * camera is connected once for recording, live view and analysis).
 *
 * The stream is fragmented MP4: one init segment (ftyp+moov), then media fragments (moof+mdat). A subscriber first
 * gets the init segment, then fragments starting at a key frame. A slow subscriber loses fragments (for itself only,
 * counted) and resumes at the next key frame; it never holds back the upstream or other subscribers.
 */

export type StreamChoice = 'main' | 'sub';

export interface InitSegment {
  data: Uint8Array;
  /** RFC 6381 codec string(s) for MSE, e.g. 'avc1.64001f' or 'avc1.64001f,mp4a.40.2'. */
  mime: string;
  width: number | null;
  height: number | null;
  videoCodec: string;
}

export interface MediaFragment {
  data: Uint8Array;
  /** The fragment starts with a key frame (a slow subscriber may resume here). */
  keyframe: boolean;
  /** Decode time of the first sample, seconds on the stream's timeline. */
  decodeTimeS: number;
  durationS: number;
  /** Wall clock when the server received the fragment, epoch ms. */
  receivedAtMs: number;
}

export interface StreamSubscriber {
  onInit(init: InitSegment): void;
  onFragment(fragment: MediaFragment): void;
  /** The upstream ended for good (camera deleted, server closing) or failed; `reason` says why. */
  onEnd(reason: string): void;
}

export interface StreamSubscription {
  /** Fragments dropped for this subscriber because it was too slow. */
  readonly dropped: number;
  close(): void;
}

export interface CameraStreams {
  /**
   * Subscribes to a camera's live stream; the first subscriber opens the upstream (or attaches to the recorder's),
   * the last one leaving releases it after a short grace period. Throws AppError not_found for an unknown camera.
   */
  subscribe(cameraId: string, stream: StreamChoice, subscriber: StreamSubscriber): Promise<StreamSubscription>;
}
