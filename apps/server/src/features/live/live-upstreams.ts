/**
 * One upstream per camera stream, shared by every viewer and in-process consumer: a StreamHub opened by the first
 * subscriber and closed `idleGraceMs` after the last one left. It is fed by the camera's recorder when that records
 * the same URL (the recorder's live tap, see recorder-feeds.ts: one camera connection for recording and live), and
 * otherwise by its own supervised ffmpeg remux (LiveRemux). It switches between the two when recording starts or
 * stops; viewers then see a state change and a new init segment.
 */
import { LiveRemux, resolveMediaTarget, StreamHub, type HubSubscriber, type HubSubscription, type LiveRemuxState, type SplitFragment, type SplitInit } from '@argus/media';
import { AppError } from '../../errors';
import type { CameraRow } from '../cameras/cameras.repo';
import type { LiveConfig } from './live.config';
import { LiveRate } from './live-rate';
import type { RecorderFeed, RecorderFeeds } from './recorder-feeds';

export type UpstreamState = 'connecting' | 'live' | 'failing';

export interface UpstreamInfo {
  cameraId: string;
  stream: 'main' | 'sub';
  state: UpstreamState;
  reason: string | null;
  viewers: number;
  bitrateKbps: number;
  avgBitrateKbps: number;
  fps: number;
  codec: string | null;
  width: number | null;
  height: number | null;
  droppedTotal: number;
  startedAt: string;
  /** ffmpeg starts (1 while healthy). */
  starts: number;
  /** Where the stream comes from: the camera's recorder (shared connection) or a live remux of its own. */
  ingest: 'recorder' | 'remux';
}

export interface UpstreamListener {
  onState?(state: UpstreamState, reason: string | null): void;
}

export class Upstream {
  readonly hub: StreamHub;
  readonly rate = new LiveRate();
  state: UpstreamState = 'connecting';
  reason: string | null = null;
  readonly startedAtMs = Date.now();
  private readonly listeners = new Set<UpstreamListener>();
  private idleTimer: NodeJS.Timeout | null = null;
  private remux: LiveRemux | null = null;
  private feed: RecorderFeed | null = null;
  private detachFeed: (() => void) | null = null;
  /** ffmpeg starts of earlier sources (remuxes or recorder runs) of this upstream. */
  private earlierStarts = 0;
  closed = false;

  constructor(
    readonly cameraId: string,
    readonly stream: 'main' | 'sub',
    private readonly cfg: LiveConfig,
    private readonly onIdle: (u: Upstream) => void,
    /** The stream is the camera's main URL (what its recorder records). */
    readonly usesMainUrl = true,
    /** Builds this upstream's own remux (when no recorder feeds it). */
    readonly makeRemux: ((u: Upstream) => LiveRemux) | null = null,
  ) {
    this.hub = new StreamHub({
      maxBacklogBytes: cfg.viewerQueueBytes,
      onSubscribersChanged: (n) => this.subscribersChanged(n),
    });
  }

  attach(remux: LiveRemux): void {
    this.remux = remux;
    remux.start();
  }

  get ingest(): 'recorder' | 'remux' {
    return this.feed ? 'recorder' : 'remux';
  }

  get currentFeed(): RecorderFeed | null {
    return this.feed;
  }

  /** Whether `remux` is still this upstream's source (a replaced one may deliver a last chunk while it closes). */
  isSource(remux: LiveRemux): boolean {
    return this.remux === remux;
  }

  /** Takes the stream from the recorder's feed; the own remux (if any) is stopped. */
  useFeed(feed: RecorderFeed): void {
    if (this.closed || this.feed === feed) return;
    this.dropSource();
    this.feed = feed;
    this.detachFeed = feed.attach({
      onState: (state, reason) => this.setState(state, reason ?? undefined),
      onInit: (init) => this.pushInit(init),
      onFragment: (f) => this.pushFragment(f),
    });
  }

  /** The recorder's feed went away: the upstream opens its own remux. */
  useRemux(): void {
    if (this.closed || this.remux || !this.makeRemux) return;
    this.dropSource();
    this.setState('connecting');
    this.attach(this.makeRemux(this));
  }

  pushInit(init: SplitInit): void {
    this.hub.pushInit({ data: init.data, mime: init.mime, width: init.width, height: init.height, videoCodec: init.videoCodec });
  }

  pushFragment(f: SplitFragment): void {
    const now = Date.now();
    this.rate.add(now, f.data.length, f.sampleCount);
    this.hub.pushFragment({ data: f.data, keyframe: f.keyframe, decodeTimeS: f.decodeTimeS, durationS: f.durationS, receivedAtMs: now });
  }

  private dropSource(): void {
    this.earlierStarts += this.sourceStarts();
    this.detachFeed?.();
    this.detachFeed = null;
    this.feed = null;
    const remux = this.remux;
    this.remux = null;
    if (remux) void remux.close();
  }

  private sourceStarts(): number {
    return this.feed ? this.feed.runs : (this.remux?.startCount ?? 0);
  }

  setState(state: LiveRemuxState, reason?: string): void {
    if (state === 'closed') return;
    this.state = state;
    this.reason = reason ?? null;
    for (const l of this.listeners) l.onState?.(state, this.reason);
  }

