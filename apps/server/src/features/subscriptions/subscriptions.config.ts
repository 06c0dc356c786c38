import { z } from 'zod';

/** The `subscriptions` section of the configuration tree (see config/schema.ts). Northbound push of events: webhooks (durable outbox) and MQTT. */
export const subscriptionsConfigSchema = z
  .object({
    enabled: z.boolean().default(true).describe('Deliver events to webhooks and MQTT (off: subscriptions can be managed, nothing is sent).'),
    allowPrivateTargets: z
      .boolean()
      .default(false)
      .describe('Allow webhook URLs that resolve to loopback or private (RFC 1918, ULA) addresses. Link-local, metadata, multicast and 0.0.0.0 are refused always.'),
    webhooks: z
      .object({
        timeoutMs: z.number().int().min(100).max(120_000).default(10_000).describe('Per-attempt timeout of one webhook delivery.'),
        concurrency: z.number().int().min(1).max(64).default(4).describe('At most this many webhook subscriptions deliver at the same time.'),
        batchSize: z.number().int().min(1).max(1000).default(100).describe('Events read from the event log per round of one subscription.'),
        backoffBaseMs: z.number().int().min(100).max(600_000).default(1_000).describe('First retry delay; the cap doubles per failed attempt and each delay is drawn between this and the cap (full jitter).'),
        backoffMaxMs: z.number().int().min(10).max(3_600_000).default(300_000).describe('Retry delays never exceed this.'),
        giveUpAfterHours: z
          .number()
          .min(0)
          .max(24 * 365)
          .default(72)
          .describe('An event that cannot be delivered for this long is marked failed and skipped (0 = never give up).'),
        deliveryLogDays: z.number().int().min(1).max(365).default(14).describe('Delivery log rows older than this are pruned.'),
        publicBaseUrl: z.string().max(500).default('').describe('Absolute base URL of this server, for snapshot links in payloads (empty: relative links).'),
      })
      .strict()
      .prefault({}),
    mqtt: z
      .object({
        enabled: z.boolean().default(false).describe('Publish events and camera state to an MQTT broker.'),
        url: z.string().max(500).default('mqtt://127.0.0.1:1883').describe('Broker URL (mqtt://, mqtts://, ws://, wss://).'),
        username: z.string().max(200).default('').describe('Broker user name (empty: none).'),
        password: z.string().max(500).default('').describe('Broker password (empty: none).'),
        clientId: z.string().max(200).default('argus').describe('MQTT client id.'),
        topicPrefix: z.string().min(1).max(100).regex(/^[^#+]+$/).default('argus').describe('First topic level (Frigate uses "frigate").'),
        qos: z.union([z.literal(0), z.literal(1), z.literal(2)]).default(1).describe('QoS of event messages (1 = durable: the cursor advances on PUBACK).'),
        retainState: z.boolean().default(true).describe('Publish camera state and counts as retained messages.'),
        stateIntervalMs: z.number().int().min(1000).max(3_600_000).default(30_000).describe('How often camera state is republished.'),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});

export type SubscriptionsConfig = z.infer<typeof subscriptionsConfigSchema>;
export type WebhookDeliveryConfig = SubscriptionsConfig['webhooks'];
export type MqttConfig = SubscriptionsConfig['mqtt'];
