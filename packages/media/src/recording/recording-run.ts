/**
 * One ffmpeg recording run (a session): spawns ffmpeg in its own process group, follows its progress heartbeat
 * (stall watchdog, wall-clock anchor) and its segment list (closed segments), and reports when it ended and why.
 * It does not hand segments over: it tells its owner through callbacks, in order.
 */
import { type FSWatcher, watch } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { MediaTools } from '../media-tools';
import { redactSecrets } from '../source-url';
import type { MediaTarget } from '../source-url';
import { GroupChild } from './child-process-group';
import { buildRecorderArgs } from './ffmpeg-args';
import type { LiveTapSink } from './live-tap';
import { type ProgressBlock, ProgressParser, progressAdvanced } from './progress-parser';
import { type RunFailure, classifyRunExit, isBenignLine, rejectedAudioCodec } from './run-failure';
import { SegmentFollower } from './segment-follower';
import { SegmentListTail } from './segment-list-tail';
import { everyTick } from './shared-ticker';
import { newSessionRecord, SessionRecordWriter } from './session-record';
import { WallClockAnchor } from './wall-clock-anchor';
import { type ParsedSegmentName, parseSegmentFileName, sessionPaths, type SessionPaths, sourcePrefix } from './work-dir-layout';

const STDERR_TAIL_BYTES = 16 * 1024;
/** The segment list is followed with inotify (fs.watch); this slow poll only backs it up. */
const FALLBACK_LIST_POLL_MS = 5_000;

export interface RecordingRunOptions {
  tools: Pick<MediaTools, 'ffmpeg'>;
  sourceId: string;
  sessionId: string;
  target: MediaTarget;
  workDir: string;
  segmentSeconds: number;
  stallTimeoutMs: number;
  loopFiles: boolean;
  audio: 'copy' | 'drop';
  killGraceMs: number;
  statsPeriodS: number;
  parentDeathSignal: boolean;
  /** First packet seen: the run is recording. */
  onRecording(sinceMs: number): void;
  /** A segment file is finished (listed by ffmpeg) or, after the run ended, left unfinished (listed=false). */
  onSegmentFile(file: string, sequence: number, listed: boolean): void;
  /** Live tap: while the sink wants it, the segment being written is followed for live view (segment-follower.ts). */
  live?: LiveTapSink;
}

/** What woke Node for this run (callbacks), for the recording benchmark's breakdown. */
export interface RunWakeups {
  /** ffmpeg's progress heartbeat (stdout data events). */
  progress: number;
  /** stderr data events (warnings). */
  stderr: number;
  /** inotify events on the segment list. */
  list: number;
  /** Watchdog ticks (shared: one timer for every run, see shared-ticker.ts). */
  ticks: number;
}

export interface RunResult {
  sessionId: string;
  /** How long media flowed (first packet to exit), 0 when none came. */
  recordedMs: number;
  hadPackets: boolean;
  /** ffmpeg exited 0 on its own (end of stream or end of a non-looping file). */
  endedCleanly: boolean;
  /** We stopped it (close()). */
  stoppedByUs: boolean;
  failure: RunFailure;
  /** Set when the MP4 muxer refused the source's audio codec. */
  rejectedAudio: string | null;
  dtsWarnings: number;
}

export class RecordingRun {
  readonly paths: SessionPaths;
  readonly anchor = new WallClockAnchor();
  readonly record: SessionRecordWriter;
  private child: GroupChild | null = null;
  private readonly list: SegmentListTail;
  private readonly listed = new Set<number>();
  private readonly progress = new ProgressParser();
  private lastBlock: ProgressBlock | null = null;
  private lastAdvanceAt = performance.now();
  private firstPacketAt: number | null = null;
  private stalledForMs: number | null = null;
  private stoppedByUs = false;
  private stderrTail = '';
  private dtsWarnings = 0;
  private pendingPoll: Promise<void> = Promise.resolve();
  private pollQueued = false;
  private lastPollAt = 0;
  private watcher: FSWatcher | null = null;
  private readonly startedAt = Date.now();
  private anchorWaiters: (() => void)[] = [];
  private ended = false;
  private readonly prefix: string;
  /** Live view's follower of this run's segments (only with a live sink). */
  follower: SegmentFollower | null = null;
  readonly wakeups: RunWakeups = { progress: 0, stderr: 0, list: 0, ticks: 0 };