  listen(l: UpstreamListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  subscribe(sub: HubSubscriber): HubSubscription {
    if (this.hub.subscriberCount >= this.cfg.maxViewersPerCamera) throw new AppError('too_many_requests', `This camera already has ${this.cfg.maxViewersPerCamera} live viewers`);
    return this.hub.subscribe(sub);
  }

  private subscribersChanged(n: number): void {
    if (n > 0) {
      if (this.idleTimer) clearTimeout(this.idleTimer);
      this.idleTimer = null;
      return;
    }
    if (this.closed || this.idleTimer) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.hub.subscriberCount === 0) this.onIdle(this);
    }, this.cfg.idleGraceSeconds * 1000);
    this.idleTimer.unref?.();
  }

  info(nowMs: number): UpstreamInfo {
    const init = this.hub.currentInit;
    return {
      cameraId: this.cameraId,
      stream: this.stream,
      state: this.state,
      reason: this.reason,
      viewers: this.hub.subscriberCount,
      ...this.rate.read(nowMs),
      codec: init?.videoCodec ?? null,
      width: init?.width ?? null,
      height: init?.height ?? null,
      droppedTotal: this.hub.droppedTotal,
      startedAt: new Date(this.startedAtMs).toISOString(),
      starts: this.earlierStarts + this.sourceStarts(),
      ingest: this.ingest,
    };
  }

  async close(reason: string): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.hub.close(reason);
    this.detachFeed?.();
    this.detachFeed = null;
    this.feed = null;
    await this.remux?.close();
  }
}

export interface UpstreamDeps {
  config: LiveConfig;
  ffmpegPath(): string;
  camera(id: string): Promise<CameraRow | undefined>;
  credentials(row: CameraRow): Promise<{ username?: string; password?: string }>;
  /** The recorders' live taps; an upstream of a recorded camera's main URL uses them instead of a remux. */
  feeds?: RecorderFeeds;
}

export class LiveUpstreams {
  private readonly map = new Map<string, Upstream>();
  private readonly opening = new Map<string, Promise<Upstream>>();
  private closed = false;
  private readonly unwatch: (() => void) | null;

  constructor(private readonly d: UpstreamDeps) {
    this.unwatch = d.feeds?.watch((cameraId) => this.feedChanged(cameraId)) ?? null;
  }

  /** A recorder started or stopped for a camera: its main-URL upstreams move to the recorder or to a remux. */
  private feedChanged(cameraId: string): void {
    if (this.closed) return;
    const feed = this.d.feeds?.get(cameraId);
    for (const u of this.find(cameraId)) {
      if (u.closed || !u.usesMainUrl) continue;
      if (feed) u.useFeed(feed);
      else if (u.currentFeed) {
        if (u.hub.subscriberCount > 0) u.useRemux();
        else void this.release(u);
      }
    }
  }

  list(): Upstream[] {
    return [...this.map.values()];
  }

  get count(): number {
    return this.map.size;
  }

  find(cameraId: string): Upstream[] {
    return this.list().filter((u) => u.cameraId === cameraId);
  }

  /** The shared upstream of a camera stream, opened if needed. Throws not_found for an unknown camera. */
  async acquire(cameraId: string, stream: 'main' | 'sub'): Promise<Upstream> {
    if (this.closed) throw new AppError('not_ready', 'The live service is shutting down');
    const key = `${cameraId}:${stream}`;
    const have = this.map.get(key);
    if (have && !have.closed) return have;
    const pending = this.opening.get(key);
    if (pending) return pending;
    const p = this.open(cameraId, stream, key).finally(() => this.opening.delete(key));
    this.opening.set(key, p);
    return p;
  }

  private async open(cameraId: string, stream: 'main' | 'sub', key: string): Promise<Upstream> {
    const row = await this.d.camera(cameraId);
    if (!row) throw new AppError('not_found', `camera ${cameraId} does not exist`);
    const usesMainUrl = !(stream === 'sub' && row.sub_url);
    const url = usesMainUrl ? row.main_url : (row.sub_url as string);
    const creds = await this.d.credentials(row);
    const resolved = resolveMediaTarget(url, creds.username, creds.password);
    if (!resolved.ok) throw new AppError('live_stream_unavailable', `The camera's stream URL cannot be opened: ${resolved.message}`);
    const ffmpeg = this.d.ffmpegPath();
    if (this.closed) throw new AppError('not_ready', 'The live service is shutting down');
    const cfg = this.d.config;
    const makeRemux = (up: Upstream): LiveRemux => {
      const remux: LiveRemux = new LiveRemux({
        ffmpegPath: ffmpeg,
        target: resolved.target,
        fragmentMs: cfg.fragmentMs,
        ioTimeoutMs: 10_000,
        stallMs: cfg.stallSeconds * 1000,
        backoff: { initialMs: cfg.restartInitialMs, maxMs: cfg.restartMaxMs },
        onInit: (init) => {
          if (up.isSource(remux)) up.pushInit(init);
        },
        onFragment: (f) => {
          if (up.isSource(remux)) up.pushFragment(f);
        },
        onState: (state, reason) => {
          if (up.isSource(remux)) up.setState(state, reason);
        },
      });
      return remux;
    };
    const up = new Upstream(cameraId, stream, cfg, (u) => void this.release(u), usesMainUrl, makeRemux);
    this.map.set(key, up);
    const feed = usesMainUrl ? this.d.feeds?.get(cameraId) : undefined;
    if (feed) up.useFeed(feed);
    else up.attach(makeRemux(up));
    return up;
  }

  private async release(u: Upstream): Promise<void> {
    const key = `${u.cameraId}:${u.stream}`;
    if (this.map.get(key) === u) this.map.delete(key);
    await u.close('idle');
  }

  /** Ends every upstream of a camera (deleted, or its URL changed). */
  async endCamera(cameraId: string, reason: string): Promise<void> {
    await Promise.all(this.find(cameraId).map((u) => {
      this.map.delete(`${u.cameraId}:${u.stream}`);
      return u.close(reason);
    }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unwatch?.();
    const all = this.list();
    this.map.clear();
    await Promise.all(all.map((u) => u.close('server closing')));
  }
}
