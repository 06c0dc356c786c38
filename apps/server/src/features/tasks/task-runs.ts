import { rm } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MediaTools } from '@argus/media';
import type { BlobStore } from '../../adapters/blob/blob-store';
import { AppError, forbidden, notFound } from '../../errors';
import { isoAt, type Clock } from '../../util/clock';
import { newTimeOrderedId } from '../../util/ids';
import type { AuditService } from '../audit/audit.service';
import { fileOutsideRoots } from '../cameras/camera-input';
import type { CamerasRepo } from '../cameras/cameras.repo';
import { requireCamera } from '../recordings/camera-access';
import type { SegmentIndexRepo } from '../recordings/segment-index.repo';
import { parseRange } from '../recordings/time-range';
import type { RequestContext } from '../request-context';
import { CameraJob, type CameraJobSpec } from './camera-job';
import { probeDuration } from './probe-duration';
import { coveredRanges, wallClockAt } from './range-timeline';
import { prepareRecordedRange } from './recorded-range-input';
import { runSourceOf, type RunSource } from './task-run-request';
import { taskRunView } from './task-run-view';
import type { TaskRunRow, TaskRunsRepo } from './task-runs.repo';
import type { TaskRunRequest, TaskRunView } from './task-runs.schemas';
import type { TaskRuntime } from './task-runtime';
import type { TaskView } from './tasks.schemas';
import type { TasksService } from './tasks.service';
import type { TaskUploads } from './task-uploads';

const AT_ONCE = 8;
/** Finished runs kept per task (older ones are deleted when a new run starts). */
const KEEP_PER_TASK = 100;
/** Share of the progress bar for copying and joining the recording of a range run. */
const PREPARE_SHARE = 0.1;
const FLUSH_EVERY_MS = 1000;
export const STOPPED_DURING_RUN = 'server stopped during the run';

export interface TaskRunsDeps {
  repo: TaskRunsRepo;
  tasks: TasksService;
  runtime: Pick<TaskRuntime, 'jobDeps' | 'publisher' | 'images'>;
  cameras: CamerasRepo;
  index: Pick<SegmentIndexRepo, 'overlapping'>;
  blobs: BlobStore;
  audit: AuditService;
  clock: Clock;
  tools: () => MediaTools;
  /** Media roots a file run may read (media.fileSourceRoots). */
  roots: readonly string[];
  dataDir: string;
  /** Uploaded videos (source uploadId). */
  uploads: Pick<TaskUploads, 'resolve'>;
  /** Longest range (recording.export.maxSeconds), time limit of joining it (recording.export.timeoutSeconds), merge tolerance. */
  limits: { maxRangeSeconds: number; cutTimeoutSeconds: number; gapToleranceMs: number };
  log: (msg: string, extra?: Record<string, unknown>) => void;
}

/** A file to run over: inside the media roots, or an upload (then shown by its original `name`). */
interface FileInput {
  kind: 'file';
  file: string;
  durationS: number;
  name?: string;
  startS?: number;
  limitS?: number;
}

interface RangeInput {
  kind: 'range';
  fromMs: number;
  toMs: number;
}

interface ActiveRun {
  taskId: string;
  progress: number;
  events: number;
  job: CameraJob | null;
  abort: AbortController;
  flushedAtMs: number;
}

/**
 * Offline runs: a task's rules over a video file inside the media roots or over a camera's recorded range, decoded as
 * fast as the detector goes, producing ordinary events (`details.origin = "offline"`). Runs are stored (task_runs):
 * progress and the event count are written while they run; a run a stop interrupted is marked failed at the next
 * start. One run per task and at most 8 at once in this process.
 */
