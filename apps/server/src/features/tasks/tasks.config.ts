import { z } from 'zod';

/** The `analysis` section of the configuration tree (see config/schema.ts). Analysis tasks: jobs, templates, rules, compute scheduling and offline runs. */
export const tasksConfigSchema = z
  .object({
    enabled: z.boolean().default(true).describe('Turn the tasks slice on or off (off: the API still answers, no task runs).'),
    workers: z.number().int().min(1).max(8).default(1).describe('Detector calls running at once for all analysis tasks (the shared inference pool).'),
    detectorThreads: z.number().int().min(1).max(64).default(1).describe('CPU threads one detector call uses (onnxruntime intra-op threads). 1 costs the least CPU per frame (two threads on a 2-core machine took twice the CPU, mostly spinning, for 10 % less time per call); raise `workers` to use more cores, this only to shorten single calls on an idle many-core machine.'),
    modelPath: z.string().optional().describe('YOLOX-Nano ONNX model file; default: the models folders (ARGUS_MODELS_DIR, ../shared/models), the download cache, the official download (sha256 checked), else the CenterNet model @vladmandic/human ships (docs/tasks.md, Detector model).'),
    restartBackoffMs: z.number().int().min(100).max(600000).default(2000).describe('First delay before a failing job is restarted (doubles up to 60 s).'),
    startSpacingMs: z.number().int().min(0).max(60000).default(500).describe('Live analysis jobs start one after another, this far apart (a server start or a template applied to many cameras does not spawn every decoder at once).'),
    maxQueueWaitMs: z.number().int().min(50).max(60000).default(300).describe('Live analysis: a frame that waited longer than this for the shared detector is dropped (counted; a sign of overload) instead of analysed late. Offline runs never drop.'),
    overloadLagMs: z.number().int().min(100).max(60000).default(1000).describe('Overload: frames analysed later than this after capture (mean over a check period) degrade the least important job, as dropped frames do.'),
    uploadMaxBytes: z.number().int().min(1024 * 1024).max(1024 ** 4).default(2 * 1024 ** 3).describe('Largest video one may upload for an offline run (bytes); larger uploads are refused with 413. Uploads are deleted a day after they arrive.'),
    publishQueue: z.number().int().min(1).max(10000).default(200).describe('Event firings waiting to be published; beyond it the oldest are dropped (counted).'),
  })
  .strict()
  .prefault({});

export type TasksConfig = z.infer<typeof tasksConfigSchema>;
