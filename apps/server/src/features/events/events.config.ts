import { z } from 'zod';

/** The `events` section of the configuration tree (see config/schema.ts). Event center: storage, de-duplication, review, tickets, reports and the live feed. */
export const eventsConfigSchema = z
  .object({
    enabled: z.boolean().default(true).describe('Turn the events slice on or off.'),
  })
  .strict()
  .prefault({});

export type EventsConfig = z.infer<typeof eventsConfigSchema>;
