import { execFile } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { AppError, notFound } from '../../errors';
import { newId } from '../../util/ids';
import { fileOutsideRoots } from '../cameras/camera-input';
import type { RequestContext } from '../request-context';
import { CameraJob } from './camera-job';
import type { TaskRuntime } from './task-runtime';
import type { TasksService } from './tasks.service';

export interface TaskRunView {
  id: string;
  taskId: string;
  cameraId: string;
  file: string;
  state: 'running' | 'done' | 'failed';
  progress: number;
  events: number;
  error: string | null;
  startedAtMs: number;
  finishedAtMs: number | null;
}

interface Run extends TaskRunView {
  domainPath: string;
  durationS: number | null;
}

const KEEP = 100;
const AT_ONCE = 8;

function probeDuration(ffprobe: string, file: string): Promise<number | null> {
  return new Promise((resolve) => {
    execFile(ffprobe, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { timeout: 10_000 }, (err, out) => {
      const d = Number(String(out).trim());
      resolve(err || !Number.isFinite(d) || d <= 0 ? null : d);
    });
  });
}

/**
 * Offline runs: a task's rules over a file inside the media roots (decoded as fast as possible), one camera's events,
 * with progress. Runs live in memory (the last 100; one per task and at most 8 at once); their events are ordinary events whose
 * details say `origin: "offline"`.
 */
export class TaskRuns {
  private readonly runs = new Map<string, Run>();
  private readonly jobs = new Map<string, CameraJob>();
  private closed = false;

  constructor(private readonly service: TasksService, private readonly runtime: TaskRuntime, private readonly roots: readonly string[], private readonly ffprobe: () => string) {}

  async start(ctx: RequestContext, taskId: string, input: { cameraId: string; file: string; startS?: number; durationS?: number }): Promise<TaskRunView> {
    const row = await this.service.require(ctx, taskId, 'tasks.manage');
    const task = await this.service.get(ctx, taskId);
    if (!task.cameraIds.includes(input.cameraId)) throw new AppError('validation_failed', 'cameraId: the task does not watch this camera', [{ field: 'cameraId', message: 'not one of the task\'s cameras' }]);
    const file = input.file.startsWith('file:') ? input.file : pathToFileURL(path.resolve(input.file)).href;
    const outside = fileOutsideRoots(file, this.roots, 'file');
    if (outside) throw new AppError('validation_failed', `file: ${outside.message}`, [outside]);
    const running = [...this.runs.values()].filter((r) => r.state === 'running');
    if (running.some((r) => r.taskId === taskId)) throw new AppError('conflict', 'This task already has an offline run going; wait for it to finish');
    if (running.length >= AT_ONCE) throw new AppError('conflict', `At most ${AT_ONCE} offline runs at once; wait for one to finish`);
    const local = new URL(file).pathname;
    const duration = input.durationS ?? (await probeDuration(this.ffprobe(), local));
    if (duration === null) throw new AppError('validation_failed', 'file: not a readable video', [{ field: 'file', message: 'not a readable video' }]);
    const run: Run = {
      id: newId('run'), taskId, cameraId: input.cameraId, file: local, state: 'running', progress: 0, events: 0, error: null,
      startedAtMs: Date.now(), finishedAtMs: null, domainPath: row.domain_path, durationS: duration,
    };
    this.runs.set(run.id, run);
    for (const id of [...this.runs.keys()].slice(0, Math.max(0, this.runs.size - KEEP))) this.runs.delete(id);
    const job = new CameraJob({
      taskId, cameraId: input.cameraId, input: { url: local }, rules: task.rules, fps: task.params.fps, inputSize: task.params.inputSize,
      minConfidence: task.params.minConfidence, priority: 1, mode: 'offline', startWallMs: run.startedAtMs,
      ...(input.startS !== undefined ? { startS: input.startS } : {}), ...(input.durationS !== undefined ? { durationS: input.durationS } : {}),
    }, this.runtime.jobDeps('offline', (ptsS) => {
      run.progress = Math.min(0.99, Math.max(run.progress, (ptsS - (input.startS ?? 0)) / duration));
    }));
    this.jobs.set(run.id, job);
    job.done.then(async () => {
      await Promise.all([this.runtime.publisher.whenIdle(), this.runtime.images.whenIdle()]);
      run.state = 'done';
      run.progress = 1;
    }, (err: unknown) => {
      run.state = 'failed';
      run.error = (err as Error).message;
    }).finally(() => {
      run.events = job.firings;
      run.finishedAtMs = Date.now();
      this.jobs.delete(run.id);
      void job.close();
    });
    return this.view(run);
  }

  private view(run: Run): TaskRunView {
    const { domainPath: _d, durationS: _s, ...rest } = run;
    return { ...rest, events: this.jobs.get(run.id)?.firings ?? run.events };
  }

  get(ctx: RequestContext, id: string): TaskRunView {
    const run = this.runs.get(id);
    if (!run || !ctx.access.can('tasks.read', run.domainPath)) throw notFound('task run', id);
    return this.view(run);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.jobs.values()].map((j) => j.close()));
  }
}
