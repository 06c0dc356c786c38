import type { Frame, FrameSourceLike } from '@argus/vision';

/**
 * Wraps a frame source: stamps each frame with the wall clock it arrived at, keeps the last few frames by index (so a
 * firing can be drawn on the frame it happened in), and passes only every `stride`-th frame on (how overload
 * degradation lowers a job's frame rate without restarting its source).
 */
export class FrameTap implements FrameSourceLike {
  private readonly ring = new Map<number, { frame: Frame; wallMs: number }>();
  stride = 1;
  private n = 0;
  skipped = 0;

  /** `wallOf` gives a frame's wall clock when the source knows it (stream sources); otherwise its arrival here. */
  constructor(
    private readonly inner: FrameSourceLike,
    private readonly keep = 12,
    private readonly now: () => number = Date.now,
    private readonly wallOf?: (index: number) => number | undefined,
  ) {}

  get pid(): number | undefined {
    return this.inner.pid;
  }

  frame(index: number): { frame: Frame; wallMs: number } | undefined {
    return this.ring.get(index);
  }

  stats(): { framesDropped?: number; queueDepth?: number } {
    return this.inner.stats?.() ?? {};
  }

  close(): Promise<void> | void {
    return this.inner.close?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Frame> {
    for await (const frame of this.inner) {
      if (this.n++ % this.stride !== 0) {
        this.skipped++;
        continue;
      }
      this.ring.set(frame.index, { frame, wallMs: this.wallOf?.(frame.index) ?? this.now() });
      if (this.ring.size > this.keep) {
        const oldest = this.ring.keys().next().value;
        if (oldest !== undefined) this.ring.delete(oldest);
      }
      yield frame;
    }
  }
}
