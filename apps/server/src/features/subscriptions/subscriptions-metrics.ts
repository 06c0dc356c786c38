import { Gauge, type Registry } from 'prom-client';
import type { WebhookDispatcher } from './webhook-dispatcher';
import type { MqttPublisher } from './mqtt-publisher';
import type { WebhooksRepo } from './webhooks.repo';

/** Webhook and MQTT delivery stats for /metrics, read when scraped (no timers). */
export function registerSubscriptionMetrics(registry: Registry, deps: { dispatcher: WebhookDispatcher; repo: WebhooksRepo; mqtt: MqttPublisher }): void {
  const { dispatcher, repo, mqtt } = deps;
  new Gauge({
    name: 'argus_webhook_deliveries',
    help: 'Webhook delivery attempts since start, by outcome (delivered, failed = will be retried, gave_up)',
    labelNames: ['outcome'],
    registers: [registry],
    collect() {
      this.set({ outcome: 'delivered' }, dispatcher.counters.delivered);
      this.set({ outcome: 'failed' }, dispatcher.counters.failed);
      this.set({ outcome: 'gave_up' }, dispatcher.counters.gaveUp);
    },
  });
  new Gauge({
    name: 'argus_webhook_backlog',
    help: 'Events after the cursor of each webhook subscription (before filtering), as of its last round',
    labelNames: ['subscription'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await repo.all()) this.set({ subscription: row.id }, dispatcher.runtime(row.id).backlog ?? 0);
    },
  });
  new Gauge({
    name: 'argus_webhook_lag_seconds',
    help: 'Age of the oldest event waiting for a retry, per webhook subscription (0 when none waits)',
    labelNames: ['subscription'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await repo.all()) this.set({ subscription: row.id }, dispatcher.runtime(row.id).lagSeconds);
    },
  });
  new Gauge({
    name: 'argus_mqtt_backlog',
    help: 'Events stored but not yet acknowledged by the MQTT broker (-1 when unknown or MQTT is off)',
    registers: [registry],
    async collect() {
      const s = await mqtt.status();
      this.set(s.enabled ? (s.backlog ?? -1) : -1);
    },
  });
  new Gauge({
    name: 'argus_mqtt_connected',
    help: '1 while connected to the MQTT broker',
    registers: [registry],
    async collect() {
      this.set((await mqtt.status()).connected ? 1 : 0);
    },
  });
}
