/**
 * Per-camera bounded queues with weighted fair, priority-aware selection (pure, synchronous): the scheduling core of
 * the SharedDetector.
 *
 * - Each camera has its own small queue; a push into a full one evicts that camera's oldest item (newest wins) and
 *   counts it as dropped for that camera only, so a camera flooding the detector never pushes out another's frames.
 * - `takeBatch(n)` picks up to n items: among cameras with queued items, the highest `priority` goes first (strict);
 *   within a priority, stride scheduling by `share`: each camera has a virtual time ("pass") that advances by
 *   1/share per item served, and the camera with the lowest pass is served next. Equal shares give round robin
 *   (one item per camera per round); share 2 gets twice the frames of share 1 when both are backlogged.
 *   A camera that was idle re-enters at the current virtual time, so idling earns no credit.
 */

export interface FairQueueMember {
  /** Relative share of the detector when backlogged; default 1. */
  share?: number;
  /** Strict priority (higher first); default 0. */
  priority?: number;
  /** Items queued at most; default 2. */
  capacity?: number;
}

export interface FairQueueCounts {
  queued: number;
  pushed: number;
  taken: number;
  dropped: number;
}

interface Member<T> {
  key: string;
  share: number;
  priority: number;
  capacity: number;
  items: T[];
  pass: number;
  pushed: number;
  taken: number;
  dropped: number;
  order: number;
}

export class FairQueue<T> {
  private readonly members = new Map<string, Member<T>>();
  private virtualTime = 0;
  private joined = 0;

  add(key: string, opts: FairQueueMember = {}): void {
    if (this.members.has(key)) throw new Error(`fair queue: '${key}' is already a member`);
    const share = opts.share ?? 1;
    if (!(share > 0) || !Number.isFinite(share)) throw new RangeError(`fair queue: share of '${key}' must be a positive number, got ${share}`);
    const capacity = opts.capacity ?? 2;
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`fair queue: capacity of '${key}' must be a positive integer, got ${capacity}`);
    this.members.set(key, {
      key,
      share,
      priority: opts.priority ?? 0,
      capacity,
      items: [],
      pass: this.virtualTime,
      pushed: 0,
      taken: 0,
      dropped: 0,
      order: this.joined++,
    });
  }

  has(key: string): boolean {
    return this.members.has(key);
  }

  /** Removes a member and returns the items it still had queued. */
  remove(key: string): T[] {
    const m = this.members.get(key);
    if (m === undefined) return [];
    this.members.delete(key);
    return m.items;
  }

  /** Queues an item; returns the item evicted to make room (the member's oldest), if any. */
  push(key: string, item: T): T | undefined {
    const m = this.member(key);
    if (m.items.length === 0) m.pass = Math.max(m.pass, this.virtualTime);
    m.pushed += 1;
    m.items.push(item);
    if (m.items.length <= m.capacity) return undefined;
    m.dropped += 1;
    return m.items.shift();
  }

  /** Up to `max` items in service order, with their member keys. */
  takeBatch(max: number): Array<{ key: string; item: T }> {
    const out: Array<{ key: string; item: T }> = [];
    while (out.length < max) {
      const m = this.next();
      if (m === undefined) break;
      const item = m.items.shift()!;
      this.virtualTime = m.pass;
      m.pass += 1 / m.share;
      m.taken += 1;
      out.push({ key: m.key, item });
    }
    return out;
  }

  /** Items queued over all members. */
  get size(): number {
    let n = 0;
    for (const m of this.members.values()) n += m.items.length;
    return n;
  }

  counts(key: string): FairQueueCounts {
    const m = this.member(key);
    return { queued: m.items.length, pushed: m.pushed, taken: m.taken, dropped: m.dropped };
  }

  keys(): string[] {
    return [...this.members.keys()];
  }

  private member(key: string): Member<T> {
    const m = this.members.get(key);
    if (m === undefined) throw new Error(`fair queue: '${key}' is not a member`);
    return m;
  }

  private next(): Member<T> | undefined {
    let best: Member<T> | undefined;
    for (const m of this.members.values()) {
      if (m.items.length === 0) continue;
      if (
        best === undefined ||
        m.priority > best.priority ||
        (m.priority === best.priority && (m.pass < best.pass - 1e-12 || (Math.abs(m.pass - best.pass) <= 1e-12 && m.order < best.order)))
      ) {
        best = m;
      }
    }
    return best;
  }
}
