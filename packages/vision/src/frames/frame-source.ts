/**
 * A frame source: ffmpeg decodes a file or a stream URL to raw frames at a low rate (or key frames only), which come
 * out as `Frame` objects through an async iterator. Frames wait in a bounded buffer: for live inputs (and files in
 * real-time pacing) the newest frame wins and drops are counted; files decoded as fast as possible use backpressure
 * instead (ffmpeg is paused while the consumer is busy), so no frame is lost in an evaluation.
 *
 * Errors are `FrameSourceError` with a stable code: a file that is not a video, a missing file, an unreachable or
 * stalled stream, a live stream that ends. `close()` is idempotent, kills ffmpeg and resolves once it has exited.
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { findMediaTools } from '@argus/media';
import type { Frame } from '../types';
import { classifyFfmpegError, type FrameSourceErrorCode, lastLogLines, parseInputFps, parseOutputSize, parseShowinfoPts } from './ffmpeg-log';
import { FrameRing } from './frame-ring';
import { type FrameSourceSpec, frameSourceArgs, isNetworkInput } from './frame-source-args';
import { RateMeter } from './rate-meter';
import { RawFrameSplitter } from './raw-frame-splitter';

export class FrameSourceError extends Error {
  constructor(
    readonly code: FrameSourceErrorCode,
    message: string,
    readonly input: string,
  ) {
    super(message);
    this.name = 'FrameSourceError';
  }
}

export interface FrameSourceOptions extends FrameSourceSpec {
  /** ffmpeg binary; default found by @argus/media's findMediaTools(). */
  ffmpegPath?: string;
  /** Frames held for a slow consumer. Default 4. */
  bufferFrames?: number;
  /** Default: 'backpressure' for files decoded at full speed, 'drop-oldest' otherwise. */
  overflow?: 'drop-oldest' | 'backpressure';
  /** The first frame must arrive within this. Default 20 000 ms. */
  startTimeoutMs?: number;
  /** Later frames must keep arriving within this (not counted while the consumer holds ffmpeg back). Default 10 000 ms. */
  stallTimeoutMs?: number;
  /** Treat the end of the input as an error (a live stream that stops). Default: true for network inputs. */
  endIsError?: boolean;
}

export interface FrameSourceStats {
  /** Frames ffmpeg delivered. */
  framesIn: number;
  /** Frames the consumer took. */
  framesOut: number;
  /** Frames evicted from the buffer because the consumer was too slow. */
  framesDropped: number;
  queueDepth: number;
  /** Rates over the last 5 s. */
  fpsIn: number;
  fpsOut: number;
  /** The input's native frame rate, when ffmpeg reported it. */
  sourceFps: number | null;
  width: number | null;
  height: number | null;
  running: boolean;
}

type Child = ChildProcessByStdio<null, Readable, Readable>;
type Waiter = { resolve: (r: IteratorResult<Frame>) => void; reject: (e: unknown) => void };

const STDERR_TAIL = 32 * 1024;

export class FfmpegFrameSource implements AsyncIterable<Frame> {
  private readonly child: Child;
  private readonly format: 'bgr24' | 'gray8';
  private readonly bytesPerPixel: number;
  private readonly backpressure: boolean;
  private readonly capacity: number;
  private readonly ring: FrameRing<Frame>;
  private readonly fifo: Frame[] = [];
  private splitter: RawFrameSplitter | null = null;
  private preChunks: Buffer[] = [];
  private readonly rawFrames: Uint8Array[] = [];
  private readonly ptsQueue: number[] = [];
  private stderrLine = '';
  private stderrTail = '';
  private size: { width: number; height: number } | null = null;
  private sourceFps: number | null = null;
  private firstPts: number | null = null;
  private lastPtsS = 0;
  private framesIn = 0;
  private framesOut = 0;
  private readonly inRate = new RateMeter();
  private readonly outRate = new RateMeter();
  private waiter: Waiter | null = null;
  private failure: FrameSourceError | null = null;
  private ended = false;
  private exited = false;
  private paused = false;
  private closing: Promise<void> | null = null;
  private readonly exitPromise: Promise<void>;
  private stallTimer: NodeJS.Timeout | null = null;

