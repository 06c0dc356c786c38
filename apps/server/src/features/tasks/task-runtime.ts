import { Gauge, type Registry } from 'prom-client';
import type { CountSample } from '@argus/domain';
import { createBestDetector, SharedDetector, type CameraDetector, type Detector, type SharedDetectorMember } from '@argus/vision';
import type { BlobStore } from '../../adapters/blob/blob-store';
import type { SecretBox } from '../../security/secret-box';
import type { CamerasRepo } from '../cameras/cameras.repo';
import type { EventSink } from '../events/event-port';
import { directFrames, type CameraFrames } from './camera-frames';
import { CameraJob, type CameraJobSpec } from './camera-job';
import { EventImagePool } from './event-image-pool';
import { EventPublisher } from './event-publisher';
import type { OverlayPublisher } from './overlay-message';
import { busyShare, DegradationLog, type AnalysisLoadView } from './analysis-load';
import { capacityStride, nextStrides, overloadVerdict, startingStride, type DetectorCapacity, type JobLoad, type OverloadVerdict } from './overload-policy';
import type { CameraJobStatusView, TaskRuntimePort } from './task-runtime-port';
import type { TasksConfig } from './tasks.config';
import type { TaskView } from './tasks.schemas';
import type { TasksRepo } from './tasks.repo';
import { StartSpacing } from './start-spacing';
import { taskView } from './task-view';

/**
 * One detector call on a blank frame before the first camera's frame: the runtime's first inference allocates and
 * plans (several times slower than the next ones), which would otherwise land on the first events.
 */
async function warmUp(det: Detector, log: TaskRuntimeDeps['log']): Promise<number | null> {
  const { width, height } = det.inputSize;
  try {
    const started = performance.now();
    await det.detect([{ width, height, format: 'rgb24', data: new Uint8Array(width * height * 3), ptsS: 0, index: 0 }]);
    return performance.now() - started;
  } catch (err) {
    log('detector warm-up failed', { error: (err as Error).message });
    return null;
  }
}

export interface TaskRuntimeDeps {
  config: TasksConfig;
  repo: TasksRepo;
  cameras: CamerasRepo;
  secrets: SecretBox;
  blobs: BlobStore;
  events: EventSink;
  /** Frames of every job (tests); default: `liveFrames` for live jobs, directFrames for offline runs. */
  frames?: CameraFrames;
  /** Frames of live jobs (the module passes streamFrames over the live upstreams); default directFrames. */
  liveFrames?: CameraFrames;
  /** Live overlay channel (the live module's publishOverlay). */
  overlay?: OverlayPublisher;
  /** Event image workers; default 2. */
  imageWorkers?: number;
  /** The detector behind the shared pool; default createBestDetector: YOLOX-Nano (config modelPath, models folders, cache, download), else the packaged CenterNet. */
  createDetector?: () => Promise<Detector>;
  log: (msg: string, extra?: Record<string, unknown>) => void;
  /** Overload check period; default 1000 ms. */
  tickMs?: number;
}

/**
 * Runs the enabled tasks: one CameraJob per (task, camera), all through ONE SharedDetector (a bounded pool of
 * `analysis.workers` detector calls; each job's share = its task priority). Reconciles when a task changes; a failing
 * job restarts itself and never touches the others. Overload: when jobs drop frames or analyse them late, the least
 * important jobs analyse fewer frames (recorded as degraded fps in their status and in `load()`) until the load falls.
 */
export class TaskRuntime implements TaskRuntimePort {
  private readonly jobs = new Map<string, Map<string, CameraJob>>();
  private readonly chains = new Map<string, Promise<void>>();
  private shared: Promise<SharedDetector> | null = null;
  readonly publisher: EventPublisher;
  /** Encodes and stores event images after the publish. */
  readonly images: EventImagePool;
  private timer: NodeJS.Timeout | null = null;
  private lastDrops = new Map<string, number>();
  private calm = 0;
  private verdict: OverloadVerdict = { overloaded: false, reason: null };
  private readonly degradations = new DegradationLog();
  /** The shared detector once it exists (the load view reads its stats without waiting). */
  private sharedNow: SharedDetector | null = null;
  private busySample: { atMs: number; busyMs: number } | null = null;
  /** The warm-up call's duration: the detector's call time before real calls have been measured. */
  private warmUpMs: number | null = null;
  private busy: number | null = null;
  private closed = false;
  private readonly frames: { live: CameraFrames; offline: CameraFrames };
  /** The overload check period. */
  private readonly tickMs: number;
  private readonly starts: StartSpacing;

