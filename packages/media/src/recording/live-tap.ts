/**
 * The live tap of a recording run: reads the fragmented MP4 the recorder's ffmpeg writes to fd 3 (see
 * live-tap-args.ts), splits it (Fmp4Splitter) and hands init segments and fragments to a sink. The pipe is ALWAYS
 * drained, whatever the sink does: ffmpeg writes all its outputs from one thread, so a pipe nobody reads would
 * stall the recording. A stream that cannot be split (or a sink that throws) is counted and the rest of the run's
 * bytes are discarded; the recording goes on.
 */
import type { Readable } from 'node:stream';
import { Fmp4Splitter, type SplitFragment, type SplitInit } from '../live/fmp4-splitter';

/** Where a recorder sends its live tap (the server's live plane implements it). */
export interface LiveTapSink {
  /** Longest live fragment, ms (a key frame always starts a new one). */
  readonly fragmentMs: number;
  /** A new ffmpeg run starts (connecting); its init segment follows when media arrives. */
  onRunStart(): void;
  onInit(init: SplitInit): void;
  onFragment(fragment: SplitFragment): void;
  /** The run ended (a restart follows unless the recorder is closing); `reason` says why. */
  onRunEnd(reason: string): void;
}

export interface LiveTapStats {
  bytes: number;
  fragments: number;
  /** Bytes read but not handed on (after a split error or a throwing sink). */
  discardedBytes: number;
  error: string | null;
}

export class LiveTapReader {
  private readonly splitter = new Fmp4Splitter();
  private readonly counters: LiveTapStats = { bytes: 0, fragments: 0, discardedBytes: 0, error: null };
  private detached = false;

  constructor(private readonly sink: LiveTapSink) {}

  get stats(): LiveTapStats {
    return { ...this.counters };
  }

  /** Starts draining `pipe` (flowing mode, never paused). */
  attach(pipe: Readable): void {
    pipe.on('data', (chunk: Buffer) => this.push(chunk));
    pipe.on('error', () => undefined); // the run's exit tells what happened
  }

  /** Feeds bytes read from the pipe; never throws. */
  push(chunk: Buffer): void {
    this.counters.bytes += chunk.length;
    if (this.detached || this.counters.error !== null) {
      this.counters.discardedBytes += chunk.length;
      return;
    }
    try {
      for (const out of this.splitter.push(chunk)) {
        if (out.kind === 'init') this.sink.onInit(out);
        else {
          this.counters.fragments += 1;
          this.sink.onFragment(out);
        }
      }
    } catch (err) {
      this.counters.error = (err as Error).message;
      this.counters.discardedBytes += this.splitter.pendingBytes;
    }
  }

  /** Stops handing anything to the sink (the pipe is still drained). */
  detach(): void {
    this.detached = true;
  }
}