  private constructor(
    ffmpeg: string,
    private readonly opts: FrameSourceOptions,
  ) {
    this.format = opts.format ?? 'bgr24';
    this.bytesPerPixel = this.format === 'gray8' ? 1 : 3;
    const network = isNetworkInput(opts.input);
    this.backpressure = (opts.overflow ?? (!network && (opts.pacing ?? 'fast') === 'fast' ? 'backpressure' : 'drop-oldest')) === 'backpressure';
    this.capacity = Math.max(1, opts.bufferFrames ?? 4);
    this.ring = new FrameRing<Frame>(this.capacity);
    this.child = spawn(ffmpeg, frameSourceArgs(opts), { stdio: ['ignore', 'pipe', 'pipe'] });
    let markExited: () => void = () => undefined;
    this.exitPromise = new Promise((resolve) => {
      markExited = resolve;
      this.child.once('close', () => resolve());
    });
    this.child.on('error', (err) => {
      // Only spawn failures reach here (we kill with an exit check first).
      if (this.child.pid !== undefined) return;
      this.fail('FFMPEG_MISSING', `could not start ffmpeg (${ffmpeg}): ${err.message}`);
      this.exited = true;
      this.ended = true;
      this.clearStall();
      markExited();
      this.settle();
    });
    this.child.stdout.on('data', (chunk: Buffer) => this.onStdout(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => this.onStderr(chunk));
    this.child.once('close', (code, signal) => this.onExit(code, signal));
    this.armStall(opts.startTimeoutMs ?? 20_000, 'no frame arrived');
  }

  /** Starts ffmpeg on the input. Errors of the input itself surface on the first `next()`. */
  static async open(opts: FrameSourceOptions): Promise<FfmpegFrameSource> {
    const ffmpeg = opts.ffmpegPath ?? (await findMediaTools()).ffmpeg;
    return new FfmpegFrameSource(ffmpeg, opts);
  }

  [Symbol.asyncIterator](): AsyncIterator<Frame> {
    return {
      next: () => this.next(),
      return: async () => {
        await this.close();
        return { done: true, value: undefined };
      },
    };
  }

  /** The next frame; `done` at the end of a file or after close(); rejects with FrameSourceError on failure. */
  next(): Promise<IteratorResult<Frame>> {
    const f = this.take();
    if (f !== undefined) return Promise.resolve({ done: false, value: f });
    if (this.closing !== null) return Promise.resolve({ done: true, value: undefined });
    if (this.failure !== null) return Promise.reject(this.failure);
    if (this.ended) return Promise.resolve({ done: true, value: undefined });
    if (this.waiter !== null) return Promise.reject(new Error('FfmpegFrameSource: only one next() may be pending'));
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  /** The ffmpeg process id (undefined if it could not be started). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  stats(): FrameSourceStats {
    const now = performance.now();
    return {
      framesIn: this.framesIn,
      framesOut: this.framesOut,
      framesDropped: this.ring.dropped,
      queueDepth: this.backpressure ? this.fifo.length : this.ring.size,
      fpsIn: this.inRate.rate(now),
      fpsOut: this.outRate.rate(now),
      sourceFps: this.sourceFps,
      width: this.size?.width ?? null,
      height: this.size?.height ?? null,
      running: !this.exited,
    };
  }

  /** Idempotent: stops ffmpeg (SIGKILL; it writes nothing that needs finishing) and resolves once it has exited. */
  close(): Promise<void> {
    if (this.closing === null) {
      this.clearStall();
      if (!this.exited && this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
      this.child.stdout.resume(); // let pipes drain so 'close' fires
      this.ring.clear();
      this.fifo.length = 0;
      const w = this.waiter;
      this.waiter = null;
      w?.resolve({ done: true, value: undefined });
      this.closing = this.exitPromise;
    }
    return this.closing;
  }

  private take(): Frame | undefined {
    const f = this.backpressure ? this.fifo.shift() : this.ring.shift();
    if (f === undefined) return undefined;
    this.framesOut += 1;
    this.outRate.mark(performance.now());
    if (this.paused && this.fifo.length < this.capacity && !this.exited) {
      this.paused = false;
      this.child.stdout.resume();
      this.armStall(this.opts.stallTimeoutMs ?? 10_000, 'the stream stalled');
    }
    return f;
  }

  private onStdout(chunk: Buffer): void {
    if (this.closing !== null) return;
    if (this.splitter === null) {
      this.preChunks.push(chunk);
      return;
    }
    for (const raw of this.splitter.push(chunk)) this.rawFrames.push(raw);
    this.pairFrames(false);
  }

  private onStderr(chunk: Buffer): void {
    const text = this.stderrLine + chunk.toString('utf8');
    const lines = text.split(/\r?\n|\r/);
    this.stderrLine = lines.pop() ?? '';
    for (const line of lines) this.onLogLine(line);
  }

  private onLogLine(line: string): void {
    const pts = parseShowinfoPts(line);
    if (pts !== null) {
      this.ptsQueue.push(pts.ptsTime);
      this.pairFrames(false);
      return;
    }
    if (line.includes('[Parsed_showinfo')) return;
    this.stderrTail = (this.stderrTail + line + '\n').slice(-STDERR_TAIL);
    if (this.sourceFps === null) this.sourceFps = parseInputFps(line);
    if (this.size === null && line.includes('rawvideo')) {
      const size = parseOutputSize(line);
      if (size !== null) {
        this.size = size;
        this.splitter = new RawFrameSplitter(size.width * size.height * this.bytesPerPixel);
        const pre = this.preChunks;
        this.preChunks = [];
        for (const c of pre) this.onStdout(c);
      }
    }
  }

  /** Joins decoded pixels with their showinfo timestamps (or estimates them at the end of the stream). */
  private pairFrames(flush: boolean): void {
    while (this.rawFrames.length > 0 && (this.ptsQueue.length > 0 || flush)) {
      const data = this.rawFrames.shift()!;
      const ptsTime = this.ptsQueue.shift();
      this.emit(data, ptsTime);
    }
  }

  private emit(data: Uint8Array, ptsTime: number | undefined): void {
    const size = this.size!;
    let ptsS: number;
    if (ptsTime !== undefined && Number.isFinite(ptsTime)) {
      this.firstPts ??= ptsTime;
      ptsS = (this.opts.startS ?? 0) + (ptsTime - this.firstPts);
    } else {
      const fps = typeof this.opts.fps === 'number' ? this.opts.fps : (this.sourceFps ?? 5);
      ptsS = this.framesIn === 0 ? (this.opts.startS ?? 0) : this.lastPtsS + 1 / fps;
    }
    this.lastPtsS = ptsS;
    const index = this.sourceFps !== null ? Math.round(ptsS * this.sourceFps) : this.framesIn;
    const frame: Frame = { width: size.width, height: size.height, format: this.format, data, ptsS, index };
    this.framesIn += 1;
    this.inRate.mark(performance.now());
    this.armStall(this.opts.stallTimeoutMs ?? 10_000, 'the stream stalled');
    const w = this.waiter;
    if (w !== null) {
      this.waiter = null;
      this.framesOut += 1;
      this.outRate.mark(performance.now());
      w.resolve({ done: false, value: frame });
      return;
    }
    if (this.backpressure) {
      this.fifo.push(frame);
      if (this.fifo.length >= this.capacity && !this.paused) {
        this.paused = true;
        this.child.stdout.pause();
        this.clearStall(); // a busy consumer is not a stalled stream
      }
    } else {
      this.ring.push(frame);
    }
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.exited = true;
    this.clearStall();
    if (this.closing !== null) return;
    if (this.stderrLine !== '') this.onLogLine(this.stderrLine);
    this.stderrLine = '';
    this.pairFrames(true);
    if (this.failure !== null) return this.settle();
    const input = this.opts.input;
    const why = lastLogLines(this.stderrTail);
    const network = isNetworkInput(input);
    if (code === 0) {
      if (this.framesIn === 0) {
        this.fail('NOT_A_VIDEO', `${input}: no video frame could be decoded${why !== '' ? ` (ffmpeg: ${why})` : ''}`);
      } else if (this.opts.endIsError ?? network) {
        this.fail('STREAM_ENDED', `${input}: the stream ended after ${this.framesIn} frames`);
      }
    } else {
      // A live input that delivered frames was reachable: whatever ffmpeg says now, the stream stopped mid-way.
      const codeOut: FrameSourceErrorCode =
        this.framesIn > 0 && network ? 'STREAM_ENDED' : (classifyFfmpegError(this.stderrTail) ?? 'DECODE_FAILED');
      const exit = code !== null ? `exit ${code}` : `signal ${String(signal)}`;
      const what =
        codeOut === 'NOT_A_VIDEO'
          ? 'is not a video'
          : codeOut === 'SOURCE_NOT_FOUND'
            ? 'was not found'
            : codeOut === 'SOURCE_UNREACHABLE'
              ? 'could not be reached'
              : codeOut === 'STREAM_ENDED'
                ? `stopped after ${this.framesIn} frames`
                : 'could not be decoded';
      this.fail(codeOut, `${input} ${what} (ffmpeg ${exit}: ${why})`);
    }
    this.ended = true;
    this.settle();
  }

  private fail(code: FrameSourceErrorCode, message: string): void {
    if (this.failure !== null || this.closing !== null) return;
    this.failure = new FrameSourceError(code, message, this.opts.input);
    if (!this.exited && this.child.pid !== undefined) this.child.kill('SIGKILL');
    this.settle();
  }

  /** Wakes a pending consumer with the end or the failure once no frame is left. */
  private settle(): void {
    const w = this.waiter;
    if (w === null) return;
    if (this.failure !== null) {
      this.waiter = null;
      w.reject(this.failure);
    } else if (this.exited) {
      this.waiter = null;
      w.resolve({ done: true, value: undefined });
    }
  }

  private armStall(ms: number, what: string): void {
    this.clearStall();
    if (this.exited || this.closing !== null || !(ms > 0)) return;
    this.stallTimer = setTimeout(() => {
      this.stallTimer = null;
      this.fail('STREAM_STALLED', `${this.opts.input}: ${what} within ${ms} ms`);
    }, ms);
  }

  private clearStall(): void {
    if (this.stallTimer !== null) clearTimeout(this.stallTimer);
    this.stallTimer = null;
  }
}

/** Opens a frame source (see FfmpegFrameSource). */
export function openFrameSource(opts: FrameSourceOptions): Promise<FfmpegFrameSource> {
  return FfmpegFrameSource.open(opts);
}
