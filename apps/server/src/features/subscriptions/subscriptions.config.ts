import { z } from 'zod';

/** The `subscriptions` section of the configuration tree (see config/schema.ts). Northbound push of events: webhooks (durable outbox) and MQTT. */
export const subscriptionsConfigSchema = z
  .object({
    enabled: z.boolean().default(true).describe('Turn the subscriptions slice on or off.'),
  })
  .strict()
  .prefault({});

export type SubscriptionsConfig = z.infer<typeof subscriptionsConfigSchema>;
