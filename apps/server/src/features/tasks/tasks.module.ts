import { AppError } from '../../errors';
import type { FeatureModule } from '../feature-module';
import type { ModuleDeps } from '../module-deps';
import type { EventSink } from '../events/event-port';
import type { CameraStreams } from '../live/camera-streams-port';
import { requireCamera } from '../recordings/camera-access';
import { recordingLog } from '../recordings/log';
import { AnalysisLoadSchema, registerAnalysisLoadRoutes } from './analysis-load.routes';
import { grabStill } from './camera-still';
import { probeDuration } from './probe-duration';
import { TaskUploads } from './task-uploads';
import { registerUploadRoutes, UploadSchema } from './task-uploads.routes';
import { TaskRuns } from './task-runs';
import { TaskRunsRepo } from './task-runs.repo';
import { TaskRunSchema } from './task-runs.schemas';
import { SegmentIndexRepo } from '../recordings/segment-index.repo';
import type { OverlayPublisher } from './overlay-message';
import { streamFrames } from './stream-frames';
import { defaultFileSourceRoots } from '../../config/file-source-roots';
import { TaskRuntime, type TaskRuntimeDeps } from './task-runtime';
import { TasksRepo } from './tasks.repo';
import { registerTaskRoutes } from './tasks.routes';
import { TaskSchema } from './tasks.schemas';
import { TasksService } from './tasks.service';

export interface TasksDeps {
  events: EventSink;
  streams: CameraStreams;
  /** The live module's publishOverlay: analysed objects to the camera's live viewers. */
  overlay?: OverlayPublisher;
}

/** What tests and benchmarks may replace in the runtime. */
export type TaskRuntimeOverrides = Partial<Pick<TaskRuntimeDeps, 'frames' | 'createDetector' | 'tickMs'>>;

export type TasksModule = FeatureModule & { service: TasksService; runtime: TaskRuntime; runs: TaskRuns };

/** Analysis tasks: jobs, templates, rules (validated), the runtime that runs them, per-camera status and counting series. */
export function createTasksModule(deps: ModuleDeps, ports: TasksDeps, overrides: TaskRuntimeOverrides = {}): TasksModule {
  const repo = new TasksRepo(deps.db);
  const service = new TasksService(repo, deps.camerasRepo, deps.domains, deps.audit, deps.clock);
  const out = recordingLog(deps.config.server.logLevel);
  const runtime = new TaskRuntime({
    config: deps.config.analysis,
    repo,
    cameras: deps.camerasRepo,
    secrets: deps.secrets,
    blobs: deps.blobs,
    events: ports.events,
    // Live jobs decode the camera's shared live upstream (one connection); with live view off they open the camera.
    ...(deps.config.live.enabled ? { liveFrames: streamFrames(ports.streams, () => deps.media.tools().ffmpeg) } : {}),
    ...(ports.overlay ? { overlay: ports.overlay } : {}),
    log: (msg, extra) => out.warn(`analysis: ${msg}${extra ? ` ${JSON.stringify(extra)}` : ''}`),
    ...overrides,
  });
  service.attachRuntime(runtime);
  const roots = deps.config.media.fileSourceRoots.length > 0 ? deps.config.media.fileSourceRoots : defaultFileSourceRoots(deps.config.dataDir);
  const rec = deps.config.recording;
  const uploads = new TaskUploads({
    dataDir: deps.config.dataDir, maxBytes: deps.config.analysis.uploadMaxBytes, clock: deps.clock,
    probeDuration: (file) => probeDuration(deps.media.tools().ffprobe, file),
  });
  const runs = new TaskRuns({
    repo: new TaskRunsRepo(deps.db), tasks: service, runtime, cameras: deps.camerasRepo, index: new SegmentIndexRepo(deps.db), blobs: deps.blobs,
    audit: deps.audit, clock: deps.clock, tools: () => deps.media.tools(), roots, dataDir: deps.config.dataDir, uploads,
    limits: { maxRangeSeconds: rec.export.maxSeconds, cutTimeoutSeconds: rec.export.timeoutSeconds, gapToleranceMs: rec.gapToleranceMs },
    log: (msg, extra) => out.warn(`analysis: ${msg}${extra ? ` ${JSON.stringify(extra)}` : ''}`),
  });
  return {
    name: 'tasks',
    service,
    runtime,
    runs,
    schemas: [TaskSchema, AnalysisLoadSchema, TaskRunSchema, UploadSchema],
    registerRoutes: (app) => {
      registerAnalysisLoadRoutes(app, service, runtime);
      registerUploadRoutes(app, uploads);
      registerTaskRoutes(app, service, async (ctx, cameraId) => {
        await requireCamera(deps.camerasRepo, ctx, cameraId, 'recordings.view');
        const input = await runtime.cameraInput(cameraId);
        if (!input) throw new AppError('not_found', `camera ${cameraId} does not exist`);
        return grabStill(deps.media.tools().ffmpeg, input);
      }, runs);
    },
    registerMetrics: (registry) => runtime.registerMetrics(registry),
    start: async () => {
      await runs.recover();
      await runtime.start();
    },
    close: async () => {
      await runs.close();
      await runtime.close();
    },
  };
}
