/** CPU time of processes from /proc/<pid>/stat (utime + stime), and CPU pinning with taskset. */
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
