/**
 * The bounded hand-off between a camera's frame source and its analysis: a producer puts frames, a consumer takes
 * them. 'drop-oldest' (live cameras): a put into a full hand-off evicts the oldest frame (counted), so the newest
 * frame wins and a slow detector never stalls the source. 'block' (files decoded as fast as possible, evaluations):
 * a put waits for room, so no frame is lost. The end or failure of the producer reaches the consumer after the
 * frames still queued.
 */
import { FrameRing } from '../frames/frame-ring';

export type HandoffOverflow = 'drop-oldest' | 'block';

export interface HandoffStats {
  depth: number;
  capacity: number;
  put: number;
  taken: number;
  /** Evicted because the hand-off was full ('drop-oldest'). */
  dropped: number;
}

type Taker<T> = { resolve: (v: T | undefined) => void; reject: (e: Error) => void };

export class FrameHandoff<T> {
  private readonly ring: FrameRing<T>;
  private takers: Array<Taker<T>> = [];
  private putters: Array<() => void> = [];
  private done = false;
  private failure: Error | null = null;
  private closed = false;
  private taken = 0;

  constructor(
    readonly capacity: number,
    readonly overflow: HandoffOverflow,
  ) {
    this.ring = new FrameRing<T>(capacity);
  }

  /**
   * Adds an item. 'drop-oldest' never waits (returns the evicted item, if any); 'block' waits while full.
   * After end()/fail()/close() items are ignored.
   */
  async put(item: T): Promise<T | undefined> {
    if (this.overflow === 'block') {
      while (this.ring.full && !this.closed && !this.done) await new Promise<void>((resolve) => this.putters.push(resolve));
    }
    if (this.closed || this.done) return undefined;
    const taker = this.takers.shift();
    if (taker !== undefined) {
      this.ring.pushed += 1;
      this.taken += 1;
      taker.resolve(item);
      return undefined;
    }
    return this.ring.push(item);
  }

  /** The oldest item; undefined once the producer ended (or close()); rejects with the producer's failure. */
  take(): Promise<T | undefined> {
    const item = this.ring.shift();
    if (item !== undefined) {
      this.taken += 1;
      this.putters.shift()?.();
      return Promise.resolve(item);
    }
    if (this.closed) return Promise.resolve(undefined);
    if (this.failure !== null) return Promise.reject(this.failure);
    if (this.done) return Promise.resolve(undefined);
    return new Promise((resolve, reject) => this.takers.push({ resolve, reject }));
  }

  /** The oldest item if one is queued right now (never waits, never reports the end or a failure). */
  tryTake(): T | undefined {
    const item = this.ring.shift();
    if (item === undefined) return undefined;
    this.taken += 1;
    this.putters.shift()?.();
    return item;
  }

  /** The producer has no more items. */
  end(): void {
    if (this.done) return;
    this.done = true;
    this.wake();
  }

  /** The producer failed: the consumer gets `err` once the queued items are taken. */
  fail(err: unknown): void {
    if (this.done) return;
    this.failure = err instanceof Error ? err : new Error(String(err));
    this.done = true;
    this.wake();
  }

  /** Discards queued items and ends both sides. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.ring.clear();
    this.wake();
  }

  get ended(): boolean {
    return this.done || this.closed;
  }

  stats(): HandoffStats {
    return { depth: this.ring.size, capacity: this.capacity, put: this.ring.pushed, taken: this.taken, dropped: this.ring.dropped };
  }

  private wake(): void {
    const putters = this.putters;
    this.putters = [];
    for (const p of putters) p();
    if (this.ring.size > 0 && !this.closed) return;
    const takers = this.takers;
    this.takers = [];
    for (const t of takers) {
      if (this.failure !== null && !this.closed) t.reject(this.failure);
      else t.resolve(undefined);
    }
  }
}
