import type { FeatureModule } from '../feature-module';
import type { ModuleDeps } from '../module-deps';
import type { EventFeed, EventLog } from '../events/event-port';

export interface SubscriptionsDeps {
  feed: EventFeed;
  log: EventLog;
}

/** Northbound push of events: webhooks (durable outbox) and MQTT. (Placeholder until built.) */
export function createSubscriptionsModule(_deps: ModuleDeps, _events: SubscriptionsDeps): FeatureModule {
  return { name: 'subscriptions', registerRoutes: () => undefined };
}
