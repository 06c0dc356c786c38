import { z } from 'zod';

/** The `live` section of the configuration tree (see config/schema.ts). Live view: fan-out of camera streams to browsers (fMP4 over WebSocket, HLS, WebRTC). */
export const liveConfigSchema = z
  .object({
    enabled: z.boolean().default(true).describe('Turn the live slice on or off.'),
  })
  .strict()
  .prefault({});

export type LiveConfig = z.infer<typeof liveConfigSchema>;
