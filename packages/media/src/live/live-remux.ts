/**
 * A supervised ffmpeg live remux of one camera stream: stdout → Fmp4Splitter → callbacks. Restarts with backoff
 * when ffmpeg exits or stalls (no output for `stallMs`), reports its state, and close() is idempotent.
 */
import { backoffDelay, type BackoffPolicy } from '../recording/backoff';
import { GroupChild } from '../recording/child-process-group';
import { redactSecrets, type MediaTarget } from '../source-url';
import { Fmp4Splitter, type SplitFragment, type SplitInit } from './fmp4-splitter';
import { buildLiveRemuxArgs } from './live-remux-args';

export type LiveRemuxState = 'connecting' | 'live' | 'failing' | 'closed';

export interface LiveRemuxOptions {
  ffmpegPath: string;
  target: MediaTarget;
  fragmentMs: number;
  ioTimeoutMs: number;
  stallMs: number;
  backoff: BackoffPolicy;
  loopFiles?: boolean;
  onInit(init: SplitInit): void;
  onFragment(fragment: SplitFragment): void;
  onState(state: LiveRemuxState, reason?: string): void;
}

const STDERR_TAIL = 2048;

export class LiveRemux {
  private child: GroupChild | null = null;
  private closed = false;
  private attempt = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private stallTimer: NodeJS.Timeout | null = null;
  private lastDataAt = 0;
  private state: LiveRemuxState = 'connecting';
  private starts = 0;

  constructor(private readonly opts: LiveRemuxOptions) {}

  /** How many times ffmpeg was started (1 for a healthy upstream). */
  get startCount(): number {
    return this.starts;
  }

  get currentState(): LiveRemuxState {
    return this.state;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    if (this.closed || this.child) return;
    this.spawn();
  }

  private setState(state: LiveRemuxState, reason?: string): void {
    if (this.state === state && state !== 'failing') return;
    this.state = state;
    this.opts.onState(state, reason);
  }

  private spawn(): void {
    const args = buildLiveRemuxArgs({
      target: this.opts.target,
      fragmentMs: this.opts.fragmentMs,
      ioTimeoutMs: this.opts.ioTimeoutMs,
      loopFiles: this.opts.loopFiles ?? true,
    });
    const child = new GroupChild({ command: this.opts.ffmpegPath, args, parentDeathSignal: false });
    this.child = child;
    this.starts += 1;
    const splitter = new Fmp4Splitter();
    let stderr = '';
    let failure: string | null = null;
    this.lastDataAt = Date.now();
    child.child.stdout.on('data', (chunk: Buffer) => {
      this.lastDataAt = Date.now();
      if (failure) return;
      try {
        for (const out of splitter.push(chunk)) {
          if (out.kind === 'init') this.opts.onInit(out);
          else {
            if (this.state !== 'live') {
              this.attempt = 0;
              this.setState('live');
            }
            this.opts.onFragment(out);
          }
        }
      } catch (err) {
        failure = `unreadable stream: ${(err as Error).message}`;
        void child.stop(2000);
      }
    });
    child.child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL);
    });
    this.stallTimer = setInterval(() => {
      if (Date.now() - this.lastDataAt > this.opts.stallMs) {
        failure ??= `no data for ${Math.round(this.opts.stallMs / 1000)} s`;
        void child.stop(2000);
      }
    }, Math.max(250, Math.min(1000, this.opts.stallMs / 4)));
    void child.exited.then((exit) => {
      if (this.stallTimer) clearInterval(this.stallTimer);
      this.stallTimer = null;
      this.child = null;
      if (this.closed) return;
      const lastLine = redactSecrets(stderr.trim().split('\n').pop() ?? '', this.opts.target.secrets).slice(0, 300);
      const reason = failure ?? exit.spawnError ?? (lastLine || `ffmpeg exited (${exit.exitCode ?? exit.exitSignal ?? '?'})`);
      this.setState('failing', reason);
      this.attempt += 1;
      this.restartTimer = setTimeout(() => {
        this.restartTimer = null;
        if (!this.closed) this.spawn();
      }, backoffDelay(this.attempt, this.opts.backoff));
    });
  }

  /** Stops ffmpeg and any pending restart; idempotent. */
  async close(): Promise<void> {
    if (this.closed) {
      await this.child?.exited;
      return;
    }
    this.closed = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    if (this.stallTimer) clearInterval(this.stallTimer);
    this.state = 'closed';
    const child = this.child;
    if (child) await child.stop(2000);
  }
}
