import type { ChildProcess } from 'node:child_process';

/**
 * Sends `signal` to a child that is still running and waits for it to exit; with `killAfterMs`, a child still alive
 * then gets SIGKILL. A child that already exited (or none) returns at once.
 */
export async function stopChild(c: ChildProcess | null, signal: NodeJS.Signals, killAfterMs?: number): Promise<void> {
  if (!c || c.exitCode !== null || c.signalCode !== null) return;
  const exited = new Promise((r) => c.once('exit', r));
  c.kill(signal);
  const t = killAfterMs === undefined ? undefined : setTimeout(() => c.kill('SIGKILL'), killAfterMs);
  await exited;
  clearTimeout(t);
}
