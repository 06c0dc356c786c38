import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { parseShowinfoPts, RawFrameSplitter, type Frame, type FrameSourceLike } from '@argus/vision';
import type { CameraStreams, InitSegment, MediaFragment, StreamSubscriber, StreamSubscription } from '../live/camera-streams-port';
import type { CameraFrames, FrameTiming } from './camera-frames';
import { addFragmentMark, type FragmentMark } from './fragment-clock';

/** Height ffmpeg's `scale=W:-2` gives (even, aspect kept); exported for tests. */
export function scaledHeight(width: number, srcWidth: number, srcHeight: number): number {
  return Math.max(2, Math.round((width * srcHeight) / (srcWidth * 2)) * 2);
}

/**
 * A key frame captured at most this long before the subscription still starts the decoder: decoding the rest of its
 * GOP (up to this much of the past, not analysed) is cheaper than waiting a whole GOP for the next key frame.
 */
export const START_SLACK_MS = 500;

/** ffmpeg's select filter keeping frames at least 0.9/fps apart (about `fps` frames a second of a faster stream). */
export function selectEvery(fps: number): string {
  return `select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,${(0.9 / fps).toFixed(3)})'`;
}

/**
 * ffmpeg arguments that decode an fMP4 stream on stdin to rgb24 frames at `fps`, `width`×`height`, on stdout; showinfo
 * prints each output frame's timestamp on stderr (kept on the input's timeline with -copyts).
 */
export function streamDecodeArgs(fps: number, width: number, height: number, keyframesOnly = false): string[] {
  return [
    // Latency, measured with the test camera's stream fed at real time: a tiny probe, one decoder thread and NO
    // `-fflags nobuffer` (with it ffmpeg 5.1 held every frame back ~2 s) give ~0.2-0.3 s from fragment to frame.
    '-hide_banner', '-loglevel', 'info', '-nostats', '-probesize', '32', '-analyzeduration', '0', '-copyts',
    // select (not fps): a frame goes out as soon as it is decoded, at least ~1/fps after the previous one; the fps
    // filter waits for the next frame of the stream before it emits one (~0.3 s more).
    // keyframesOnly: the decoder skips every frame that is not a key frame (-skip_frame nokey): far less CPU per camera.
    '-threads', '1', ...(keyframesOnly ? ['-skip_frame', 'nokey'] : []), '-f', 'mp4', '-i', 'pipe:0', '-an', '-vf', `${selectEvery(fps)},scale=${width}:${height},showinfo`, '-fps_mode', 'passthrough',
    // -threads 1 on the output too: with more, ffmpeg 5.1's rawvideo encoder runs frame threads and holds each frame
    // until the next one is selected (one output frame, ~1/fps: 0.33-0.4 s at 3 fps, measured with showinfo checksums).
    '-pix_fmt', 'rgb24', '-threads', '1', '-flush_packets', '1', '-f', 'rawvideo', 'pipe:1',
  ];
}

/** One output frame's timestamp as showinfo prints it (`n:   3 pts:  92160 pts_time:7.2 …`); null for other lines. */
export function showinfoPtsTime(line: string): number | null {
  return parseShowinfoPts(line)?.ptsTime ?? null;
}

/**
 * Stream time and wall clock of a frame at stream time `t0 + n/fps` (the source passes the showinfo time as t0 and
 * n = 0; n/fps is the estimate when showinfo gave no time): its wall clock is the capture time of the fragment that
 * holds that time (the latest fragment starting at or before it): its arrival, or earlier where the fragments after it
 * show it was older (fragment-clock.ts). Pure.
 */
export function frameTiming(t0: number, n: number, fps: number, marks: readonly FragmentMark[]): FrameTiming {
  const decodeTimeS = t0 + n / fps;
  let wallMs = marks[0]?.receivedAtMs ?? Date.now();
  for (const m of marks) {
    if (m.decodeTimeS <= decodeTimeS + 1e-6) wallMs = m.receivedAtMs;
    else break;
  }
  return { decodeTimeS, wallMs };
}

/**
 * Frames decoded from a camera's shared live upstream (CameraStreams): the analysis is one more subscriber of the same
 * upstream a live viewer or the recorder uses. The init segment and fragments go into an ffmpeg decoder on stdin;
 * rgb24 frames come out of stdout, cut by RawFrameSplitter. A new init segment restarts the decoder; the end of the
 * upstream or a decoder that dies ends the source with an error (the job restarts it). The newest two frames are
 * kept for a slow consumer (older ones dropped, counted); a decoder that cannot keep up makes the hub skip fragments
 * for it alone (its stdin backlog is the subscriber's backlog). close() is idempotent.
 */