  constructor(private readonly d: TaskRuntimeDeps) {
    this.frames = { live: d.frames ?? d.liveFrames ?? directFrames, offline: d.frames ?? directFrames };
    this.tickMs = d.tickMs ?? 1000;
    this.starts = new StartSpacing(d.config.startSpacingMs);
    this.images = new EventImagePool(d.blobs, { workers: d.imageWorkers ?? 2, capacity: 64, log: d.log });
    this.publisher = new EventPublisher(d.events, { capacity: d.config.publishQueue, onFailed: (e, err) => d.log('publishing an event failed', { camera: e.cameraId, type: e.type, error: (err as Error).message }) });
  }

  async start(): Promise<void> {
    if (!this.d.config.enabled || this.closed) return;
    for (const row of await this.d.repo.all()) {
      if (row.enabled !== 1) continue;
      this.changed(row.id, taskView(row, (await this.d.repo.cameraIdsOf([row.id])).get(row.id) ?? []));
    }
    this.timer = setInterval(() => this.rebalance(), this.tickMs);
    this.timer.unref();
  }

  /** The shared detector, made on first use; a failure (model missing) is reported to the jobs, and retried later. */
  private detector(key: string, member: SharedDetectorMember): Promise<CameraDetector> {
    if (!this.shared) {
      // YOLOX when its model resolves, else the packaged CenterNet in a worker thread; logs which one and why.
      const make = this.d.createDetector ?? (() => createBestDetector({ ...(this.d.config.modelPath ? { modelPath: this.d.config.modelPath } : {}), maxInFlight: this.d.config.workers, intraOpNumThreads: this.d.config.detectorThreads, log: this.d.log }));
      const p = make().then(async (det) => {
        this.warmUpMs = await warmUp(det, this.d.log);
        this.sharedNow = new SharedDetector(det, { maxInFlight: this.d.config.workers });
        return this.sharedNow;
      }, (err: unknown) => {
        this.shared = null;
        throw new Error(`no detector model: ${(err as Error).message}`);
      });
      this.shared = p;
    }
    return this.shared.then((s) => s.register(key, member));
  }

  changed(taskId: string, task: TaskView | null): void {
    if (!this.d.config.enabled || this.closed) return;
    const prev = this.chains.get(taskId) ?? Promise.resolve();
    const next = prev.then(async () => {
      await this.stopTask(taskId);
      if (task && task.enabled && !this.closed) await this.startTask(task);
    }).catch((err: unknown) => this.d.log('reconciling a task failed', { taskId, error: (err as Error).message }));
    this.chains.set(taskId, next);
  }

  /** Resolves when every pending reconciliation has run (tests). */
  async settled(): Promise<void> {
    await Promise.all([...this.chains.values()]);
  }

  private async stopTask(taskId: string): Promise<void> {
    const jobs = this.jobs.get(taskId);
    this.jobs.delete(taskId);
    if (jobs) await Promise.all([...jobs.values()].map((j) => j.close()));
  }

  async cameraInput(cameraId: string): Promise<CameraJobSpec['input'] | null> {
    const cam = await this.d.cameras.byId(cameraId);
    if (!cam) return null;
    return { url: cam.main_url, hasSubStream: cam.sub_url !== null && cam.sub_url !== '', ...(cam.username ? { username: cam.username } : {}), ...(cam.password_enc ? { password: this.d.secrets.open(cam.password_enc) } : {}) };
  }

  jobDeps(mode: 'live' | 'offline', onProgress?: (ptsS: number) => void) {
    return {
      frames: this.frames[mode],
      detector: (key: string, member: { share: number; priority: number; maxQueueWaitMs?: number }) => this.detector(key, member),
      maxQueueWaitMs: this.d.config.maxQueueWaitMs,
      startTurn: () => this.starts.turn(),
      startStride: (job: CameraJob) => this.startStride(job),
      publisher: this.publisher,
      images: this.images,
      ...(mode === 'live' && this.d.overlay ? { overlay: this.d.overlay } : {}),
      saveCounts: (taskId: string, cameraId: string, counts: CountSample[]) =>
        this.d.repo.addCounts(counts.map((c) => ({ task_id: taskId, camera_id: cameraId, rule_index: c.ruleIndex, at_ms: Math.round(c.wallMs), count: c.count }))),
      restartBackoffMs: this.d.config.restartBackoffMs,
      log: this.d.log,
      ...(onProgress ? { onProgress } : {}),
    };
  }

