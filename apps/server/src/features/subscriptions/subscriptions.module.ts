import type { FeatureModule } from '../feature-module';
import type { ModuleDeps } from '../module-deps';
import type { EventFeed, EventLog } from '../events/event-port';
import { recordingLog } from '../recordings/log';
import { MqttPublisher } from './mqtt-publisher';
import { registerSubscriptionMetrics } from './subscriptions-metrics';
import { WebhookDispatcher } from './webhook-dispatcher';
import { createHttpWebhookSender, type WebhookSender } from './webhook-sender';
import { registerSubscriptionRoutes } from './webhooks.routes';
import { DeliverySchema, MqttStatusSchema, WebhookSchema } from './webhooks.schemas';
import { WebhooksRepo } from './webhooks.repo';
import { WebhooksService } from './webhooks.service';

export interface SubscriptionsDeps {
  feed: EventFeed;
  log: EventLog;
  /** Replaces the HTTP sender (tests only). */
  sender?: WebhookSender;
}

export interface SubscriptionsModule extends FeatureModule {
  webhooks: WebhooksService;
  dispatcher: WebhookDispatcher;
  mqtt: MqttPublisher;
}

const PRUNE_EVERY_MS = 3600_000;

/** Northbound push of events: webhooks (durable outbox with per-subscription cursors) and MQTT. */
export function createSubscriptionsModule(deps: ModuleDeps, events: SubscriptionsDeps): SubscriptionsModule {
  const cfg = deps.config.subscriptions;
  const logger = recordingLog(deps.config.server.logLevel);
  const repo = new WebhooksRepo(deps.db);
  const sender = events.sender ?? createHttpWebhookSender({ timeoutMs: cfg.webhooks.timeoutMs, allowPrivate: () => cfg.allowPrivateTargets });
  let lastLogged = '';
  const onError = (what: string) => (err: unknown) => {
    const msg = `${what}: ${err instanceof Error ? err.message : String(err)}`;
    if (msg !== lastLogged) logger.warn(msg); // one line per distinct failure, not one per retry
    lastLogged = msg;
  };
  const dispatcher = new WebhookDispatcher({
    repo,
    log: events.log,
    sender,
    openSecret: (s) => deps.secrets.open(s),
    now: () => deps.clock.now(),
    random: Math.random,
    config: cfg.webhooks,
    onError: onError('webhook delivery'),
  });
  const mqtt = new MqttPublisher({
    config: cfg.mqtt,
    log: events.log,
    repo,
    now: () => deps.clock.now(),
    cameras: async () => {
      const rows = await deps.db.selectFrom('cameras').select(['id', 'name']).orderBy('name').execute();
      return rows.map((r) => {
        const s = deps.recorder.stateOf(r.id);
        return { id: r.id, name: r.name, state: s ? { status: s.status, reason: s.reason, sinceMs: s.sinceMs } : null };
      });
    },
    onError: onError('mqtt'),
  });
  const webhooks = new WebhooksService({
    db: deps.db,
    repo,
    dispatcher,
    log: events.log,
    secrets: deps.secrets,
    audit: deps.audit,
    domains: deps.domains,
    clock: deps.clock,
    allowPrivateTargets: () => cfg.allowPrivateTargets,
  });
  let unsubscribe: (() => void) | null = null;
  let pruneTimer: NodeJS.Timeout | null = null;
  const prune = () => {
    repo.pruneDeliveries(deps.clock.now() - cfg.webhooks.deliveryLogDays * 86_400_000).catch(onError('pruning the delivery log'));
  };
  let closed = false;
  return {
    name: 'subscriptions',
    schemas: [WebhookSchema, DeliverySchema, MqttStatusSchema],
    webhooks,
    dispatcher,
    mqtt,
    registerRoutes: (app) => registerSubscriptionRoutes(app, webhooks, mqtt, deps.domains),
    registerMetrics: (registry) => registerSubscriptionMetrics(registry, { dispatcher, repo, mqtt }),
    start() {
      if (!cfg.enabled || unsubscribe || closed) return Promise.resolve();
      unsubscribe = events.feed.subscribe(() => {
        dispatcher.kick();
        mqtt.kick();
      });
      dispatcher.start();
      mqtt.start();
      prune();
      pruneTimer = setInterval(prune, PRUNE_EVERY_MS);
      pruneTimer.unref?.();
      return Promise.resolve();
    },
    async close() {
      if (closed) return;
      closed = true;
      unsubscribe?.();
      unsubscribe = null;
      if (pruneTimer) clearInterval(pruneTimer);
      await Promise.all([dispatcher.close(), mqtt.close()]);
    },
  };
}
