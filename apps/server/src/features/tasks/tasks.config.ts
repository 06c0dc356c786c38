import { z } from 'zod';

/** The `analysis` section of the configuration tree (see config/schema.ts). Analysis tasks: jobs, templates, rules, compute scheduling and offline runs. */
export const tasksConfigSchema = z
  .object({
    enabled: z.boolean().default(true).describe('Turn the tasks slice on or off.'),
  })
  .strict()
  .prefault({});

export type TasksConfig = z.infer<typeof tasksConfigSchema>;
