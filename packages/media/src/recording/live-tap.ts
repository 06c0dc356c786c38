/**
 * The recorder's live tap: how a recording run feeds live view from the same camera connection. There is no second
 * ffmpeg output: while the sink wants the stream (someone watches), the run follows the segment file its ffmpeg is
 * writing (segment-follower.ts) and hands init segments and fragments here. Nobody watching costs nothing.
 */
import type { SplitFragment, SplitInit } from '../live/fmp4-splitter';

/** Where a recorder sends its live tap (the server's live plane implements it: RecorderFeed). */
export interface LiveTapSink {
  /**
   * Longest live fragment, ms (a key frame always starts a new one). The recording's segments are cut into
   * fragments of this length (they are what live view gets), instead of the 1 s used without live view.
   */
  readonly fragmentMs: number;
  /** A new ffmpeg run starts (connecting); its init segment follows when media arrives and someone watches. */
  onRunStart(): void;
  /** A new init segment: at the start of following, and when the codec configuration changed (never per segment). */
  onInit(init: SplitInit): void;
  onFragment(fragment: SplitFragment): void;
  /** The run ended (a restart follows unless the recorder is closing); `reason` says why. */
  onRunEnd(reason: string): void;
  /**
   * Demand: calls `fn(true)` when the sink starts wanting fragments (a listener attached) and `fn(false)` when it no
   * longer does; calls it once at once with the current demand. Returns the unsubscribe. A run follows its segment
   * file only while the demand is on.
   */
  watchDemand(fn: (wanted: boolean) => void): () => void;
}
