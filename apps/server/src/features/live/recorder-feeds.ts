/**
 * The recorders' live taps, one per recorded camera (its main stream): the live plane attaches its upstream here
 * instead of opening a second connection to the camera. A feed carries nothing while nobody is attached: attaching
 * turns the demand on, and the recorder's run then follows the segment file its ffmpeg is writing
 * (packages/media/src/recording/segment-follower.ts), starting with the init and the fragments since the last key
 * frame, so the upstream starts at once; detaching turns it off and the run stops reading. Synchronous and
 * timer-free; close() is idempotent.
 */
import type { SplitFragment, SplitInit } from '@argus/media';
import type { LiveTapSink } from '../recordings/engine-port';
import type { UpstreamState } from './live-upstreams';

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
  private listener: FeedListener | null = null;
  /** Whether the listener has had an init of the current run (fragments before it cannot be played). */
  private initSent = false;
  private readonly demandWatchers = new Set<(wanted: boolean) => void>();
  private closed = false;

  constructor(
    readonly cameraId: string,
    readonly fragmentMs: number,
    private readonly onClosed: (feed: RecorderFeed) => void,
  ) {}

  get isClosed(): boolean {
    return this.closed;
  }

  /** Whether the recorder should follow its segments for this feed (a listener is attached). */
  get wanted(): boolean {
    return this.listener !== null && !this.closed;
  }

  /**
   * One listener at a time (the camera's upstream); it gets the state at once, then (from the recorder's run, which
   * starts following now) the init and the current GOP. The returned function detaches it.
   */
  attach(listener: FeedListener): () => void {
    const had = this.wanted;
    this.listener = listener;
    this.initSent = false;
    listener.onState(this.state, this.reason);
    if (!had && this.wanted) this.demandChanged();
    return () => {
      if (this.listener !== listener) return;
      this.listener = null;
      this.demandChanged();
    };
  }

  watchDemand(fn: (wanted: boolean) => void): () => void {
    if (this.closed) {
      fn(false);
      return () => undefined;
    }
    const entry = (wanted: boolean): void => fn(wanted); // a distinct entry even when the same function watches twice
    this.demandWatchers.add(entry);
    entry(this.wanted);
    return () => this.demandWatchers.delete(entry);
  }

  onRunStart(): void {
    if (this.closed) return;
    this.runs += 1;
    this.initSent = false;
    this.setState('connecting', null);
  }

  onInit(init: SplitInit): void {
    if (this.closed || this.listener === null) return;
    this.initSent = true;
    this.listener.onInit(init);
  }

  onFragment(f: SplitFragment): void {
    if (this.closed || this.listener === null || !this.initSent) return;
    if (this.state !== 'live') this.setState('live', null);
    this.listener.onFragment(f);
  }

  onRunEnd(reason: string): void {
    if (this.closed) return;
    this.setState('failing', reason);
  }

  /** The recorder stopped for good (recording turned off, settings changed, server closing); idempotent. */
  close(): void {
    if (this.closed) return;
    const wanted = this.wanted;
    this.closed = true;
    if (wanted) this.demandChanged();
    this.demandWatchers.clear();
    this.onClosed(this);
  }

  private demandChanged(): void {
    const wanted = this.wanted;
    for (const fn of [...this.demandWatchers]) {
      try {
        fn(wanted);
      } catch {
        /* the recorder's problem; it never throws here */
      }
    }
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
