import type { EventFeed, EventLog, EventNotice, NewEvent, StoredEvent } from '../../../src/features/events/event-port';

/**
 * In-memory double of the event center's EventLog/EventFeed (the real module was a not_ready stub when this slice was
 * built). Seqs are strictly increasing; `failing` makes reads reject like a database outage.
 */
export class MemoryEventLog implements EventLog, EventFeed {
  readonly events: StoredEvent[] = [];
  failing = false;
  private readonly listeners = new Set<(n: EventNotice) => void>();

  publish(partial: Partial<NewEvent> & { cameraId: string }, extra: Partial<StoredEvent> = {}): StoredEvent {
    const seq = (this.events[this.events.length - 1]?.seq ?? 0) + 1;
    const now = Date.now();
    const e: StoredEvent = {
      origin: { kind: 'api' },
      type: 'intrusion',
      className: 'person',
      trackId: null,
      severity: 'major',
      occurredAtMs: now,
      confidence: 0.9,
      boxes: [],
      ...partial,
      id: `evt_${seq.toString().padStart(8, '0')}`,
      seq,
      cameraName: `Camera ${partial.cameraId}`,
      domainPath: '/root/',
      state: 'new',
      count: 1,
      firstAtMs: now,
      lastAtMs: now,
      createdAtMs: now,
      ...extra,
    };
    this.events.push(e);
    for (const l of this.listeners) l({ kind: 'created', event: e });
    return e;
  }

  after(afterSeq: number, limit: number): Promise<StoredEvent[]> {
    if (this.failing) return Promise.reject(new Error('event log unavailable'));
    return Promise.resolve(this.events.filter((e) => e.seq > afterSeq).slice(0, limit));
  }

  lastSeq(): Promise<number> {
    if (this.failing) return Promise.reject(new Error('event log unavailable'));
    return Promise.resolve(this.events[this.events.length - 1]?.seq ?? 0);
  }

  subscribe(listener: (n: EventNotice) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
