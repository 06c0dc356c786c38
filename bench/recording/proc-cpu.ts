/**
 * CPU time of processes, and CPU pinning with taskset. Two sources:
 * - /proc/<pid>/task/<tid>/schedstat: the first field is the thread's run time in ns (the scheduler's
 *   sum_exec_runtime), summed over the process's live threads: exact, what the recording benchmark uses (a recorder
 *   ffmpeg runs ≈ 3 ms a second: /proc/<pid>/stat's 10 ms clock ticks are far too coarse for it). Threads that ended
 *   between two readings take their time with them, so use it for long-lived threads (ffmpeg's are).
 * - /proc/<pid>/stat (utime + stime in clock ticks): kept for the benchmarks that measure busy processes.
 */
import { readFile, readdir } from 'node:fs/promises';
import { runProcess } from '../../packages/media/src/run-process';

/** Clock ticks per second of /proc/<pid>/stat (getconf CLK_TCK; 100 on Linux). */
export async function clockTicksPerSecond(): Promise<number> {
  const run = await runProcess('getconf', ['CLK_TCK'], { timeoutMs: 5000 });
  const n = Number(run.stdout.trim());
  return Number.isFinite(n) && n > 0 ? n : 100;
}

/** utime + stime of one process in ticks, or null when it is gone. */
export async function processTicks(pid: number): Promise<number | null> {
  try {
    const text = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null; // exited
  }
}

/** Sum of ticks of the given pids (missing ones count 0) and how many were gone. */
export async function ticksOf(pids: readonly number[]): Promise<{ ticks: number; gone: number }> {
  let ticks = 0;
  let gone = 0;
  for (const pid of pids) {
    const t = await processTicks(pid);
    if (t === null) gone += 1;
    else ticks += t;
  }
  return { ticks, gone };
}

/** Pids of children of `parent` whose command line contains `needle`. */
export async function findChildren(parent: number, needle: string): Promise<number[]> {
  const out: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = await readFile(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== parent) continue;
      const cmdline = (await readFile(`/proc/${name}/cmdline`, 'utf8')).replace(/\0/g, ' ');
      if (cmdline.includes(needle)) out.push(Number(name));
    } catch {
      continue; // the process went away while we looked
    }
  }
  return out;
}

/** Pins a process (all its threads) to one CPU; false when taskset is missing or refuses. */
export async function pin(pid: number, cpu: number): Promise<boolean> {
  const run = await runProcess('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { timeoutMs: 5000 });
  return run.exitCode === 0;
}

/** Run time of a process in ns: the sum over its threads of /proc/<pid>/task/<tid>/schedstat's first field; null when gone. */
export async function processRunNs(pid: number): Promise<number | null> {
  let tids: string[];
  try {
    tids = await readdir(`/proc/${pid}/task`);
  } catch {
    return null; // exited
  }
  let ns = 0;
  for (const tid of tids) {
    try {
      const text = await readFile(`/proc/${pid}/task/${tid}/schedstat`, 'utf8');
      ns += Number(text.slice(0, text.indexOf(' ')));
    } catch {
      continue; // the thread ended while we looked
    }
  }
  return ns;
}

/** Sum of run time (ns) of the given pids (missing ones count 0) and how many were gone. */
export async function runNsOf(pids: readonly number[]): Promise<{ ns: number; gone: number }> {
  let ns = 0;
  let gone = 0;
  for (const pid of pids) {
    const t = await processRunNs(pid);
    if (t === null) gone += 1;
    else ns += t;
  }
  return { ns, gone };
}

/** True when this kernel exposes per-thread schedstat (CONFIG_SCHED_INFO), with a non-zero run time for us. */
export async function schedstatAvailable(): Promise<boolean> {
  return ((await processRunNs(process.pid)) ?? 0) > 0;
}