export class TaskRuns {
  private readonly active = new Map<string, ActiveRun>();
  private idle: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly d: TaskRunsDeps) {}

  private get tmpRoot(): string {
    return path.join(this.d.dataDir, 'tmp', 'task-runs');
  }

  /** At start-up nothing runs yet: runs still marked running were cut off by a stop or crash. */
  async recover(): Promise<void> {
    await rm(this.tmpRoot, { recursive: true, force: true });
    const n = await this.d.repo.failRunning(STOPPED_DURING_RUN, isoAt(this.d.clock.now()));
    if (n > 0) this.d.log('offline runs interrupted by a stop were marked failed', { runs: n });
  }

  async start(ctx: RequestContext, taskId: string, body: TaskRunRequest): Promise<TaskRunView> {
    const taskRow = await this.d.tasks.require(ctx, taskId, 'tasks.manage');
    const task = await this.d.tasks.get(ctx, taskId);
    const source = runSourceOf(body);
    if (!task.cameraIds.includes(body.cameraId)) throw new AppError('validation_failed', 'cameraId: the task does not watch this camera', [{ field: 'cameraId', message: 'not one of the task\'s cameras' }]);
    const input = source.kind === 'file' ? await this.checkFile(source)
      : source.kind === 'upload' ? await this.checkUpload(ctx, source.uploadId)
        : await this.checkRange(ctx, body.cameraId, source);
    const running = [...this.active.values()];
    if (running.some((r) => r.taskId === taskId)) throw new AppError('conflict', 'This task already has an offline run going; wait for it to finish or cancel it');
    if (running.length >= AT_ONCE) throw new AppError('conflict', `At most ${AT_ONCE} offline runs at once; wait for one to finish`);
    const now = this.d.clock.now();
    const row: TaskRunRow = {
      id: newTimeOrderedId('run', now), task_id: taskId, camera_id: body.cameraId, domain_path: taskRow.domain_path, state: 'running', progress: 0, events: 0, error: null,
      source: source.kind, file: input.kind === 'file' ? input.name ?? input.file : null, start_s: input.kind === 'file' ? input.startS ?? null : null,
      duration_s: input.kind === 'file' ? input.durationS : null, from_ms: input.kind === 'range' ? input.fromMs : null, to_ms: input.kind === 'range' ? input.toMs : null,
      covered: null, created_by_id: ctx.actor.id, created_by_name: ctx.actor.name, started_at: isoAt(now), finished_at: null,
    };
    const active: ActiveRun = { taskId, progress: 0, events: 0, job: null, abort: new AbortController(), flushedAtMs: 0 };
    this.active.set(row.id, active);
    try {
      await this.d.repo.insert(row);
      await this.d.audit.record(ctx.actor, {
        action: 'task.run.start', targetType: 'task', targetId: taskId, domainPath: taskRow.domain_path,
        details: { runId: row.id, cameraId: row.camera_id, source: source.kind, ...(input.kind === 'file' ? { file: input.name ?? input.file } : { from: isoAt(input.fromMs), to: isoAt(input.toMs) }) },
      });
      await this.d.repo.prune(taskId, KEEP_PER_TASK);
    } catch (err) {
      this.active.delete(row.id);
      throw err;
    }
    const done = this.execute(row, task, input, active)
      .catch((err: unknown) => this.d.log('offline run bookkeeping failed', { run: row.id, error: (err as Error).message }))
      .finally(() => this.active.delete(row.id));
    this.idle = Promise.all([this.idle, done]).then(() => undefined);
    return taskRunView(row);
  }

  private async checkFile(source: Extract<RunSource, { kind: 'file' }>): Promise<FileInput> {
    const url = source.file.startsWith('file:') ? source.file : pathToFileURL(path.resolve(source.file)).href;
    const outside = fileOutsideRoots(url, this.d.roots, 'file');
    if (outside) throw new AppError('validation_failed', `file: ${outside.message}`, [outside]);
    const file = new URL(url).pathname;
    const durationS = source.durationS ?? (await probeDuration(this.d.tools().ffprobe, file));
    if (durationS === null) throw new AppError('validation_failed', 'file: not a readable video', [{ field: 'file', message: 'not a readable video' }]);
    return { kind: 'file', file, durationS, ...(source.startS !== undefined ? { startS: source.startS } : {}), ...(source.durationS !== undefined ? { limitS: source.durationS } : {}) };
  }

  /** An uploaded video of the caller's (task-uploads.ts): a file run over it, shown by its original name. */
  private async checkUpload(ctx: RequestContext, uploadId: string): Promise<FileInput> {
    const up = await this.d.uploads.resolve(ctx, uploadId);
    return { kind: 'file', file: up.file, durationS: up.durationS, name: up.name };
  }

  private async checkRange(ctx: RequestContext, cameraId: string, source: Extract<RunSource, { kind: 'range' }>): Promise<RangeInput> {
    const camera = await requireCamera(this.d.cameras, ctx, cameraId, 'recordings.view');
    const max = this.d.limits.maxRangeSeconds;
    const { fromMs, toMs } = parseRange(source.from, source.to, { nowMs: this.d.clock.now(), maxSpanMs: max * 1000, maxSpanText: `${max} s per run` });
    const found = await this.d.index.overlapping(cameraId, fromMs, toMs, 1);
    if (found.length === 0) throw new AppError('no_recordings', `Camera ${camera.name} has no recorded video between ${isoAt(fromMs)} and ${isoAt(toMs)}`);
    return { kind: 'range', fromMs, toMs };
  }

  private setProgress(id: string, run: ActiveRun, progress: number): void {
    run.progress = Math.min(0.99, Math.max(run.progress, progress));
    run.events = run.job?.firings ?? run.events;
    const now = Date.now();
    if (now - run.flushedAtMs < FLUSH_EVERY_MS) return;
    run.flushedAtMs = now;
    this.d.repo.update(id, { progress: run.progress, events: run.events }).catch(() => undefined);
  }

  private async execute(row: TaskRunRow, task: TaskView, input: FileInput | RangeInput, run: ActiveRun): Promise<void> {
    const tmp = path.join(this.tmpRoot, row.id);
    const signal = run.abort.signal;
    try {
      let clip: Pick<CameraJobSpec, 'input' | 'startS' | 'durationS' | 'startWallMs' | 'wallMsAt'>;
      let progressOf: (ptsS: number) => number;
      if (input.kind === 'file') {
        clip = { input: { url: input.file }, startWallMs: Date.parse(row.started_at), ...(input.startS !== undefined ? { startS: input.startS } : {}), ...(input.limitS !== undefined ? { durationS: input.limitS } : {}) };
        progressOf = (ptsS) => (ptsS - (input.startS ?? 0)) / input.durationS;
      } else {
        const prepared = await prepareRecordedRange({
          index: this.d.index, blobs: this.d.blobs, tools: this.d.tools(), cameraId: row.camera_id, fromMs: input.fromMs, toMs: input.toMs, dir: tmp,
          timeoutMs: this.d.limits.cutTimeoutSeconds * 1000, signal, onProgress: (p) => this.setProgress(row.id, run, PREPARE_SHARE * p),
        });
        await this.d.repo.update(row.id, { covered: JSON.stringify(coveredRanges(prepared.timeline, this.d.limits.gapToleranceMs)) });
        clip = { input: { url: prepared.file }, wallMsAt: (ptsS) => wallClockAt(prepared.timeline, ptsS) };
        progressOf = (ptsS) => PREPARE_SHARE + (1 - PREPARE_SHARE) * (ptsS / prepared.durationS);
      }
      if (signal.aborted) return;
      const job = new CameraJob({
        taskId: task.id, cameraId: row.camera_id, rules: task.rules, fps: task.params.fps, inputSize: task.params.inputSize, keyframesOnly: task.params.keyframesOnly,
        minConfidence: task.params.minConfidence, priority: 1, mode: 'offline', ...clip,
      }, this.d.runtime.jobDeps('offline', (ptsS) => this.setProgress(row.id, run, progressOf(ptsS))));
      run.job = job;
      try {
        await job.done;
        await Promise.all([this.d.runtime.publisher.whenIdle(), this.d.runtime.images.whenIdle()]);
      } finally {
        run.events = job.firings;
        await job.close();
      }
      if (signal.aborted) return;
      await this.finish(row.id, { state: 'done', progress: 1, events: run.events, finished_at: isoAt(this.d.clock.now()) });
    } catch (err) {
      if (signal.aborted) return;
      const message = ((err as Error).message || String(err)).slice(0, 1000);
      this.d.log('offline run failed', { run: row.id, error: message });
      await this.finish(row.id, { state: 'failed', error: message, progress: run.progress, events: run.events, finished_at: isoAt(this.d.clock.now()) });
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }

  /**
   * Stores a run's final state; it stops counting as running here first, so a caller who sees it finished may start
   * the task's next run at once (the one-run-per-task and at-most-8 checks read the in-process runs).
   */
  private async finish(id: string, patch: Parameters<TaskRunsRepo['finish']>[1]): Promise<void> {
    this.active.delete(id);
    await this.d.repo.finish(id, patch);
  }

  /** A run the caller may act on; one outside the caller's tasks.read scope reads as missing. */
  private async require(ctx: RequestContext, id: string, permission: 'tasks.read' | 'tasks.manage'): Promise<TaskRunRow> {
    const row = await this.d.repo.byId(id);
    if (!row || !ctx.access.can('tasks.read', row.domain_path)) throw notFound('task run', id);
    if (!ctx.access.can(permission, row.domain_path)) throw forbidden(`You have no ${permission} right on this task`);
    return row;
  }

  private view(row: TaskRunRow): TaskRunView {
    const run = this.active.get(row.id);
    return taskRunView(row, run && row.state === 'running' ? { progress: run.progress, events: run.job?.firings ?? run.events } : undefined);
  }

  async get(ctx: RequestContext, id: string): Promise<TaskRunView> {
    return this.view(await this.require(ctx, id, 'tasks.read'));
  }

  /** A task's runs, newest first, `limit` per page. */
  async list(ctx: RequestContext, taskId: string, q: { limit?: number; cursor?: string }): Promise<{ items: TaskRunView[]; nextCursor: string | null }> {
    await this.d.tasks.require(ctx, taskId, 'tasks.read');
    const limit = q.limit ?? 50;
    const rows = await this.d.repo.listByTask(taskId, limit + 1, q.cursor);
    const items = rows.slice(0, limit).map((r) => this.view(r));
    return { items, nextCursor: rows.length > limit ? (items[items.length - 1]?.id ?? null) : null };
  }

  async cancel(ctx: RequestContext, id: string): Promise<TaskRunView> {
    const row = await this.require(ctx, id, 'tasks.manage');
    if (row.state !== 'running') throw new AppError('conflict', `Run ${id} is ${row.state}; only a running run can be cancelled`);
    const run = this.active.get(id);
    const events = run?.job?.firings ?? run?.events ?? row.events;
    await this.finish(id, { state: 'cancelled', progress: run?.progress ?? row.progress, events, finished_at: isoAt(this.d.clock.now()) });
    run?.abort.abort();
    await run?.job?.close();
    await this.d.audit.record(ctx.actor, { action: 'task.run.cancel', targetType: 'task', targetId: row.task_id, domainPath: row.domain_path, details: { runId: id } });
    return this.view((await this.d.repo.byId(id)) ?? row);
  }

  /** Stops the runs of this process; they are stored as failed (the next start would say the same). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const ids = [...this.active.keys()];
    for (const run of this.active.values()) run.abort.abort();
    await Promise.all([...this.active.values()].map((r) => r.job?.close() ?? Promise.resolve()));
    await this.idle.catch(() => undefined);
    const at = isoAt(this.d.clock.now());
    await Promise.all(ids.map((id) => this.d.repo.finish(id, { state: 'failed', error: STOPPED_DURING_RUN, finished_at: at }).catch(() => undefined)));
  }
}