  private async startTask(task: TaskView): Promise<void> {
    const jobs = new Map<string, CameraJob>();
    for (const cameraId of task.cameraIds) {
      const input = await this.cameraInput(cameraId);
      if (!input) continue;
      const job = new CameraJob({
        taskId: task.id, cameraId, input, rules: task.rules, fps: task.params.fps, inputSize: task.params.inputSize, keyframesOnly: task.params.keyframesOnly,
        minConfidence: task.params.minConfidence, priority: task.priority, mode: 'live',
      }, this.jobDeps('live'));
      job.setStride(startingStride(this.allJobs().map((j) => j.currentStride), this.verdict.overloaded));
      jobs.set(cameraId, job);
    }
    this.jobs.set(task.id, jobs);
  }

  /** What the shared detector takes now: the p50 of its recent calls (the warm-up call before there are a few). */
  private capacity(): DetectorCapacity | null {
    const st = this.sharedNow?.stats();
    if (!st) return null;
    const callMs = st.batchMs.count >= 3 ? st.batchMs.p50 : this.warmUpMs;
    return callMs !== null && callMs > 0 ? { callMs, workers: st.maxInFlight } : null;
  }

  /**
   * A live job starting (its detector ready): at least the median stride of the others, and a stride that fits into
   * what the detector can take beside the jobs already analysing that matter as much or more (less important ones
   * give way through the overload policy, as before; a job with none of those ahead starts at full rate).
   */
  private startStride(job: CameraJob): number {
    const others = this.allJobs().filter((j) => j !== job);
    const ahead = others.filter((j) => j.analysing && j.spec.priority >= job.spec.priority);
    const runningFps = ahead.reduce((sum, j) => sum + j.spec.fps / j.currentStride, 0);
    // Nobody ahead: the job runs at its full rate and the overload policy judges it by what it measures.
    const forCapacity = ahead.length > 0 ? capacityStride(job.spec.fps, runningFps, this.capacity()) : 1;
    const stride = startingStride(others.map((j) => j.currentStride), this.verdict.overloaded, forCapacity);
    if (stride > job.currentStride) {
      const reason = `starting within the detector's capacity: ${runningFps.toFixed(1)} fps analysed by ${ahead.length} running job(s) of this priority or higher`;
      this.d.log('analysis degraded', { job: job.key, stride, reason });
      this.degradations.add({ atMs: Date.now(), taskId: job.spec.taskId, cameraId: job.spec.cameraId, fromStride: job.currentStride, toStride: stride, reason });
    }
    return stride;
  }

  status(task: TaskView): CameraJobStatusView[] {
    const jobs = this.jobs.get(task.id);
    return task.cameraIds.map((cameraId) => {
      const job = jobs?.get(cameraId);
      if (job && task.enabled) return job.status(true, task.params.fps);
      return {
        cameraId, state: task.enabled ? 'stopped' : 'paused',
        reason: task.enabled ? (this.d.config.enabled ? 'starting' : 'analysis is switched off (analysis.enabled)') : 'paused by an operator',
        frameSource: null, fpsIn: 0, fpsOut: 0, drops: 0, inferenceP50Ms: null, inferenceP95Ms: null, lastError: null, lastEventAtMs: null, degradedFps: null,
      };
    });
  }

  /** Live jobs (for tests and metrics). */
  allJobs(): CameraJob[] {
    return [...this.jobs.values()].flatMap((m) => [...m.values()]);
  }

  /**
   * The overload check (every tick): frames dropped by any stage, or analysed later than `analysis.overloadLagMs` on
   * average, degrade the least important job one step (overload-policy.ts); calm ticks restore the most important.
   */
  private rebalance(): void {
    const jobs = this.allJobs();
    const loads: JobLoad[] = jobs.map((j) => {
      const sample = j.takeLoadSample();
      const delta = sample.drops - (this.lastDrops.get(j.key) ?? 0);
      this.lastDrops.set(j.key, sample.drops);
      return { key: j.key, priority: j.spec.priority, stride: j.currentStride, newDrops: Math.max(0, delta), lagMs: sample.lagMs };
    });
    for (const key of [...this.lastDrops.keys()]) if (!jobs.some((j) => j.key === key)) this.lastDrops.delete(key);
    this.sampleDetector();
    this.verdict = overloadVerdict(loads, this.d.config.overloadLagMs);
    this.calm = this.verdict.overloaded ? 0 : this.calm + 1;
    // Restoring waits for about 6 s of calm whatever the check period, so a restored job does not overload at once.
    const strides = nextStrides(loads, { overloaded: this.verdict.overloaded, calmTicks: this.calm }, Math.max(1, Math.ceil(6000 / this.tickMs)));
    for (const j of jobs) {
      const s = strides.get(j.key);
      if (s === undefined || s === j.currentStride) continue;
      const reason = s > j.currentStride ? (this.verdict.reason ?? 'overloaded') : 'load fell: frame rate restored one step';
      this.d.log(s > j.currentStride ? 'analysis degraded' : 'analysis restored', { job: j.key, stride: s, reason });
      this.degradations.add({ atMs: Date.now(), taskId: j.spec.taskId, cameraId: j.spec.cameraId, fromStride: j.currentStride, toStride: s, reason });
      j.setStride(s);
    }
    if (!this.verdict.overloaded && this.calm >= Math.ceil(6000 / this.tickMs)) this.calm = 0;
  }