  constructor(private readonly opts: RecordingRunOptions) {
    this.paths = sessionPaths(opts.workDir, opts.sourceId, opts.sessionId);
    this.prefix = sourcePrefix(opts.sourceId);
    this.list = new SegmentListTail(this.paths.segmentList);
    this.record = new SessionRecordWriter(this.paths.sessionRecord, newSessionRecord(opts.sourceId, opts.sessionId, this.startedAt));
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** Starts ffmpeg and resolves when the run is over and every finished segment was reported. */
  async run(): Promise<RunResult> {
    const o = this.opts;
    await this.record.update({});
    const args = buildRecorderArgs({
      target: o.target,
      segmentSeconds: o.segmentSeconds,
      ioTimeoutMs: o.stallTimeoutMs,
      loopFiles: o.loopFiles,
      audio: o.audio,
      paths: this.paths,
      statsPeriodS: o.statsPeriodS,
      ...(o.live ? { fragmentMs: o.live.fragmentMs } : {}),
    });
    const child = new GroupChild({ command: o.tools.ffmpeg, args, parentDeathSignal: o.parentDeathSignal });
    this.child = child;
    const live = o.live;
    const unwatchDemand = live ? this.followWhenWanted(live) : null;
    if (child.pid !== undefined) void this.record.update({ pid: child.pid });
    child.child.stdout.setEncoding('utf8');
    child.child.stdout.on('data', (chunk: string) => this.onStdout(chunk));
    child.child.stderr.setEncoding('utf8');
    child.child.stderr.on('data', (chunk: string) => this.onStderr(chunk));
    this.lastAdvanceAt = performance.now();
    const tick = Math.min(1000, Math.max(100, o.stallTimeoutMs / 4));
    const stopWatchdog = everyTick(tick, () => this.watch());
    if (this.stoppedByUs) void child.stop(o.killGraceMs);
    const exit = await child.exited;
    this.ended = true;
    // What ffmpeg wrote last goes to a viewer before the run ends; then no fd or watcher is left.
    if (unwatchDemand) safeCall(unwatchDemand);
    this.follower?.finish();
    this.releaseAnchorWaiters();
    stopWatchdog();
    this.watcher?.close();
    this.watcher = null;
    await this.pendingPoll;
    await this.pollList();
    await this.list.close();
    await this.reportUnlisted();
    await this.record.flush();

    const stderr = redactSecrets(this.stderrTail, o.target.secrets);
    const hadPackets = this.firstPacketAt !== null;
    const liveEnd = this.stoppedByUs ? 'the recorder stopped' : (stderr.trim().split('\n').pop() ?? '').slice(0, 300) || 'the recorder restarts';
    if (live) safeCall(() => live.onRunEnd(liveEnd));
    const failure = classifyRunExit({
      stderr,
      exitCode: exit.exitCode,
      exitSignal: exit.exitSignal,
      spawnError: exit.spawnError,
      stalledForMs: this.stalledForMs,
      elapsedMs: exit.elapsedMs,
      ioTimeoutMs: o.target.kind === 'file' ? null : o.stallTimeoutMs,
      kind: o.target.kind,
      display: o.target.display,
      hasCredentials: o.target.hasCredentials,
      hadPackets,
      audioMapped: o.audio === 'copy',
    });
    return {
      sessionId: o.sessionId,
      recordedMs: this.firstPacketAt === null ? 0 : Math.max(0, performance.now() - this.firstPacketAt),
      hadPackets,
      endedCleanly: exit.exitCode === 0 && this.stalledForMs === null && !this.stoppedByUs,
      stoppedByUs: this.stoppedByUs,
      failure,
      rejectedAudio: rejectedAudioCodec(stderr, o.audio === 'copy'),
      dtsWarnings: this.dtsWarnings,
    };
  }

  /** Announces the run to the live sink and follows its segments while the sink wants them; returns the unsubscribe. */
  private followWhenWanted(live: LiveTapSink): () => void {
    const o = this.opts;
    const follower = new SegmentFollower({ workDir: o.workDir, sourceId: o.sourceId, sessionId: o.sessionId, sink: live });
    this.follower = follower;
    safeCall(() => live.onRunStart());
    let unwatch = (): void => undefined;
    safeCall(() => {
      unwatch = live.watchDemand((wanted) => (wanted ? follower.start() : follower.stop()));
    });
    return unwatch;
  }

  /**
   * Resolves when the wall-clock anchor can be frozen: it settled (media arrived in real time), the run ended, or
   * `timeoutMs` passed since this call (a source that never runs in real time).
   */
  anchorReady(timeoutMs: number): Promise<void> {
    if (this.anchor.isSettled || this.ended) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.anchorWaiters = this.anchorWaiters.filter((w) => w !== done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.anchorWaiters.push(done);
    });
  }

  private releaseAnchorWaiters(): void {
    for (const waiter of [...this.anchorWaiters]) waiter();
  }

