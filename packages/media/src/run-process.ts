/** Runs a child process to completion with a hard kill timer; never leaves it running or unreaped. */
import { spawn } from 'node:child_process';

export interface RunProcessOptions {
  /** Hard limit: the child gets SIGKILL when it runs longer. */
  timeoutMs: number;
  /** Kills the child (SIGKILL) when aborted. */
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  /** stdout beyond this is dropped (and `stdoutTruncated` set); default 32 MiB. */
  maxStdoutBytes?: number;
  /** Only the last this many bytes of stderr are kept; default 64 KiB. */
  maxStderrBytes?: number;
}

export interface RunProcessResult {
  exitCode: number | null;
  /** The signal that ended the child, if any. */
  exitSignal: NodeJS.Signals | null;
  stdout: string;
  stdoutTruncated: boolean;
  /** The tail of stderr (see maxStderrBytes). */
  stderr: string;
  /** True when our timer killed it. */
  timedOut: boolean;
  aborted: boolean;
  /** Set when the process could not be started at all (e.g. ENOENT). */
  spawnError: string | null;
  elapsedMs: number;
}

export function runProcess(command: string, args: readonly string[], opts: RunProcessOptions): Promise<RunProcessResult> {
  const maxStdout = opts.maxStdoutBytes ?? 32 * 1024 * 1024;
  const maxStderr = opts.maxStderrBytes ?? 64 * 1024;
  const started = performance.now();
  return new Promise((resolve) => {
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stdoutTruncated = false;
    let stderr = Buffer.alloc(0);
    let timedOut = false;
    let aborted = false;
    let spawnError: string | null = null;
    let settled = false;

    const child = spawn(command, [...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: opts.env ?? process.env,
    });
    const kill = (): void => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, opts.timeoutMs);
    const onAbort = (): void => {
      aborted = true;
      kill();
    };
    if (opts.signal?.aborted === true) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.on('data', (chunk: Buffer) => {
      if (stdoutBytes + chunk.length > maxStdout) {
        stdoutTruncated = true;
        return;
      }
      stdout.push(chunk);
      stdoutBytes += chunk.length;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = Buffer.concat([stderr, chunk]);
      if (stderr.length > maxStderr) stderr = stderr.subarray(stderr.length - maxStderr);
    });

    const finish = (exitCode: number | null, exitSignal: NodeJS.Signals | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      resolve({
        exitCode,
        exitSignal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stdoutTruncated,
        stderr: stderr.toString('utf8'),
        timedOut,
        aborted,
        spawnError,
        elapsedMs: Math.round(performance.now() - started),
      });
    };
    child.on('error', (err) => {
      // Only spawn failures land here (kill errors are not possible with an exit check above).
      spawnError = err.message;
      if (child.pid === undefined) finish(null, null);
    });
    // 'close' fires after the process exited (and was reaped) and its pipes were drained.
    child.on('close', (code, sig) => finish(code, sig));
  });
}
