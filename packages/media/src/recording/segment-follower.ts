/**
 * Live view from the segment being written: while (and only while) the live plane wants a camera's stream, follow
 * the fragmented-MP4 segment file the recorder's ffmpeg is writing in its work folder, split what is appended
 * (Fmp4Splitter) and hand init segments and fragments to the sink; continue into the next segment file when ffmpeg
 * opens it. Nobody watching: no open file, no watcher, no timer — a recorded camera costs Node nothing for live.
 *
 * - Woken by inotify (fs.watch on the work folder: ffmpeg's writes to the segment, the creation of the next one);
 *   events that arrive together are folded into one read (setImmediate). A fragment is complete when ffmpeg's last
 *   write of it lands (flush_packets=1), so latency is that of the write, not of a poll. Where inotify is not
 *   available (fs.watch throws) it polls every fragmentMs instead, still only while following.
 * - Starts at the last key-frame fragment of the current segment (segment-follow.ts catchUp), then follows live.
 * - Reads are synchronous (fstat + pread of bytes just written, in the page cache: microseconds, where libuv's
 *   thread pool would cost two loop turns per read). The open fd keeps a segment readable after the recorder
 *   handed it to the blob store and deleted it from the work folder.
 * - Never throws into its caller and never blocks ffmpeg (it only reads files): a truncated last fragment (a run
 *   killed mid-write) is dropped; bytes the splitter refuses stop this file (counted) and following resumes with the
 *   next segment; a throwing sink is counted.
 */
import { closeSync, type FSWatcher, fstatSync, openSync, readdirSync, readSync, watch } from 'node:fs';
import path from 'node:path';
import { Fmp4Splitter, type SplitOutput } from '../live/fmp4-splitter';
import type { SplitInit } from '../live/fmp4-splitter';
import type { LiveTapSink } from './live-tap';
import { catchUp, initChanged, newestRunSegment, rolloverTarget, type RunFiles, runSegmentSequence } from './segment-follow';
import { segmentFileName, sourcePrefix } from './work-dir-layout';

/** Most bytes read into memory at once (a 4K key frame fragment is a few MB). */
const READ_CHUNK_BYTES = 8 * 1024 * 1024;

export interface SegmentFollowerOptions {
  workDir: string;
  sourceId: string;
  sessionId: string;
  sink: Pick<LiveTapSink, 'onInit' | 'onFragment' | 'fragmentMs'>;
  /** Tests: force the polling fallback. */
  poll?: boolean;
}

export interface SegmentFollowerStats {
  following: boolean;
  /** Times following started (a listener came). */
  starts: number;
  /** Wake-ups: inotify callbacks (or polls) while following. */
  wakeups: number;
  /** Read passes (wake-ups folded together). */
  reads: number;
  bytes: number;
  fragments: number;
  inits: number;
  /** Segment files opened. */
  files: number;
  /** Segments skipped because they were gone before the follower reached them. */
  skipped: number;
  errors: number;
  lastError: string | null;
}

interface OpenFile {
  seq: number;
  fd: number;
  offset: number;
  splitter: Fmp4Splitter;
  /** The splitter refused its bytes: nothing more is read from this file. */
  broken: boolean;
}

export class SegmentFollower {
  private readonly run: RunFiles;
  private readonly counters: Omit<SegmentFollowerStats, 'following'> = {
    starts: 0, wakeups: 0, reads: 0, bytes: 0, fragments: 0, inits: 0, files: 0, skipped: 0, errors: 0, lastError: null,
  };
  private following = false;
  private finished = false;
  private watcher: FSWatcher | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private pumpQueued = false;
  private file: OpenFile | null = null;
  private newest: number | null = null;
  private readonly missing = new Set<number>();
  /** The init the sink got last in this following (see initChanged). */
  private sentInit: SplitInit | null = null;
  /** The next read is the first of the following: only the last GOP goes on (catchUp). */
  private catchingUp = false;

  constructor(private readonly opts: SegmentFollowerOptions) {
    this.run = { prefix: sourcePrefix(opts.sourceId), sessionId: opts.sessionId };
  }

  get stats(): SegmentFollowerStats {
    return { following: this.following, ...this.counters };
  }

  /** Whether an fd or a watcher is held (tests: none while nobody follows). */
  get holdsResources(): boolean {
    return this.file !== null || this.watcher !== null || this.pollTimer !== null;
  }

  /** Starts following (idempotent; a no-op after finish()). */
  start(): void {
    if (this.following || this.finished) return;
    this.following = true;
    this.counters.starts += 1;
    this.sentInit = null;
    this.catchingUp = true;
    this.newest = null;
    this.missing.clear();
    // Watch first, then list: a segment created in between is seen by one or the other.
    if (this.opts.poll !== true) {
      try {
        this.watcher = watch(this.opts.workDir, { persistent: false }, (_event, name) => this.onEvent(name));
        this.watcher.on('error', (err) => this.fallBackToPolling(err));
      } catch (err) {
        this.fallBackToPolling(err as Error);
      }
    } else this.fallBackToPolling(null);
    try {
      this.newest = newestRunSegment(readdirSync(this.opts.workDir), this.run);
    } catch (err) {
      this.fail(err as Error);
    }
    this.pump();
  }

