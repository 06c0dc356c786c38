/**
 * Bounded ring buffer for frames where the newest frame wins: pushing into a full ring evicts the oldest item and
 * counts it as dropped. Pure (no timers, no I/O).
 */
export class FrameRing<T> {
  private readonly items: Array<T | undefined>;
  private head = 0;
  private count = 0;
  /** Items evicted because the ring was full. */
  dropped = 0;
  pushed = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`ring capacity must be a positive integer, got ${capacity}`);
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count === this.capacity;
  }

  /** Adds an item; returns the evicted oldest item when the ring was full. */
  push(item: T): T | undefined {
    this.pushed += 1;
    let evicted: T | undefined;
    if (this.count === this.capacity) {
      evicted = this.items[this.head];
      this.items[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
      this.count -= 1;
      this.dropped += 1;
    }
    this.items[(this.head + this.count) % this.capacity] = item;
    this.count += 1;
    return evicted;
  }

  /** Removes and returns the oldest item. */
  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.count -= 1;
    return item;
  }

  clear(): void {
    this.items.fill(undefined);
    this.head = 0;
    this.count = 0;
  }
}
