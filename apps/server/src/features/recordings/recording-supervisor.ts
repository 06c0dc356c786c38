import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ArgusConfig } from '../../config/schema';
import type { CamerasService } from '../cameras/cameras.service';
import type { ClosedSegment, LiveTapPort, RecorderHandle, RecorderState, RecordingEngine } from './engine-port';
import { EventGate } from './event-gate';
import type { RecordingLog } from './log';
import { unreachableReason } from './reachability';
import { inSchedule } from './schedule';
import { DEFAULT_POST_ROLL_SECONDS, DEFAULT_PRE_ROLL_SEGMENTS, type RecordableCamera, type RecordingMode, type RecordingSettingsRepo } from './recording-settings.repo';
import type { SegmentIngest } from './segment-ingest';
import type { SourceState, SourceStates } from './source-state';

export interface SupervisorDeps {
  settings: RecordingSettingsRepo;
  cameras: Pick<CamerasService, 'streamCredentials'>;
  engine: RecordingEngine;
  ingest: SegmentIngest;
  config: ArgusConfig['recording'];
  /** Parent of the per-camera work folders the engine writes into. */
  workRoot: string;
  /** Parent of the per-camera pre-roll folders of event-only recording. */
  preRollRoot: string;
  log: RecordingLog;
  now?: () => number;
  random?: () => number;
  /** Live view shares the recorder's camera connection (see useLiveTaps). */
  liveTaps?: LiveTapPort;
}

const CAMERA_DIR = /^[a-z]{3}_[0-9a-z]+$/;

/** Exponential backoff with jitter: between half and all of min(max, initial·2^(attempt-1)). */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.max(0, Math.min(30, attempt - 1)));
  return Math.round(ceiling * (0.5 + random() * 0.5));
}

interface Desired {
  camera: RecordableCamera;
  mode: RecordingMode;
  fingerprint: string;
}

/** One camera being recorded: reachability check, then the engine's recorder, and the way its segments go. */
class Source {
  state: SourceState;
  private handle: RecorderHandle | null = null;
  private live: ReturnType<LiveTapPort['open']> | null = null;
  private gate: EventGate<ClosedSegment> | null;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private stopping: Promise<void> | null = null;

  constructor(
    readonly cameraId: string,
    readonly fingerprint: string,
    readonly mode: RecordingMode,
    private readonly input: { url: string; username?: string; password?: string },
    private readonly loopFiles: boolean,
    preRoll: { segments: number; postRollMs: number },
    private readonly d: SupervisorDeps,
  ) {
    this.gate = mode === 'event' ? new EventGate<ClosedSegment>(preRoll.segments, preRoll.postRollMs) : null;
    this.state = { status: 'connecting', mode, sinceMs: this.now(), reason: null, attempt: 1, retryInMs: null, segments: 0, spooled: 0, preRoll: 0 };
  }

  private now(): number {
    return (this.d.now ?? Date.now)();
  }

  private set(patch: Partial<SourceState>): void {
    const status = patch.status ?? this.state.status;
    const sinceMs = status !== this.state.status ? this.now() : this.state.sinceMs;
    this.state = { ...this.state, reason: null, attempt: null, retryInMs: null, sinceMs, ...patch };
  }

  start(): void {
    this.check();
  }

  private check(): void {
    if (this.stopped) return;
    this.retryTimer = null;
    this.set({ status: 'connecting', attempt: this.attempt + 1 });
    unreachableReason(this.input.url).then(
      (reason) => {
        if (this.stopped) return;
        if (reason) this.retry(reason);
        else this.launch();
      },
      (err: unknown) => this.retry((err as Error).message),
    );
  }

  private retry(reason: string): void {
    this.attempt++;
    const c = this.d.config;
    const delay = backoffDelay(this.attempt, c.backoffInitialMs, c.backoffMaxMs, this.d.random);
    this.set({ status: 'failing', reason, attempt: this.attempt, retryInMs: delay });
    this.retryTimer = setTimeout(() => this.check(), delay);
    this.retryTimer.unref();
  }

