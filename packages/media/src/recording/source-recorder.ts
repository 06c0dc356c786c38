/**
 * SourceRecorder: records one source continuously. One ffmpeg run at a time (stream copy into fragmented-MP4
 * segments, see ffmpeg-args.ts), supervised: connecting → recording → failing(reason) → (backoff) → connecting …
 * Each finished segment is read once (SHA-256, box structure, codec and size from its moov), timed on the wall
 * clock, and handed to `onSegment`, strictly in order and one at a time (back-pressure: ffmpeg keeps recording
 * into the work folder meanwhile). close() is idempotent: ffmpeg gets SIGTERM (it closes the segment in progress,
 * which is then handed over), SIGKILL after a grace period, and close() resolves once it exited and every segment
 * was handed over.
 */
import { mkdir, readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { findMediaTools, type MediaTools } from '../media-tools';
import { type MediaTarget, resolveMediaTarget } from '../source-url';
import { backoffDelay } from './backoff';
import { parentDeathSignalSupported } from './child-process-group';
import { RecordingRun, type RunResult, type RunWakeups } from './recording-run';
import { formatFailureReason } from './run-failure';
import type { SegmentFollowerStats } from './segment-follower';
import { anchorFromFileTime, type InspectedSegment, inspectSegmentFile, repairSegmentFile, toClosedSegment } from './segment-file';
import type { ClosedSegment, RecorderOptions, RecorderState } from './types';
import { newSessionId, parseSegmentFileName, sourcePrefix } from './work-dir-layout';

export interface SourceRecorderDeps {
  /** ffmpeg and ffprobe; found on first start when not given. */
  tools?: Pick<MediaTools, 'ffmpeg' | 'ffprobe'>;
  /** In [0, 1); for the backoff jitter. */
  random?: () => number;
  /** A run that recorded at least this long resets the backoff; default 30 s. */
  stableRunMs?: number;
  /** SIGTERM → SIGKILL grace when stopping ffmpeg; default 5 s. */
  killGraceMs?: number;
  /** ffmpeg's progress period (the heartbeat); default defaultStatsPeriodS(stallTimeoutSeconds). */
  statsPeriodS?: number;
  /** Wrap ffmpeg in `setpriv --pdeathsig TERM` when available; default true. */
  parentDeathSignal?: boolean;
}

export interface RecorderStats {
  state: RecorderState;
  /** ffmpeg runs started. */
  sessions: number;
  currentSessionId: string | null;
  /** pid of the running ffmpeg (its process group id), or null. */
  pid: number | null;
  segmentsHandedOver: number;
  bytesHandedOver: number;
  /** Segments cut short by a crash and repaired before hand-over. */
  segmentsRepaired: number;
  /** Unusable files deleted instead of handed over (nothing complete in them). */
  segmentsDiscarded: number;
  /** onSegment threw: the file stays in the work folder (recoverWorkDir offers it again). */
  handoverErrors: number;
  lastHandoverError: string | null;
  lastFailure: string | null;
  /** 'drop' once the container refused the source's audio codec. */
  audio: 'copy' | 'drop';
  /** "Non-monotonous DTS" warnings ffmpeg printed (fixed up by ffmpeg; counted, not failures). */
  dtsWarnings: number;
  /** Segments waiting for onSegment. */
  queued: number;
  /** Live view's follower of the current run's segments (null without a live sink or between runs). */
  liveFollower: SegmentFollowerStats | null;
  /** What woke Node for this recorder, over all runs (see RunWakeups). */
  wakeups: RunWakeups;
  /** Node time spent per finished segment, summed: reading it (SHA-256 and box analysis), and in onSegment. */
  handoverMs: { inspect: number; deliver: number };
}

interface SessionContext {
  sessionId: string;
  run: RecordingRun;
  segments: number;
}

const DEFAULT_STABLE_RUN_MS = 30_000;
const DEFAULT_KILL_GRACE_MS = 5_000;
/** How long the first segment of a run may wait for the wall-clock anchor to settle (see WallClockAnchor). */
const ANCHOR_SETTLE_TIMEOUT_MS = 10_000;

/**
 * ffmpeg's progress period: a quarter of the stall timeout (four heartbeats per stall window), within [0.25 s, 2 s].
 * Each heartbeat wakes this process (≈ 0.5 ms of CPU on the dev VM, more than the heartbeat's own work), so a stall
 * timeout of 8 s or more (the server's default is 10) beats every 2 s; the wall-clock anchor then settles on 2-3
 * samples before the first segment is handed over instead of 4-6.
 */
export function defaultStatsPeriodS(stallTimeoutSeconds: number): number {
  return Math.min(2, Math.max(0.25, stallTimeoutSeconds / 4));
}

export class SourceRecorder {
  private state: RecorderState = { status: 'idle' };
  private loop: Promise<void> | null = null;
  private closing: Promise<void> | null = null;
  private closed = false;
  private current: SessionContext | null = null;
  private wake: (() => void) | null = null;
  private handover: Promise<void> = Promise.resolve();
  private queued = 0;
  private audio: 'copy' | 'drop' = 'copy';
  private readonly counters = {
    sessions: 0,
    segmentsHandedOver: 0,
    bytesHandedOver: 0,
    segmentsRepaired: 0,
    segmentsDiscarded: 0,
    handoverErrors: 0,
    dtsWarnings: 0,
  };
  private lastHandoverError: string | null = null;
  private pastWakeups: RunWakeups = { progress: 0, stderr: 0, list: 0, ticks: 0 };
  private readonly handoverMs = { inspect: 0, deliver: 0 };
  private lastFailure: string | null = null;

  constructor(
    private readonly opts: RecorderOptions,
    private readonly deps: SourceRecorderDeps = {},
  ) {
    if (!(opts.segmentSeconds > 0)) throw new RangeError('segmentSeconds must be > 0');
    if (!(opts.stallTimeoutSeconds > 0)) throw new RangeError('stallTimeoutSeconds must be > 0');
  }

  get currentState(): RecorderState {
    return this.state;
  }

  stats(): RecorderStats {
    return {
      state: this.state,
      ...this.counters,
      currentSessionId: this.current?.sessionId ?? null,
      pid: this.current?.run.pid ?? null,
      lastHandoverError: this.lastHandoverError,
      lastFailure: this.lastFailure,
      audio: this.audio,
      queued: this.queued,
      liveFollower: this.current?.run.follower?.stats ?? null,
      wakeups: sumWakeups(this.pastWakeups, this.current?.run.wakeups),
      handoverMs: { ...this.handoverMs },
    };
  }

  /** Starts recording (idempotent; a no-op after close()). */
  start(): void {
    if (this.loop !== null || this.closed) return;
    this.loop = this.supervise().catch((err: unknown) => {
      this.lastFailure = `error: ${(err as Error).message}`;
      this.setState({ status: 'failing', reason: this.lastFailure, attempt: 0, retryInMs: 0 });
    });
  }

  /** Idempotent: stops ffmpeg (finalising the segment in progress), hands everything over, then 'stopped'. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.closed = true;
      this.current?.run.stop();
      this.wake?.();
      await this.loop;
      await this.handover;
      this.setState({ status: 'stopped' });
    })();
    return this.closing;
  }

  /** Test hook: kills the running ffmpeg with SIGKILL (a crash); the recorder repairs and restarts. */
  crashCurrentRunForTest(): void {
    this.current?.run.killHard();
  }

  private setState(state: RecorderState): void {
    if (this.closed && state.status !== 'stopped' && this.state.status === 'stopped') return;
    this.state = state;
    try {
      this.opts.onState?.(state);
    } catch (err) {
      this.lastFailure = `onState threw: ${(err as Error).message}`;
    }
  }

  private async supervise(): Promise<void> {
    const tools = this.deps.tools ?? (await findMediaTools());
    const pdeath = this.deps.parentDeathSignal !== false && (await parentDeathSignalSupported());
    await mkdir(this.opts.workDir, { recursive: true });
    const policy = this.opts.backoff;
    let failures = 0;
    while (!this.closed) {
      this.setState({ status: 'connecting', attempt: failures + 1 });
      const resolved = resolveMediaTarget(this.opts.input.url, this.opts.input.username, this.opts.input.password);
      let result: RunResult | null = null;
      let reason: string;
      if (!resolved.ok) {
        reason = `error: ${resolved.message}`;
      } else {
        result = await this.runSession(tools, resolved.target, pdeath);
        if (this.closed) break;
        if (result.recordedMs >= (this.deps.stableRunMs ?? DEFAULT_STABLE_RUN_MS)) failures = 0;
        if (result.endedCleanly && resolved.target.kind === 'file' && !this.opts.loopFiles) {
          // A file that is not looped is recorded once.
          this.closed = true;
          break;
        }
        if (result.rejectedAudio !== null) this.audio = 'drop';
        reason = formatFailureReason(result.failure);
      }
      failures += 1;
      this.lastFailure = reason;
      // After dropping an unsupported audio stream, retry at once (with the minimum delay): nothing is wrong.
      const delay = result !== null && result.rejectedAudio !== null ? backoffDelay(1, policy, () => 0) : backoffDelay(failures, policy, this.deps.random);
      this.setState({ status: 'failing', reason, attempt: failures, retryInMs: delay });
      await this.sleep(delay);
    }
    if (this.closing === null) {
      // Ended by itself (a non-looping file): hand over what is left, then stopped.
      await this.handover;
      this.setState({ status: 'stopped' });
    }
  }

  /** Waits `ms`, or less when close() wakes it. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private async runSession(tools: Pick<MediaTools, 'ffmpeg' | 'ffprobe'>, target: MediaTarget, pdeath: boolean): Promise<RunResult> {
    const sessionId = newSessionId();
    const ctx: SessionContext = { sessionId, segments: 0, run: null as unknown as RecordingRun };
    ctx.run = new RecordingRun({
      tools,
      sourceId: this.opts.sourceId,
      sessionId,
      target,
      workDir: this.opts.workDir,
      segmentSeconds: this.opts.segmentSeconds,
      stallTimeoutMs: this.opts.stallTimeoutSeconds * 1000,
      loopFiles: this.opts.loopFiles,
      audio: this.audio,
      killGraceMs: this.deps.killGraceMs ?? DEFAULT_KILL_GRACE_MS,
      statsPeriodS: this.deps.statsPeriodS ?? defaultStatsPeriodS(this.opts.stallTimeoutSeconds),
      parentDeathSignal: pdeath,
      onRecording: (since) => {
        if (this.current === ctx && !this.closed) this.setState({ status: 'recording', since, segments: ctx.segments });
      },
      onSegmentFile: (file, sequence, listed) => this.enqueue(ctx, tools, file, sequence, listed),
      ...(this.opts.live ? { live: this.opts.live } : {}),
    });
    if (this.current !== null) this.pastWakeups = sumWakeups(this.pastWakeups, this.current.run.wakeups);
    this.current = ctx;
    this.counters.sessions += 1;
    if (this.closed) ctx.run.stop();
    const result = await ctx.run.run();
    this.counters.dtsWarnings += result.dtsWarnings;
    this.enqueueSessionEnd(ctx);
    return result;
  }

  private enqueue(ctx: SessionContext, tools: Pick<MediaTools, 'ffprobe'>, file: string, sequence: number, listed: boolean): void {
    this.queued += 1;
    this.handover = this.handover.then(async () => {
      try {
        await this.handOver(ctx, tools, file, sequence, listed);
      } catch (err) {
        this.counters.handoverErrors += 1;
        this.lastHandoverError = `${path.basename(file)}: ${(err as Error).message}`;
      } finally {
        this.queued -= 1;
      }
    });
  }

  private async handOver(ctx: SessionContext, tools: Pick<MediaTools, 'ffprobe'>, file: string, sequence: number, listed: boolean): Promise<void> {
    const t0 = performance.now();
    const inspected = await this.finishedSegment(tools, file, listed);
    this.handoverMs.inspect += performance.now() - t0;
    if (inspected === null) return;
    const run = ctx.run;
    const offset = run.record.record.streamOffsetS;
    if (!run.anchor.isFrozen) await run.anchorReady(ANCHOR_SETTLE_TIMEOUT_MS);
    let anchorMs = run.anchor.value;
    if (!run.anchor.isFrozen || anchorMs === null) {
      anchorMs = run.anchor.freeze((await anchorFromFileTime(inspected.segment, offset)) ?? Date.now()) ?? Date.now();
      await run.record.update({ anchorMs, anchorFinal: true });
    }
    const identity = { sourceId: this.opts.sourceId, sessionId: ctx.sessionId, sequence, recovered: inspected.recovered };
    const segment = toClosedSegment(inspected.segment, identity, anchorMs, offset);
    if (segment === null) {
      this.counters.segmentsDiscarded += 1;
      await unlink(file);
      return;
    }
    const t1 = performance.now();
    await this.deliver(ctx, segment);
    this.handoverMs.deliver += performance.now() - t1;
  }

  /**
   * A listed segment is checked from its boxes; one that ffmpeg never finished (or, unexpectedly, a listed one
   * that fails the check) goes through repair. Null when nothing usable was left (the file is deleted).
   */
  private async finishedSegment(
    tools: Pick<MediaTools, 'ffprobe'>,
    file: string,
    listed: boolean,
  ): Promise<{ segment: InspectedSegment; recovered: boolean } | null> {
    if (listed) {
      const inspected = await inspectSegmentFile(file);
      if (inspected.analysis.valid) return { segment: inspected, recovered: false };
    }
    const outcome = await repairSegmentFile(file, tools);
    if (outcome.kind === 'discarded') {
      this.counters.segmentsDiscarded += 1;
      this.lastHandoverError = `${path.basename(file)} discarded: ${outcome.reason}`;
      return null;
    }
    this.counters.segmentsRepaired += 1;
    return { segment: outcome.segment, recovered: true };
  }

  private async deliver(ctx: SessionContext, segment: ClosedSegment): Promise<void> {
    await this.opts.onSegment(segment);
    ctx.segments += 1;
    this.counters.segmentsHandedOver += 1;
    this.counters.bytesHandedOver += segment.sizeBytes;
    const state = this.state;
    if (this.current === ctx && state.status === 'recording') this.setState({ ...state, segments: ctx.segments });
  }

  /** After a run's last segment: drop its journal files once none of its segments is left in the work folder. */
  private enqueueSessionEnd(ctx: SessionContext): void {
    this.handover = this.handover.then(async () => {
      const prefix = sourcePrefix(this.opts.sourceId);
      const names = await readdir(this.opts.workDir).catch(() => [] as string[]);
      const left = names.some((name) => {
        const parsed = parseSegmentFileName(name);
        return parsed !== null && parsed.prefix === prefix && parsed.sessionId === ctx.sessionId;
      });
      if (left) return;
      for (const file of [ctx.run.paths.segmentList, ctx.run.paths.sessionRecord]) {
        await unlink(file).catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'ENOENT') this.lastHandoverError = `cleanup: ${err.message}`;
        });
      }
    });
  }
}

function sumWakeups(a: RunWakeups, b: RunWakeups | undefined): RunWakeups {
  if (b === undefined) return { ...a };
  return { progress: a.progress + b.progress, stderr: a.stderr + b.stderr, list: a.list + b.list, ticks: a.ticks + b.ticks };
}
