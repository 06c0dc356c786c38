/**
 * Keeps the recording around every stored event: listens to the event feed, collects each event's clip range
 * (first firing − pre-roll … last firing + post-roll), and every few seconds places one recording hold per merged
 * range through the recordings slice's RecordingHolds port. Retention then keeps those segments for
 * recording.retention.eventHoldDays. A failing hold is logged and counted, never thrown into the event path.
 */
import type { RecordingHolds } from '../recordings/recording-holds';
import type { EventFeed } from './event-port';
import { EventHoldRanges } from './event-hold-ranges';

export interface EventRecordingHoldsOptions {
  preMs: number;
  postMs: number;
  flushEveryMs: number;
  log: (message: string) => void;
}

export class EventRecordingHolds {
  private readonly ranges: EventHoldRanges;
  private readonly unsubscribe: () => void;
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  private closed = false;
  placed = 0;
  failed = 0;

  constructor(
    feed: EventFeed,
    private readonly holds: RecordingHolds,
    private readonly options: EventRecordingHoldsOptions,
  ) {
    this.ranges = new EventHoldRanges(options.preMs + options.postMs);
    this.unsubscribe = feed.subscribe(({ event }) => {
      this.ranges.add({ cameraId: event.cameraId, fromMs: event.firstAtMs - options.preMs, toMs: event.lastAtMs + options.postMs });
    });
    this.timer = setInterval(() => void this.flush(), options.flushEveryMs);
    this.timer.unref();
  }

  /** Places the holds collected so far (one flush at a time). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      for (const r of this.ranges.take()) {
        try {
          await this.holds.hold(r.cameraId, r.fromMs, r.toMs, null, 'event');
          this.placed++;
        } catch (err) {
          this.failed++;
          this.options.log(`recording hold for events of camera ${r.cameraId} failed: ${(err as Error).message}`);
        }
      }
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    if (this.closed) return this.flushing;
    this.closed = true;
    this.unsubscribe();
    clearInterval(this.timer);
    await this.flush();
  }
}
