/**
 * The recorder's live taps, one per recorded camera (its main stream): the recording ffmpeg also writes short fMP4
 * fragments (packages/media/src/recording/live-tap.ts), and the live plane attaches its upstream here instead of
 * opening a second connection to the camera. A feed keeps the latest init segment and the fragments since the last
 * key frame, so an upstream that attaches starts at once. Synchronous and timer-free; close() is idempotent.
 */
import type { SplitFragment, SplitInit } from '@argus/media';
import type { LiveTapSink } from '../recordings/engine-port';
import type { UpstreamState } from './live-upstreams';

/** Bytes of the current GOP a feed keeps for an upstream that attaches late. */
const MAX_GOP_BYTES = 16 * 1024 * 1024;

export interface FeedListener {
  onState(state: UpstreamState, reason: string | null): void;
  onInit(init: SplitInit): void;
  onFragment(fragment: SplitFragment): void;
}

export class RecorderFeed implements LiveTapSink {
  state: UpstreamState = 'connecting';
  reason: string | null = null;
  /** Recorder runs (ffmpeg starts) seen by this feed. */
  runs = 0;
  private init: SplitInit | null = null;
  private gop: SplitFragment[] = [];
  private gopBytes = 0;
  private listener: FeedListener | null = null;
  private closed = false;

  constructor(
    readonly cameraId: string,
    readonly fragmentMs: number,
    private readonly onClosed: (feed: RecorderFeed) => void,
  ) {}

  get isClosed(): boolean {
    return this.closed;
  }

  /** One listener at a time (the camera's upstream); it gets the state, the init and the current GOP at once. */
  attach(listener: FeedListener): () => void {
    this.listener = listener;
    listener.onState(this.state, this.reason);
    if (this.init) {
      listener.onInit(this.init);
      for (const f of this.gop) listener.onFragment(f);
    }
    return () => {
      if (this.listener === listener) this.listener = null;
    };
  }

  onRunStart(): void {
    if (this.closed) return;
    this.runs += 1;
    this.init = null;
    this.clearGop();
    this.setState('connecting', null);
  }

  onInit(init: SplitInit): void {
    if (this.closed) return;
    this.init = init;
    this.clearGop();
    this.listener?.onInit(init);
  }

  onFragment(f: SplitFragment): void {
    if (this.closed || this.init === null) return;
    if (this.state !== 'live') this.setState('live', null);
    if (f.keyframe) this.clearGop();
    if ((f.keyframe || this.gop.length > 0) && this.gopBytes + f.data.length <= MAX_GOP_BYTES) {
      this.gop.push(f);
      this.gopBytes += f.data.length;
    }
    this.listener?.onFragment(f);
  }

  onRunEnd(reason: string): void {
    if (this.closed) return;
    this.setState('failing', reason);
  }

  /** The recorder stopped for good (recording turned off, settings changed, server closing); idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.init = null;
    this.clearGop();
    this.onClosed(this);
  }

  private clearGop(): void {
    this.gop = [];
    this.gopBytes = 0;
  }

  private setState(state: UpstreamState, reason: string | null): void {
    this.state = state;
    this.reason = reason;
    this.listener?.onState(state, reason);
  }
}

/** Registry of the running recorders' feeds; the recording supervisor opens one per recorder run it starts. */
export class RecorderFeeds {
  private readonly feeds = new Map<string, RecorderFeed>();
  private readonly watchers = new Set<(cameraId: string) => void>();

  constructor(private readonly fragmentMs: number) {}

  /** A recorder for `cameraId` starts (its main URL): a new feed, replacing any earlier one. */
  open(cameraId: string): RecorderFeed {
    const old = this.feeds.get(cameraId);
    this.feeds.delete(cameraId); // replaced, not gone: watchers hear of the new feed only
    old?.close();
    const feed = new RecorderFeed(cameraId, this.fragmentMs, (f) => {
      if (this.feeds.get(f.cameraId) === f) {
        this.feeds.delete(f.cameraId);
        this.changed(f.cameraId);
      }
    });
    this.feeds.set(cameraId, feed);
    this.changed(cameraId);
    return feed;
  }

  get(cameraId: string): RecorderFeed | undefined {
    return this.feeds.get(cameraId);
  }

  get count(): number {
    return this.feeds.size;
  }

  /** Called after a camera's feed appeared or went away. */
  watch(fn: (cameraId: string) => void): () => void {
    this.watchers.add(fn);
    return () => this.watchers.delete(fn);
  }

  private changed(cameraId: string): void {
    for (const fn of this.watchers) {
      try {
        fn(cameraId);
      } catch {
        /* a watcher's problem */
      }
    }
  }
}