  /** Stops following: closes the file and the watcher, keeps nothing (idempotent). */
  stop(): void {
    if (!this.following) return;
    this.following = false;
    this.watcher?.close();
    this.watcher = null;
    if (this.pollTimer !== null) clearInterval(this.pollTimer);
    this.pollTimer = null;
    this.closeFile();
    this.newest = null;
    this.missing.clear();
    this.sentInit = null;
  }

  /** The run's ffmpeg exited: one last read of what it wrote (everything is on disk now), then stop for good. */
  finish(): void {
    if (this.finished) return;
    if (this.following) {
      try {
        this.noteSegment(newestRunSegment(readdirSync(this.opts.workDir), this.run));
      } catch (err) {
        this.fail(err as Error);
      }
      this.pump();
    }
    this.stop();
    this.finished = true;
  }

  private fallBackToPolling(err: Error | null): void {
    if (err !== null) this.fail(err);
    this.watcher?.close();
    this.watcher = null;
    if (!this.following || this.pollTimer !== null) return;
    this.pollTimer = setInterval(() => this.poll(), Math.max(20, this.opts.sink.fragmentMs));
    this.pollTimer.unref();
  }

  private poll(): void {
    if (!this.following) return;
    this.counters.wakeups += 1;
    try {
      this.noteSegment(newestRunSegment(readdirSync(this.opts.workDir), this.run));
    } catch (err) {
      this.fail(err as Error);
    }
    this.pump();
  }

  private onEvent(name: string | null): void {
    if (!this.following) return;
    this.counters.wakeups += 1;
    const seq = runSegmentSequence(name, this.run);
    if (seq === null) return; // the segment list, the session record, another run's files
    this.noteSegment(seq);
    if (this.file !== null && seq < this.file.seq) return; // an earlier segment handed over (deleted)
    if (this.pumpQueued) return;
    this.pumpQueued = true;
    setImmediate(() => {
      this.pumpQueued = false;
      if (this.following) this.pump();
    });
  }

  private noteSegment(seq: number | null): void {
    if (seq !== null && (this.newest === null || seq > this.newest)) this.newest = seq;
  }

  /** Reads what is new in the current segment; moves on to the next segment while a newer one exists. */
  private pump(): void {
    this.counters.reads += 1;
    if (this.file === null && this.newest !== null && !this.missing.has(this.newest)) this.openOrMiss(this.newest);
    while (this.file !== null) {
      const current: OpenFile = this.file;
      this.readToEnd(current);
      const next = rolloverTarget(current.seq, this.newest, this.missing);
      if (next === null) break;
      // ffmpeg closed the current segment before it opened a newer one: everything of it has been read.
      if (!this.openOrMiss(next) && next !== this.newest && this.newest !== null) this.openOrMiss(this.newest);
    }
  }

  /** openSegment, remembering a segment that is gone so it is not tried again. */
  private openOrMiss(seq: number): boolean {
    if (this.openSegment(seq)) return true;
    this.missing.add(seq);
    return false;
  }

  /** Opens segment `seq` of the run in place of the current one; false when it is gone (already handed over). */
  private openSegment(seq: number): boolean {
    this.closeFile();
    let fd: number;
    try {
      fd = openSync(path.join(this.opts.workDir, segmentFileName(this.opts.sourceId, this.opts.sessionId, seq)), 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        this.counters.skipped += 1;
        return false;
      }
      this.fail(err as Error);
      return false;
    }
    this.counters.files += 1;
    this.file = { seq, fd, offset: 0, splitter: new Fmp4Splitter({ videoOnly: true }), broken: false };
    return true;
  }

  private closeFile(): void {
    if (this.file === null) return;
    try {
      closeSync(this.file.fd);
    } catch (err) {
      this.fail(err as Error);
    }
    this.file = null;
  }

  private readToEnd(file: OpenFile): void {
    if (file.broken) return;
    const outputs: SplitOutput[] = [];
    try {
      for (;;) {
        const size = fstatSync(file.fd).size;
        if (size <= file.offset) break;
        const chunk = Buffer.allocUnsafe(Math.min(READ_CHUNK_BYTES, size - file.offset));
        const n = readSync(file.fd, chunk, 0, chunk.length, file.offset);
        if (n === 0) break;
        file.offset += n;
        this.counters.bytes += n;
        outputs.push(...file.splitter.push(n === chunk.length ? chunk : chunk.subarray(0, n)));
      }
    } catch (err) {
      file.broken = true; // not fragmented MP4 after all, or unreadable: wait for the next segment
      this.fail(err as Error);
    }
    this.deliver(outputs);
  }

  private deliver(outputs: SplitOutput[]): void {
    let list: SplitOutput[] = outputs;
    if (this.catchingUp) {
      if (outputs.length === 0) return;
      this.catchingUp = false;
      const { init, gop } = catchUp(outputs);
      list = init === null ? gop : [init, ...gop];
    }
    const sink = this.opts.sink;
    for (const out of list) {
      try {
        if (out.kind === 'init') {
          if (!initChanged(this.sentInit, out)) continue;
          this.sentInit = out;
          this.counters.inits += 1;
          sink.onInit(out);
        } else {
          if (this.sentInit === null) continue; // fragments before any init cannot be played
          this.counters.fragments += 1;
          sink.onFragment(out);
        }
      } catch (err) {
        this.fail(err as Error); // the live plane's problem; the recording goes on
      }
    }
  }

  private fail(err: Error): void {
    this.counters.errors += 1;
    this.counters.lastError = err.message;
  }
}