export class StreamFrameSource implements FrameSourceLike {
  private sub: StreamSubscription | null = null;
  private proc: ChildProcessByStdio<Writable, Readable, Readable> | null = null;
  private splitter: RawFrameSplitter | null = null;
  private size: { width: number; height: number } | null = null;
  private readonly ready: Frame[] = [];
  private wake: (() => void) | null = null;
  private failure: Error | null = null;
  private closed = false;
  private marks: FragmentMark[] = [];
  private t0: number | null = null;
  private n = 0;
  private origin: number | null = null;
  private rebase = false;
  private lastPts = -1;
  private index = 0;
  private readonly timings = new Map<number, FrameTiming>();
  private stderrTail = '';
  private dropped = 0;
  private generation = 0;
  private init: InitSegment | null = null;
  private rawFrames: Uint8Array[] = [];
  private ptsQueue: number[] = [];
  private firstPts: number | null = null;
  private stderrLine = '';
  private lastDecodeTimeS: number | null = null;
  /** Decoder restarts to catch up with the live edge (the decoder fell behind by more than maxLagS). */
  catchUps = 0;
  /**
   * Frames decoded but not handed on because they were captured before this source subscribed: a new subscriber
   * gets the current GOP (from its key frame, up to a GOP old) so the decoder can start at once, but analysing that
   * past would report everything already in view seconds late. The hub's cached GOP keeps its old arrival times (its
   * key frame does not even start the decoder); a GOP replayed in one burst (read back from the recorder's segment
   * file) arrives after the subscription and is dated by fragment-clock.ts.
   */
  staleSkipped = 0;
  /**
   * Key frames not started at because they were captured more than START_SLACK_MS before this source subscribed (a
   * replayed GOP): the decoder waits for the next key frame rather than working through up to a GOP of the past.
   */
  replaysSkipped = 0;
  private liveFromMs = 0;
  /** The key frame the decoder may start at and the fragments after it, held until the burst they came in is over. */
  private pending: MediaFragment[] = [];
  private pendingCheck: NodeJS.Immediate | null = null;

  private watchdog: NodeJS.Timeout | null = null;
  private lastFrameAtMs = Date.now();
  private framesSeen = 0;

  constructor(
    private readonly ffmpegPath: string,
    private readonly fps: number,
    private readonly width: number,
    /** No first frame within startTimeoutMs, or none for stallTimeoutMs later, fails the source (the job restarts it). */
    private readonly timeouts: { startTimeoutMs: number; stallTimeoutMs: number } = { startTimeoutMs: 20_000, stallTimeoutMs: 15_000 },
    /** Stream seconds the decoder may fall behind the newest fragment before it is restarted at the next key frame. */
    private readonly maxLagS = 1.5,
    /** Which of the camera's streams to decode (the sub-stream where the camera has one: cheaper to decode). */
    private readonly stream: 'main' | 'sub' = 'main',
    private readonly keyframesOnly = false,
  ) {}