  private launch(): void {
    const c = this.d.config;
    try {
      this.live = this.d.engine.liveTap === true ? (this.d.liveTaps?.open(this.cameraId) ?? null) : null;
      this.handle = this.d.engine.start({
        sourceId: this.cameraId,
        input: this.input,
        workDir: path.join(this.d.workRoot, this.cameraId),
        segmentSeconds: c.segmentSeconds,
        stallTimeoutSeconds: c.stallTimeoutSeconds,
        backoff: { initialMs: c.backoffInitialMs, maxMs: c.backoffMaxMs },
        loopFiles: this.loopFiles,
        onSegment: (seg) => this.onSegment(seg),
        onState: (s) => this.onEngineState(s),
        ...(this.live ? { live: this.live } : {}),
      });
      this.attempt = 0;
    } catch (err) {
      this.live?.close();
      this.live = null;
      this.retry(`the recorder did not start: ${(err as Error).message}`);
    }
  }

  private onEngineState(s: RecorderState): void {
    if (this.stopped) return;
    switch (s.status) {
      case 'idle':
        this.set({ status: 'idle' });
        break;
      case 'connecting':
        this.set({ status: 'connecting', attempt: s.attempt });
        break;
      case 'recording':
        this.set({ status: 'recording' });
        this.state.sinceMs = s.since;
        break;
      case 'failing':
        this.set({ status: 'failing', reason: s.reason, attempt: s.attempt, retryInMs: s.retryInMs });
        break;
      case 'stopped':
        this.set({ status: 'stopped' });
        break;
    }
  }

  /** The engine waits for this (back-pressure); it never throws. */
  private async onSegment(seg: ClosedSegment): Promise<void> {
    try {
      if (!this.gate) {
        if ((await this.d.ingest.accept(this.cameraId, seg)) === 'stored') this.state.segments++;
      } else {
        const held = await this.hold(seg);
        const { persist, discard } = this.gate.offer(held);
        await this.settle(persist, discard);
      }
    } catch (err) {
      this.d.log.error(`recording ${this.cameraId}: handling a segment failed: ${(err as Error).message}`);
    } finally {
      this.state.spooled = this.d.ingest.spooledOf(this.cameraId);
      this.state.preRoll = this.gate?.buffered ?? 0;
    }
  }

  /** Pre-roll segments leave the engine's folder (the engine may recover or clean it) for ours. */
  private async hold(seg: ClosedSegment): Promise<ClosedSegment> {
    const dir = path.join(this.d.preRollRoot, this.cameraId);
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `${seg.startMs}-${seg.sequence}-${path.basename(seg.file)}`);
    await rename(seg.file, file);
    return { ...seg, file };
  }

  private async settle(persist: ClosedSegment[], discard: ClosedSegment[]): Promise<void> {
    for (const s of discard) await rm(s.file, { force: true });
    for (const s of persist) if ((await this.d.ingest.accept(this.cameraId, s)) === 'stored') this.state.segments++;
  }

  async markEvent(atMs: number): Promise<number> {
    if (!this.gate) return 0;
    const { persist } = this.gate.mark(atMs);
    await this.settle(persist, []);
    this.state.preRoll = this.gate.buffered;
    return persist.length;
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.stopped = true;
      if (this.retryTimer) clearTimeout(this.retryTimer);
      const handle = this.handle;
      this.handle = null;
      // live viewers move to their own remux at once; ffmpeg may take a few seconds to close its last segment
      this.live?.close();
      this.live = null;
      if (handle) await handle.stop();
      if (this.gate) for (const s of this.gate.drain()) await rm(s.file, { force: true });
      this.set({ status: 'stopped' });
    })();
    return this.stopping;
  }
}

/**
 * Runs one recorder per camera that should record (recording on, camera enabled, mode not off), and keeps that set
 * in line with the camera registry: on start, after API changes (reconcileSoon) and every few seconds. A changed
 * URL, credential or mode restarts the camera's recorder. On start it first hands what a crash left in the work
 * folders to the engine's recovery and indexes the result.
 */
