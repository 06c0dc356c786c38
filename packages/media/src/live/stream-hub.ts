/**
 * Fan-out of one live fMP4 stream to many subscribers. Keeps the latest init segment and the fragments since the
 * last key frame, so a new subscriber starts at once (init, then the current GOP). Each subscriber has a byte budget
 * for what it has not consumed yet (its `backlogBytes()`, e.g. a socket's buffered amount): a fragment that would
 * exceed it is dropped for that subscriber only, which then waits for the next key frame. The producer never waits.
 * Synchronous and timer-free; close() is idempotent.
 */

export interface HubInit {
  data: Uint8Array;
  mime: string;
  width: number | null;
  height: number | null;
  videoCodec: string;
}

export interface HubFragment {
  data: Uint8Array;
  keyframe: boolean;
  decodeTimeS: number;
  durationS: number;
  /** Wall clock when the fragment was received, epoch ms. */
  receivedAtMs: number;
}

export interface HubSubscriber {
  onInit(init: HubInit): void;
  onFragment(fragment: HubFragment): void;
  onEnd(reason: string): void;
  /** Bytes handed over but not yet consumed (omitted: always 0, the subscriber keeps up by itself). */
  backlogBytes?(): number;
}

export interface HubSubscription {
  readonly dropped: number;
  close(): void;
}

export interface StreamHubOptions {
  /** Per-subscriber budget of unconsumed bytes before fragments are dropped for it. */
  maxBacklogBytes: number;
  /** Upper bound of the bytes kept for late joiners (the current GOP); older fragments are forgotten. */
  maxGopBytes?: number;
  /** Called whenever a subscriber leaves (the owner may release the upstream). */
  onSubscribersChanged?(count: number): void;
}

interface Slot {
  sub: HubSubscriber;
  dropped: number;
  /** Waiting for a key frame (after joining without a GOP, after a drop, or after a new init). */
  needKey: boolean;
  /** Whether skipping to the key frame counts as drops (after an overflow, not when joining). */
  countSkips: boolean;
  closed: boolean;
}

export class StreamHub {
  private init: HubInit | null = null;
  private gop: HubFragment[] = [];
  private gopBytes = 0;
  private readonly slots = new Set<Slot>();
  private ended: string | null = null;
  private droppedAll = 0;
  private fragments = 0;
  private bytesIn = 0;
  private bytesOut = 0;

  constructor(private readonly opts: StreamHubOptions) {}

  get subscriberCount(): number {
    return this.slots.size;
  }

  get droppedTotal(): number {
    return this.droppedAll;
  }

  get fragmentsIn(): number {
    return this.fragments;
  }

  get bytesReceived(): number {
    return this.bytesIn;
  }

  /** Bytes handed to subscribers (each copy counted). */
  get bytesDelivered(): number {
    return this.bytesOut;
  }

  get currentInit(): HubInit | null {
    return this.init;
  }

  get isEnded(): boolean {
    return this.ended !== null;
  }

  subscribe(sub: HubSubscriber): HubSubscription {
    const slot: Slot = { sub, dropped: 0, needKey: true, countSkips: false, closed: false };
    if (this.ended !== null) {
      sub.onEnd(this.ended);
      return { dropped: 0, close: () => undefined };
    }
    this.slots.add(slot);
    if (this.init) {
      sub.onInit(this.init);
      if (this.gop.length > 0) {
        for (const f of this.gop) this.deliver(slot, f);
      }
    }
    this.opts.onSubscribersChanged?.(this.slots.size);
    return {
      get dropped() {
        return slot.dropped;
      },
      close: () => {
        if (slot.closed) return;
        slot.closed = true;
        this.slots.delete(slot);
        this.opts.onSubscribersChanged?.(this.slots.size);
      },
    };
  }

  /** A new init segment (first one, or the upstream restarted): everyone restarts at the next key frame. */
  pushInit(init: HubInit): void {
    if (this.ended !== null) return;
    this.init = init;
    this.gop = [];
    this.gopBytes = 0;
    for (const slot of [...this.slots]) {
      slot.needKey = true;
      slot.countSkips = false;
      this.safe(slot, () => slot.sub.onInit(init));
    }
  }

  pushFragment(f: HubFragment): void {
    if (this.ended !== null || this.init === null) return;
    this.fragments += 1;
    this.bytesIn += f.data.length;
    if (f.keyframe) {
      this.gop = [];
      this.gopBytes = 0;
    }
    const maxGop = this.opts.maxGopBytes ?? 16 * 1024 * 1024;
    if (this.gopBytes + f.data.length <= maxGop && (f.keyframe || this.gop.length > 0)) {
      this.gop.push(f);
      this.gopBytes += f.data.length;
    }
    for (const slot of [...this.slots]) this.deliver(slot, f);
  }

  /** Ends the stream for every subscriber; idempotent. */
  close(reason = 'closed'): void {
    if (this.ended !== null) return;
    this.ended = reason;
    const slots = [...this.slots];
    this.slots.clear();
    this.gop = [];
    for (const slot of slots) {
      slot.closed = true;
      this.safe(slot, () => slot.sub.onEnd(reason));
    }
  }

  private deliver(slot: Slot, f: HubFragment): void {
    if (slot.closed) return;
    if (slot.needKey) {
      if (!f.keyframe) {
        if (slot.countSkips) {
          slot.dropped += 1;
          this.droppedAll += 1;
        }
        return;
      }
      slot.needKey = false;
    }
    const backlog = slot.sub.backlogBytes?.() ?? 0;
    if (backlog > 0 && backlog + f.data.length > this.opts.maxBacklogBytes) {
      slot.dropped += 1;
      this.droppedAll += 1;
      slot.needKey = true;
      slot.countSkips = true;
      return;
    }
    this.bytesOut += f.data.length;
    this.safe(slot, () => slot.sub.onFragment(f));
  }

  /** A subscriber that throws is removed, never the producer's problem. */
  private safe(slot: Slot, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.slots.delete(slot);
      slot.closed = true;
      try {
        slot.sub.onEnd(`subscriber failed: ${(err as Error).message}`);
      } catch {
        /* ignore */
      }
      this.opts.onSubscribersChanged?.(this.slots.size);
    }
  }
}
