/**
 * Event-only recording, pure: the last N closed segments wait in a pre-roll buffer; a marked event stores them and
 * every segment that starts before the event's post-roll ends. Segments pushed out of the buffer are discarded.
 */
export interface GatedSegment {
  startMs: number;
  durationMs: number;
}

export interface GateDecision<T> {
  persist: T[];
  discard: T[];
}

export class EventGate<T extends GatedSegment> {
  private ring: T[] = [];
  private persistUntilMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly preRollSegments: number,
    private readonly postRollMs: number,
  ) {}

  get buffered(): number {
    return this.ring.length;
  }

  /** A new closed segment: stored when inside an event's window, else buffered (evicting the oldest). */
  offer(seg: T): GateDecision<T> {
    if (seg.startMs < this.persistUntilMs) return { persist: [seg], discard: [] };
    this.ring.push(seg);
    const discard = this.ring.length > this.preRollSegments ? this.ring.splice(0, this.ring.length - this.preRollSegments) : [];
    return { persist: [], discard };
  }

  /** An event at `atMs`: the buffered pre-roll is stored now, and what follows until atMs + post-roll. */
  mark(atMs: number): GateDecision<T> {
    this.persistUntilMs = Math.max(this.persistUntilMs, atMs + this.postRollMs);
    const persist = this.ring;
    this.ring = [];
    return { persist, discard: [] };
  }

  /** Everything buffered, for discarding on stop. */
  drain(): T[] {
    const all = this.ring;
    this.ring = [];
    return all;
  }
}
