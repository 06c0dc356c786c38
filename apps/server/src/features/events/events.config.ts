import { z } from 'zod';

/** The `events` section of the configuration tree (see config/schema.ts). Event center: storage, de-duplication, review, tickets, reports and the live feed. */
export const eventsConfigSchema = z
  .object({
    dedupWindowSeconds: z
      .number()
      .int()
      .min(0)
      .max(86_400)
      .default(30)
      .describe('Default de-duplication window: a firing with the same key (camera + rule + track) within this many seconds of the open event\'s last firing folds into it. 0 = never fold. Producers may set their own per rule.'),
    clipPreSeconds: z.number().int().min(0).max(600).default(10).describe('Seconds of recording before an event that its clip (detail `recording` block) starts.'),
    clipPostSeconds: z.number().int().min(0).max(600).default(10).describe('Seconds of recording after an event\'s last firing that its clip ends.'),
    holdRecordings: z
      .boolean()
      .default(true)
      .describe('Keep the recording around every event (its clip range) for recording.retention.eventHoldDays, whatever the camera\'s retention says.'),
    streamHeartbeatSeconds: z.number().int().min(1).max(300).default(15).describe('Heartbeat comment interval of the Server-Sent Events feed (GET /api/events/stream).'),
    streamQueueLimit: z.number().int().min(10).max(100_000).default(1000).describe('Events buffered per live-feed client before the slowest are dropped (counted in argus_event_stream_dropped_total).'),
  })
  .strict()
  .prefault({});

export type EventsConfig = z.infer<typeof eventsConfigSchema>;