  private sampleDetector(): void {
    const shared = this.sharedNow;
    if (!shared) return;
    const next = { atMs: performance.now(), busyMs: shared.stats().busyMs };
    this.busy = busyShare(this.busySample, next, shared.maxInFlight);
    this.busySample = next;
  }

  /** Server-wide load; `visibleTask` filters the per-job parts to what the caller may read. */
  load(visibleTask: (taskId: string) => boolean): AnalysisLoadView {
    const shared = this.sharedNow;
    const st = shared?.stats();
    const jobs = this.allJobs();
    return {
      detector: st ? { name: st.detector, workers: st.maxInFlight, inFlight: st.inFlight, queued: st.queued, busyShare: this.busy, callMsP50: st.batchMs.p50, callMsP95: st.batchMs.p95 } : null,
      jobs: jobs.length,
      overloaded: this.verdict.overloaded,
      reason: this.verdict.reason,
      degraded: jobs.filter((j) => j.currentStride > 1 && visibleTask(j.spec.taskId))
        .map((j) => ({ taskId: j.spec.taskId, cameraId: j.spec.cameraId, stride: j.currentStride, fps: j.spec.fps / j.currentStride })),
      changes: this.degradations.list().filter((c) => visibleTask(c.taskId)),
    };
  }

  registerMetrics(registry: Registry): void {
    const jobs = () => this.allJobs();
    new Gauge({ name: 'argus_analysis_fps_in', help: 'Frames per second a task job receives (last 5 s).', labelNames: ['task', 'camera'], registers: [registry], collect() {
      this.reset();
      for (const j of jobs()) this.set({ task: j.spec.taskId, camera: j.spec.cameraId }, j.pipelineStats()?.fpsIn ?? 0);
    } });
    new Gauge({ name: 'argus_analysis_fps_out', help: 'Frames per second a task job analyses (last 5 s).', labelNames: ['task', 'camera'], registers: [registry], collect() {
      this.reset();
      for (const j of jobs()) this.set({ task: j.spec.taskId, camera: j.spec.cameraId }, j.pipelineStats()?.fpsOut ?? 0);
    } });
    new Gauge({ name: 'argus_analysis_dropped_frames', help: 'Frames a task job dropped (source, hand-off, detector).', labelNames: ['task', 'camera'], registers: [registry], collect() {
      this.reset();
      for (const j of jobs()) this.set({ task: j.spec.taskId, camera: j.spec.cameraId }, j.pipelineStats()?.drops.total ?? 0);
    } });
    new Gauge({ name: 'argus_analysis_degraded_stride', help: 'Analyse every Nth frame (1 = full rate; >1 = degraded by overload).', labelNames: ['task', 'camera'], registers: [registry], collect() {
      this.reset();
      for (const j of jobs()) this.set({ task: j.spec.taskId, camera: j.spec.cameraId }, j.currentStride);
    } });
    const pub = () => this.publisher.stats();
    new Gauge({ name: 'argus_task_events_total', help: 'Rule firings handed to the event center, by outcome.', labelNames: ['outcome'], registers: [registry], collect() {
      const s = pub();
      this.set({ outcome: 'published' }, s.published);
      this.set({ outcome: 'failed' }, s.failed);
      this.set({ outcome: 'dropped' }, s.dropped);
    } });
    const img = () => this.images.stats();
    new Gauge({ name: 'argus_task_event_images_total', help: 'Event images (snapshot + crop) stored after the publish, by outcome.', labelNames: ['outcome'], registers: [registry], collect() {
      const s = img();
      this.set({ outcome: 'written' }, s.written);
      this.set({ outcome: 'failed' }, s.failed);
      this.set({ outcome: 'dropped' }, s.dropped);
    } });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.all([...this.chains.values()]);
    await Promise.all(this.allJobs().map((j) => j.close()));
    this.jobs.clear();
    this.publisher.close();
    await this.images.close();
    const shared = this.shared;
    this.shared = null;
    this.sharedNow = null;
    if (shared) await shared.then((s) => s.close(), () => undefined);
  }
}
