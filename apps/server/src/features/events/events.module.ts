import { Gauge, type Registry } from 'prom-client';
import type { FeatureModule } from '../feature-module';
import type { ModuleDeps } from '../module-deps';
import { taskCountsSource, type CountsSource } from './counts-port';
import { EventCenter } from './event-center';
import type { EventFeed, EventLog, EventSink } from './event-port';
import { EventStreamHub } from './event-stream';
import { EventRecordingHolds } from './event-recording-holds';
import { registerEventRoutes } from './events.routes';
import { EVENT_SCHEMAS } from './events.schemas';
import { EventsRepo } from './events.repo';
import { EventsService } from './events.service';
import { Notifier } from './notifier';
import { ReportsService } from './reports.service';
import { TicketsService } from './tickets.service';

export interface EventsModule extends FeatureModule {
  sink: EventSink;
  feed: EventFeed;
  log: EventLog;
  /** The API-side services (tests, benchmarks). */
  service: EventsService;
  tickets: TicketsService;
  /** Places recording holds for stored events (null when events.holdRecordings is off). */
  recordingHolds: EventRecordingHolds | null;
  /** Replaces where GET /api/reports/counts reads counting samples (default: the tasks slice's task_counts table). */
  setCountsSource(source: CountsSource): void;
}

/** Event center: storage, de-duplication, review, tickets, reports and the live feed. */
export function createEventsModule(deps: ModuleDeps): EventsModule {
  const cfg = deps.config.events;
  const repo = new EventsRepo(deps.db);
  const center = new EventCenter(
    deps.db,
    repo,
    async (id) => {
      const row = await deps.camerasRepo.byId(id);
      return row ? { name: row.name, domainPath: row.domain_path } : undefined;
    },
    deps.clock,
    { defaultDedupWindowMs: cfg.dedupWindowSeconds * 1000 },
  );
  const notifier = new Notifier(deps.db, deps.clock);
  const service = new EventsService(deps.db, repo, center, deps.domains, deps.blobs, deps.audit, notifier, deps.clock, {
    clipPreMs: cfg.clipPreSeconds * 1000,
    clipPostMs: cfg.clipPostSeconds * 1000,
  });
  const tickets = new TicketsService(deps.db, service, deps.audit, notifier, deps.clock);
  let counts: CountsSource = taskCountsSource(deps.db);
  const reports = new ReportsService(deps.db, service, () => counts, deps.clock);
  // A slow client may hold about streamQueueLimit events (≈ 1 KiB each) in its socket buffer before drops start.
  const hub = new EventStreamHub(center, cfg.streamQueueLimit * 1024);
  const holds = cfg.holdRecordings
    ? new EventRecordingHolds(center, deps.recordings.holds, {
        preMs: cfg.clipPreSeconds * 1000,
        postMs: cfg.clipPostSeconds * 1000,
        flushEveryMs: 5_000,
        log: (message) => console.warn(`argus events: ${message}`),
      })
    : null;
  return {
    name: 'events',
    schemas: EVENT_SCHEMAS,
    registerRoutes: (app) => registerEventRoutes(app, { events: service, tickets, reports, hub, heartbeatMs: cfg.streamHeartbeatSeconds * 1000 }),
    registerMetrics: (registry: Registry) => {
      new Gauge({
        name: 'argus_events_published',
        help: 'Firings published to the event center since start, by outcome (created, folded)',
        labelNames: ['outcome'],
        registers: [registry],
        collect() {
          this.set({ outcome: 'created' }, center.published - center.folded);
          this.set({ outcome: 'folded' }, center.folded);
        },
      });
      new Gauge({
        name: 'argus_events_publish_queue',
        help: 'Firings waiting to be written (group commit), and those refused because the queue was full',
        labelNames: ['kind'],
        registers: [registry],
        collect() {
          this.set({ kind: 'queued' }, center.queued);
          this.set({ kind: 'refused' }, center.refused);
        },
      });
      new Gauge({
        name: 'argus_event_feed_listener_errors',
        help: 'Exceptions thrown by in-process event feed listeners (isolated from publish)',
        registers: [registry],
        collect() {
          this.set(center.listenerErrors);
        },
      });
      new Gauge({
        name: 'argus_event_stream_clients',
        help: 'Connected live event feed (SSE) clients',
        registers: [registry],
        collect() {
          this.set(hub.size);
        },
      });
      new Gauge({
        name: 'argus_event_stream_dropped_total',
        help: 'Live feed messages dropped because a client read too slowly',
        registers: [registry],
        collect() {
          this.set(hub.dropped);
        },
      });
    },
    close: async () => {
      hub.close();
      await center.close();
      await holds?.close();
    },
    sink: center,
    feed: center,
    log: center,
    service,
    tickets,
    recordingHolds: holds,
    setCountsSource: (source) => {
      counts = source;
    },
  };
}
