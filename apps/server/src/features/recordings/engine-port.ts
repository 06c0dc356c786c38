/**
 * The recording engine as the server sees it. The engine (packages/media/src/recording) runs one ffmpeg per source
 * and hands over closed fragmented-MP4 segments; this file is the only place that knows how it is constructed, so
 * tests and benchmarks can substitute it.
 */
import type { ClosedSegment, LiveTapSink, RecorderOptions, RecorderState } from '@argus/media/recording';

export type { ClosedSegment, LiveTapSink, RecorderOptions, RecorderState };

/**
 * Where recorders send their live tap (the live plane, features/live/recorder-feeds.ts); one sink per recorder. The
 * sink's demand decides whether the recorder reads its segments for live view at all (nobody watching: it does not).
 */
export interface LiveTapPort {
  open(cameraId: string): LiveTapSink & { close(): void };
}

/** One running recorder of one source. */
export interface RecorderHandle {
  /** Stops the ffmpeg run (closing its last segment where possible) and resolves when the process is gone. */
  stop(): Promise<void>;
}

export interface RecordingEngine {
  /** The engine honours `RecorderOptions.live` (live view from its segments); substitutes that do not leave it out. */
  readonly liveTap?: boolean;
  start(options: RecorderOptions): RecorderHandle;
  /**
   * Crash recovery of a source's work folder: segments finished (or repaired: truncated to their last complete
   * fragment) but not yet handed over. Broken pieces are discarded by the engine.
   */
  recover(workDir: string, sourceId: string): Promise<ClosedSegment[]>;
}
