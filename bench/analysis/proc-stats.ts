/** Bench helper: memory and CPU time of child processes from /proc (Linux), and a gc() for RSS readings. */
import { readFileSync } from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** Resident set size of a process in bytes (0 when it is gone). */
export function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m === null ? 0 : Number(m[1]) * 1024;
  } catch {
    return 0;
  }
}

/** Proportional set size in bytes (shared library pages split among the processes using them; 0 when gone). */
export function pssOf(pid: number): number {
  try {
    const m = /^Pss:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m === null ? 0 : Number(m[1]) * 1024;
  } catch {
    return 0;
  }
}

/** User + system CPU seconds a process has used (0 when it is gone). */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields after "(comm) ": state is index 0, utime is field 14 overall → index 11, stime → index 12.
    return (Number(rest[11]) + Number(rest[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** This process's CPU seconds (all threads: main, workers, onnxruntime's pool). */
export function selfCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

let gcFn: (() => void) | null | undefined;

/** A full garbage collection when the runtime allows it (no --expose-gc flag needed), so RSS readings settle. */
export function collectGarbage(): void {
  if (gcFn === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      gcFn = vm.runInNewContext('gc') as () => void;
    } catch {
      gcFn = null;
    }
  }
  gcFn?.();
}
