/**
 * A child started in its own process group (so the whole group can be signalled and nothing is left behind), with
 * an optional parent-death signal: wrapped in util-linux `setpriv --pdeathsig TERM`, the child gets SIGTERM (and an
 * ffmpeg recorder finalises its segment) when our process dies, even by kill -9. Without setpriv, recoverWorkDir()
 * still stops a recorder left over from a crashed server (see session-record.ts).
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { runProcess } from '../run-process';

export interface GroupChildExit {
  exitCode: number | null;
  exitSignal: NodeJS.Signals | null;
  spawnError: string | null;
  elapsedMs: number;
}

export const SETPRIV = '/usr/bin/setpriv';
let setprivWorks: Promise<boolean> | null = null;

/** Whether `setpriv --pdeathsig` works here (checked once). */
export function parentDeathSignalSupported(): Promise<boolean> {
  setprivWorks ??= runProcess(SETPRIV, ['--pdeathsig', 'TERM', '--', 'true'], { timeoutMs: 5_000 }).then(
    (r) => r.exitCode === 0,
    () => false,
  );
  return setprivWorks;
}

/** Signals a whole process group; false when it is already gone. */
export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

export interface GroupChildOptions {
  command: string;
  args: readonly string[];
  /** Wrap in setpriv --pdeathsig TERM (see parentDeathSignalSupported). */
  parentDeathSignal: boolean;
  env?: NodeJS.ProcessEnv;
}

export class GroupChild {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  /** Resolves once the process has exited, was reaped and its pipes are drained. Never rejects. */
  readonly exited: Promise<GroupChildExit>;
  private spawnError: string | null = null;
  private stopping: Promise<GroupChildExit> | null = null;
  private readonly started = performance.now();
  private done = false;

  constructor(opts: GroupChildOptions) {
    const [command, args] = opts.parentDeathSignal
      ? [SETPRIV, ['--pdeathsig', 'TERM', '--', opts.command, ...opts.args]]
      : [opts.command, [...opts.args]];
    this.child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: opts.env ?? process.env });
    this.exited = new Promise((resolve) => {
      const finish = (exitCode: number | null, exitSignal: NodeJS.Signals | null): void => {
        if (this.done) return;
        this.done = true;
        resolve({ exitCode, exitSignal, spawnError: this.spawnError, elapsedMs: Math.round(performance.now() - this.started) });
      };
      this.child.on('error', (err) => {
        this.spawnError = err.message;
        if (this.child.pid === undefined) finish(null, null);
      });
      this.child.on('close', (code, signal) => finish(code, signal));
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return !this.done;
  }

  /** Sends a signal to the child's whole process group (no-op once it exited). */
  signal(signal: NodeJS.Signals): void {
    const pid = this.child.pid;
    if (pid === undefined || this.done) return;
    signalGroup(pid, signal);
  }

  /** Idempotent: SIGTERM to the group, SIGKILL after `graceMs`, resolves after the exit. */
  stop(graceMs: number): Promise<GroupChildExit> {
    this.stopping ??= (async () => {
      this.signal('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), graceMs);
      });
      const outcome = await Promise.race([this.exited, late]);
      clearTimeout(timer);
      if (outcome === 'late') this.signal('SIGKILL');
      const exit = await this.exited;
      // The group leader is gone; make sure nothing it started lingers in its group either.
      if (this.child.pid !== undefined) signalGroup(this.child.pid, 'SIGKILL');
      return exit;
    })();
    return this.stopping;
  }
}