  /** Asks ffmpeg to finish (SIGTERM: it closes the current segment properly), SIGKILL after the grace period. */
  stop(): void {
    this.stoppedByUs = true;
    void this.child?.stop(this.opts.killGraceMs);
  }

  /** For tests and operators: SIGKILL the ffmpeg group at once (a crash). */
  killHard(): void {
    this.child?.signal('SIGKILL');
  }

  private onStdout(chunk: string): void {
    this.wakeups.progress += 1;
    const now = Date.now();
    for (const block of this.progress.feed(chunk)) {
      if (progressAdvanced(this.lastBlock, block)) {
        this.lastAdvanceAt = performance.now();
        if (this.firstPacketAt === null) {
          this.firstPacketAt = performance.now();
          this.opts.onRecording(now);
        }
      }
      this.lastBlock = block;
      if (block.outTimeUs !== null && this.firstPacketAt !== null) {
        if (this.anchor.observe(now, block.outTimeUs)) void this.record.update({ anchorMs: this.anchor.value });
        if (this.anchor.isSettled && this.anchorWaiters.length > 0) this.releaseAnchorWaiters();
      }
    }
    this.watchList();
  }

  /** Follows the segment list with inotify once ffmpeg has created it (it does before the first packet). */
  private watchList(): void {
    if (this.watcher !== null || this.child?.running !== true) return;
    try {
      this.watcher = watch(this.paths.segmentList, { persistent: false }, () => {
        this.wakeups.list += 1;
        this.schedulePoll();
      });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.lastPollAt = 0; // fall back to polling
      return;
    }
    this.watcher.on('error', () => {
      this.watcher?.close(); // the fallback poll goes on
    });
    this.schedulePoll(); // whatever was written before the watch began
  }

  private onStderr(chunk: string): void {
    this.wakeups.stderr += 1;
    for (const line of chunk.split('\n')) if (/Non-monoton(?:ou|ic)s DTS/i.test(line)) this.dtsWarnings += 1;
    // Benign warnings can repeat for hours (a camera with bad timestamps): keep them out of the tail.
    const kept = chunk
      .split('\n')
      .filter((line) => !isBenignLine(line))
      .join('\n');
    if (kept.trim() === '') return;
    this.stderrTail = (this.stderrTail + kept).slice(-STDERR_TAIL_BYTES);
  }

  private watch(): void {
    this.wakeups.ticks += 1;
    const silentFor = performance.now() - this.lastAdvanceAt;
    if (this.child?.running === true && this.stalledForMs === null && !this.stoppedByUs && silentFor >= this.opts.stallTimeoutMs) {
      this.stalledForMs = Math.round(silentFor);
      void this.child.stop(this.opts.killGraceMs);
    }
    if (performance.now() - this.lastPollAt >= FALLBACK_LIST_POLL_MS) this.schedulePoll();
  }

  /** One list read at a time; requests that arrive meanwhile are folded into one more read. */
  private schedulePoll(): void {
    if (this.pollQueued) return;
    this.pollQueued = true;
    this.pendingPoll = this.pendingPoll
      .then(() => {
        this.pollQueued = false;
        return this.pollList();
      })
      .catch(() => undefined);
  }

  private async pollList(): Promise<void> {
    this.lastPollAt = performance.now();
    let entries;
    try {
      entries = await this.list.poll();
    } catch {
      return; // the list is read again at the next tick and at exit
    }
    for (const entry of entries) {
      const parsed = parseSegmentFileName(path.basename(entry.name));
      if (!this.isOwn(parsed) || this.listed.has(parsed.sequence)) continue;
      this.listed.add(parsed.sequence);
      this.opts.onSegmentFile(path.join(this.opts.workDir, path.basename(entry.name)), parsed.sequence, true);
    }
  }

  private isOwn(parsed: ParsedSegmentName | null): parsed is ParsedSegmentName {
    return parsed !== null && parsed.prefix === this.prefix && parsed.sessionId === this.opts.sessionId;
  }

  /** After the exit: files of this run that ffmpeg never listed (it was killed while writing them). */
  private async reportUnlisted(): Promise<void> {
    await this.pendingPoll;
    const names = await readdir(this.opts.workDir);
    const unlisted = names
      .map((name) => ({ name, parsed: parseSegmentFileName(name) }))
      .filter((x) => this.isOwn(x.parsed) && !this.listed.has(x.parsed.sequence))
      .sort((a, b) => a.parsed!.sequence - b.parsed!.sequence);
    for (const { name, parsed } of unlisted) this.opts.onSegmentFile(path.join(this.opts.workDir, name), parsed!.sequence, false);
  }
}

/** A live sink must never break a recording run. */
function safeCall(fn: () => void): void {
  try {
    fn();
  } catch {
    /* the live plane's problem; the recording goes on */
  }
}
