/** One HLS live session (one token): a segmenter subscribed to the shared upstream; closed by the module's sweeper. */
import type { HubSubscription } from '@argus/media';
import { HlsSegmenter } from './live-hls-segmenter';
import type { Upstream } from './live-upstreams';

export class HlsSession {
  readonly segmenter: HlsSegmenter;
  private sub: HubSubscription | null = null;
  private closed = false;
  private waiters: Array<() => void> = [];

  constructor(
    readonly upstream: Upstream,
    opts: { targetS: number; window: number },
  ) {
    this.segmenter = new HlsSegmenter(opts);
  }

  start(): void {
    this.sub = this.upstream.subscribe({
      onInit: (init) => this.segmenter.onInit(init),
      onFragment: (f) => {
        const before = this.segmenter.segmentCount;
        this.segmenter.onFragment(f);
        if (this.segmenter.segmentCount !== before) this.wake();
      },
      onEnd: () => this.close(),
    });
  }

  /** Resolves when a segment is ready or after `ms`. */
  async ready(ms: number): Promise<void> {
    if (this.segmenter.segmentCount > 0 || this.closed) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.waiters.push(done);
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.sub?.close();
    this.wake();
  }
}