  async attach(streams: CameraStreams, cameraId: string): Promise<void> {
    // backlogBytes: the hub (packages/media StreamHub) skips fragments for this subscriber alone when the decoder lags.
    const subscriber: StreamSubscriber & { backlogBytes(): number } = {
      onInit: (init) => this.onInit(init),
      onFragment: (f) => this.onFragment(f),
      onEnd: (reason) => this.fail(new Error(`the live stream ended: ${reason}`)),
      backlogBytes: () => this.proc?.stdin.writableLength ?? 0,
    };
    this.liveFromMs = Date.now();
    this.sub = await streams.subscribe(cameraId, this.stream, subscriber);
    if (this.closed) return this.sub.close();
    this.lastFrameAtMs = Date.now();
    this.watchdog = setInterval(() => {
      const quiet = Date.now() - this.lastFrameAtMs;
      if (this.framesSeen === 0 && quiet > this.timeouts.startTimeoutMs) this.fail(new Error(`no picture from the camera's live stream within ${Math.round(quiet / 1000)} s`));
      else if (this.framesSeen > 0 && quiet > this.timeouts.stallTimeoutMs) this.fail(new Error(`the camera's live stream stalled (no picture for ${Math.round(quiet / 1000)} s)`));
    }, 1000);
    this.watchdog.unref();
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  /** Stream time and wall clock of a frame this source produced (the last 64). */
  timing(index: number): FrameTiming | undefined {
    return this.timings.get(index);
  }

  stats(): { framesDropped: number; queueDepth: number } {
    return { framesDropped: this.dropped + (this.sub?.dropped ?? 0), queueDepth: this.ready.length };
  }

  /** Seconds of stream the decoder is behind the newest fragment (0 when it keeps up). */
  get lagS(): number {
    const newest = this.marks.at(-1)?.decodeTimeS;
    return newest !== undefined && this.lastDecodeTimeS !== null ? Math.max(0, newest - this.lastDecodeTimeS) : 0;
  }

  private onInit(init: InitSegment): void {
    if (this.closed) return;
    this.init = init;
    this.rebase = true; // a new init may start a new timeline
    this.startDecoder(init);
  }

  private startDecoder(init: InitSegment): void {
    this.stopDecoder();
    if (!init.width || !init.height) return this.fail(new Error('the live stream does not say its picture size'));
    const height = scaledHeight(this.width, init.width, init.height);
    this.size = { width: this.width, height };
    this.splitter = new RawFrameSplitter(this.width * height * 3);
    this.t0 = null;
    this.n = 0;
    this.marks = [];
    this.pending = [];
    this.rawFrames = [];
    this.ptsQueue = [];
    this.firstPts = null;
    this.stderrLine = '';
    this.lastDecodeTimeS = null;
    const gen = ++this.generation;
    const proc = spawn(this.ffmpegPath, streamDecodeArgs(this.fps, this.width, height, this.keyframesOnly), { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc = proc;
    proc.stdin.on('error', () => undefined);
    proc.stderr.on('data', (d: Buffer) => {
      if (gen !== this.generation) return;
      const lines = (this.stderrLine + d.toString()).split('\n');
      this.stderrLine = lines.pop() ?? '';
      for (const line of lines) {
        const pts = showinfoPtsTime(line);
        if (pts !== null) this.ptsQueue.push(pts);
        else if (!line.includes('Parsed_showinfo')) this.stderrTail = `${this.stderrTail}${line}\n`.slice(-600);
      }
      this.join();
    });
    proc.stdout.on('data', (chunk: Buffer) => {
      if (gen !== this.generation) return;
      for (const data of this.splitter?.push(chunk) ?? []) this.rawFrames.push(data);
      this.join();
    });
    proc.on('error', (err) => gen === this.generation && this.fail(err));
    proc.on('exit', (code, signal) => {
      if (gen !== this.generation || this.closed) return;
      this.fail(new Error(`the stream decoder exited (${signal ?? code})${this.stderrTail ? `: ${this.stderrTail.trim().split('\n').pop()}` : ''}`));
    });
    proc.stdin.write(init.data);
  }

  private onFragment(f: MediaFragment): void {
    if (this.closed) return;
    // Behind the live edge (a loaded machine): restart the decoder at this key frame instead of decoding the backlog.
    if (f.keyframe && this.init && this.lastDecodeTimeS !== null && f.decodeTimeS - this.lastDecodeTimeS > this.maxLagS) {
      this.catchUps++;
      this.startDecoder(this.init);
    }
    const proc = this.proc;
    if (!proc) return;
    if (this.t0 === null) return this.holdForStart(f);
    // Marks tighten each other (fragment-clock.ts): a replayed GOP, delivered at once, gets its real age back.
    addFragmentMark(this.marks, { decodeTimeS: f.decodeTimeS, receivedAtMs: f.receivedAtMs });
    proc.stdin.write(f.data);
  }

  /**
   * A decoder starts at a key frame, and at one captured live: a GOP replayed to a new subscriber (the hub's cached
   * one, or the recorder's segment file read back from its last key frame, which arrives all at once after the
   * subscription) would only make the decoder work through the past, at start-up, when every job's decoder starts
   * on a busy machine, before its first live frame comes out (measured: first frames 0.5-1.4 s old). The key frame
   * and what follows it are held until the current burst is over (setImmediate), then dated (fragment-clock.ts).
   */
  private holdForStart(f: MediaFragment): void {
    if (f.keyframe) this.pending = [f];
    else if (this.pending.length > 0) this.pending.push(f);
    else return;
    this.pendingCheck ??= setImmediate(() => {
      this.pendingCheck = null;
      this.startAtKeyframe();
    });
  }

  private startAtKeyframe(): void {
    const proc = this.proc;
    const pending = this.pending;
    this.pending = [];
    if (this.closed || !proc || this.t0 !== null || pending.length === 0) return;
    const marks: FragmentMark[] = [];
    for (const f of pending) addFragmentMark(marks, { decodeTimeS: f.decodeTimeS, receivedAtMs: f.receivedAtMs });
    if (marks[0]!.receivedAtMs < this.liveFromMs - START_SLACK_MS) {
      this.replaysSkipped++;
      return;
    }
    this.t0 = pending[0]!.decodeTimeS;
    this.marks = marks;
    for (const f of pending) proc.stdin.write(f.data);
  }

  /** Pairs decoded pixels with their showinfo timestamps, in order. */
  private join(): void {
    while (this.rawFrames.length > 0 && this.ptsQueue.length > 0) this.emit(this.rawFrames.shift()!, this.ptsQueue.shift()!);
  }

  private emit(data: Uint8Array, ptsTime: number): void {
    if (!this.size) return;
    const t0 = this.t0 ?? 0;
    // stream time of the frame: its offset from the decoder's first frame, on the fragments' timeline
    if (this.firstPts === null && Number.isFinite(ptsTime)) this.firstPts = ptsTime;
    const offsetS = this.firstPts !== null && Number.isFinite(ptsTime) ? ptsTime - this.firstPts : this.n / this.fps;
    const t = frameTiming(t0 + offsetS, 0, this.fps, this.marks);
    this.lastDecodeTimeS = t.decodeTimeS;
    this.lastFrameAtMs = Date.now();
    if (t.wallMs < this.liveFromMs) {
      this.staleSkipped++;
      return;
    }
    // the source's own timeline (what the rules count dwell time on): stream time, kept monotonic across a new init
    if (this.origin === null || this.rebase) this.origin = t.decodeTimeS - (this.lastPts < 0 ? 0 : this.lastPts + 1 / this.fps);
    this.rebase = false;
    const ptsS = Math.max(this.lastPts + 1e-3, t.decodeTimeS - this.origin);
    this.n++;
    this.lastPts = ptsS;
    const index = this.index++;
    this.framesSeen++;
    this.timings.set(index, t);
    if (this.timings.size > 64) this.timings.delete(index - 64);
    this.ready.push({ width: this.size.width, height: this.size.height, format: 'rgb24', data, ptsS, index });
    if (this.ready.length > 2) {
      this.ready.shift();
      this.dropped++;
    }
    this.wake?.();
  }

  private fail(err: Error): void {
    if (this.failure || this.closed) return;
    this.failure = err;
    this.stopTimers();
    this.stopDecoder();
    this.wake?.();
  }

  private stopTimers(): void {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
  }

  private stopDecoder(): void {
    this.generation++;
    if (this.pendingCheck) clearImmediate(this.pendingCheck);
    this.pendingCheck = null;
    this.pending = [];
    const p = this.proc;
    this.proc = null;
    if (p && p.exitCode === null && p.signalCode === null) {
      p.stdin.destroy();
      p.kill('SIGKILL');
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Frame> {
    for (;;) {
      const next = this.ready.shift();
      if (next) {
        yield next;
        continue;
      }
      if (this.closed) return;
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = null;
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopTimers();
    this.sub?.close();
    this.stopDecoder();
    this.ready.length = 0;
    this.wake?.();
  }
}

/**
 * Live jobs' frames from the shared upstream (frameSource 'stream'); `ffmpegPath` is read when a job opens.
 * Offline runs keep `directFrames` (a file, read as fast as the detector goes).
 */
export function streamFrames(streams: CameraStreams, ffmpegPath: () => string): CameraFrames {
  return {
    async open(input, opts) {
      if (!opts.cameraId) throw new Error('stream frames need the camera id');
      const source = new StreamFrameSource(ffmpegPath(), opts.fps, opts.width, undefined, undefined, input.hasSubStream ? 'sub' : 'main', opts.keyframesOnly === true);
      try {
        await source.attach(streams, opts.cameraId);
      } catch (err) {
        source.close();
        throw err;
      }
      return { kind: 'stream', source, timing: (index) => source.timing(index) };
    },
  };
}
