import { AppError } from '../../errors';
import type { EventSink, NewEvent } from '../events/event-port';

export interface PublisherStats {
  published: number;
  /** Publishes that failed for good (after the retries). */
  failed: number;
  /** Firings dropped because the queue was full. */
  dropped: number;
  retries: number;
  queued: number;
  /** Publish latency from frame capture to publish resolved (ms), most recent first, at most 512. */
  latenciesMs: number[];
  /** The analysis part of it: frame capture to the firing handed to this publisher (ms), most recent first, at most 512. */
  firedLagsMs: number[];
}

export interface PublisherOptions {
  capacity: number;
  attempts?: number;
  retryDelayMs?: number;
  /**
   * Publishes in flight at once; default 8. The event center serialises firings of one dedup key itself, so
   * unrelated events never wait behind each other here.
   */
  concurrency?: number;
  now?: () => number;
  onPublished?: (event: NewEvent, latencyMs: number | null) => void;
  onFailed?: (event: NewEvent, err: unknown) => void;
}

/**
 * Hands events to the event center (several at a time, oldest first; the images are stored separately, after the
 * publish, see event-image-pool.ts) from a bounded queue (the oldest waiting firing is
 * dropped and counted when it is full). A publish that fails (the event center not ready yet, a database hiccup) is
 * retried with a growing delay, then counted as failed. close() stops it (idempotent); queued firings are dropped.
 */
export class EventPublisher {
  private readonly queue: NewEvent[] = [];
  private readonly s: PublisherStats = { published: 0, failed: 0, dropped: 0, retries: 0, queued: 0, latenciesMs: [], firedLagsMs: [] };
  private active = 0;
  private closed = false;
  private idle: Array<() => void> = [];

  constructor(private readonly sink: EventSink, private readonly opts: PublisherOptions) {}

  /** Queues an event for publishing. */
  enqueue(event: NewEvent): void {
    if (this.closed) return;
    if (event.capturedAtMs !== undefined) {
      this.s.firedLagsMs.unshift((this.opts.now ?? Date.now)() - event.capturedAtMs);
      if (this.s.firedLagsMs.length > 512) this.s.firedLagsMs.pop();
    }
    if (this.queue.length >= this.opts.capacity) {
      this.queue.shift();
      this.s.dropped++;
    }
    this.queue.push(event);
    if (this.active < (this.opts.concurrency ?? 8)) void this.drain();
  }

  stats(): PublisherStats {
    return { ...this.s, queued: this.queue.length, latenciesMs: [...this.s.latenciesMs], firedLagsMs: [...this.s.firedLagsMs] };
  }

  /** Resolves when the queue is empty (tests, offline runs). */
  whenIdle(): Promise<void> {
    if (this.active === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private async drain(): Promise<void> {
    this.active++;
    const now = this.opts.now ?? Date.now;
    const attempts = this.opts.attempts ?? 4;
    while (!this.closed && this.queue.length > 0) {
      const event = this.queue.shift()!;
      for (let attempt = 1; attempt <= attempts && !this.closed; attempt++) {
        try {
          await this.sink.publish(event);
          const latency = event.capturedAtMs !== undefined ? now() - event.capturedAtMs : null;
          this.s.published++;
          if (latency !== null) {
            this.s.latenciesMs.unshift(latency);
            if (this.s.latenciesMs.length > 512) this.s.latenciesMs.pop();
          }
          this.opts.onPublished?.(event, latency);
          break;
        } catch (err) {
          // A refused event (bad box, unknown camera: a 4xx) stays refused; only unavailability is worth a retry.
          const refused = err instanceof AppError && err.status < 500;
          if (refused || attempt === attempts) {
            this.s.failed++;
            this.opts.onFailed?.(event, err);
            break;
          }
          this.s.retries++;
          await new Promise((r) => setTimeout(r, (this.opts.retryDelayMs ?? 250) * 2 ** (attempt - 1)));
        }
      }
    }
    this.active--;
    if (this.active === 0) for (const resolve of this.idle.splice(0)) resolve();
  }

  close(): void {
    this.closed = true;
    this.queue.length = 0;
    for (const resolve of this.idle.splice(0)) resolve();
  }
}
