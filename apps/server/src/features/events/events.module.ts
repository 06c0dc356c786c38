import { AppError } from '../../errors';
import type { FeatureModule } from '../feature-module';
import type { ModuleDeps } from '../module-deps';
import type { EventFeed, EventLog, EventSink } from './event-port';

export interface EventsModule extends FeatureModule {
  sink: EventSink;
  feed: EventFeed;
  log: EventLog;
}

/** Event center: storage, de-duplication, review, tickets, reports and the live feed. (Placeholder until built.) */
export function createEventsModule(_deps: ModuleDeps): EventsModule {
  const notReady = () => Promise.reject(new AppError('not_ready', 'the event center is not built yet'));
  return {
    name: 'events',
    registerRoutes: () => undefined,
    sink: { publish: notReady },
    feed: { subscribe: () => () => undefined },
    log: { after: notReady, lastSeq: notReady },
  };
}