export class RecordingSupervisor implements SourceStates {
  private readonly sources = new Map<string, Source>();
  private running: Promise<void> | null = null;
  private pending = false;
  private timer: NodeJS.Timeout | null = null;
  private soon: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly d: SupervisorDeps) {}

  stateOf(cameraId: string): SourceState | null {
    const s = this.sources.get(cameraId);
    return s ? { ...s.state, spooled: this.d.ingest.spooledOf(cameraId) } : null;
  }

  /** From now on every recorder started also feeds live view through `taps` (the live module calls it). */
  useLiveTaps(taps: LiveTapPort): void {
    this.d.liveTaps = taps;
  }

  /** Cameras with a running source. */
  active(): string[] {
    return [...this.sources.keys()];
  }

  async start(): Promise<void> {
    await rm(this.d.preRollRoot, { recursive: true, force: true });
    await mkdir(this.d.workRoot, { recursive: true });
    await this.recoverAll();
    await this.d.ingest.sweep();
    this.d.ingest.start(10_000);
    await this.reconcile();
    this.timer = setInterval(() => this.reconcileSoon(0), this.d.config.reconcileSeconds * 1000);
    this.timer.unref();
  }

  /** Indexes what the engine recovers from each camera's work folder (segments closed or repaired after a crash). */
  private async recoverAll(): Promise<void> {
    const dirs = await readdir(this.d.workRoot, { withFileTypes: true }).catch(() => []);
    for (const dir of dirs) {
      if (!dir.isDirectory() || !CAMERA_DIR.test(dir.name)) continue;
      try {
        const segments = await this.d.engine.recover(path.join(this.d.workRoot, dir.name), dir.name);
        let stored = 0;
        for (const seg of segments) if ((await this.d.ingest.accept(dir.name, seg)) === 'stored') stored++;
        if (segments.length > 0) this.d.log.info(`recording ${dir.name}: recovered ${segments.length} segments after a restart (${stored} stored)`);
      } catch (err) {
        this.d.log.error(`recording ${dir.name}: recovering the work folder failed: ${(err as Error).message}`);
      }
    }
  }

  /** Applies camera changes soon (debounced); API routes that change cameras call it. */
  reconcileSoon(delayMs = 50): void {
    if (this.closed || this.soon) return;
    this.soon = setTimeout(() => {
      this.soon = null;
      this.reconcile().catch((err: unknown) => this.d.log.error(`recording: applying camera changes failed: ${(err as Error).message}`));
    }, delayMs);
    this.soon.unref();
  }

  /** One pass at a time; a request during a pass runs one more pass after it. */
  reconcile(): Promise<void> {
    if (this.running) {
      this.pending = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.pending = false;
          if (!this.closed) await this.reconcileOnce();
        } while (this.pending && !this.closed);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private desired(cameras: RecordableCamera[]): Map<string, Desired> {
    const out = new Map<string, Desired>();
    if (!this.d.config.enabled) return out;
    for (const camera of cameras) {
      const mode = camera.settings.mode ?? this.d.config.defaultMode;
      if (camera.enabled !== 1 || mode === 'off') continue;
      if (camera.settings.schedule && !inSchedule(camera.settings.schedule, (this.d.now ?? Date.now)(), this.d.config.scheduleTimeZone)) continue;
      const fingerprint = JSON.stringify([
        camera.kind,
        camera.main_url,
        camera.username,
        camera.password_enc,
        mode,
        camera.settings.preRollSegments,
        camera.settings.postRollSeconds,
      ]);
      out.set(camera.id, { camera, mode, fingerprint });
    }
    return out;
  }

  private async reconcileOnce(): Promise<void> {
    const want = this.desired(await this.d.settings.cameras());
    const stale = [...this.sources.values()].filter((s) => want.get(s.cameraId)?.fingerprint !== s.fingerprint);
    for (const s of stale) this.sources.delete(s.cameraId);
    await Promise.all(stale.map((s) => s.stop()));
    for (const [id, w] of want) {
      if (this.sources.has(id) || this.closed) continue;
      const credentials = await this.d.cameras.streamCredentials(w.camera);
      const source = new Source(
        id,
        w.fingerprint,
        w.mode,
        { url: w.camera.main_url, ...credentials },
        w.camera.kind === 'file',
        {
          segments: w.camera.settings.preRollSegments ?? DEFAULT_PRE_ROLL_SEGMENTS,
          postRollMs: (w.camera.settings.postRollSeconds ?? DEFAULT_POST_ROLL_SECONDS) * 1000,
        },
        this.d,
      );
      this.sources.set(id, source);
      source.start();
    }
  }

  /**
   * An event on a camera at `atMs`: in event-only mode its pre-roll is stored, and what follows until the post-roll
   * ends. Resolves with the number of buffered segments stored now.
   */
  async markEvent(cameraId: string, atMs: number): Promise<number> {
    return (await this.sources.get(cameraId)?.markEvent(atMs)) ?? 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    if (this.soon) clearTimeout(this.soon);
    await this.running?.catch(() => undefined);
    const all = [...this.sources.values()];
    this.sources.clear();
    await Promise.all(all.map((s) => s.stop().catch((err: unknown) => this.d.log.error(`recording ${s.cameraId}: stopping failed: ${(err as Error).message}`))));
    await this.d.ingest.close();
  }
}
