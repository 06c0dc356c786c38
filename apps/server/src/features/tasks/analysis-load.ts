/**
 * The server-wide analysis load, as the console shows it: how busy the shared inference pool is, how many jobs run,
 * which are degraded (and to what frame rate), and the last degradation changes with their reasons.
 */
export interface DegradationChange {
  atMs: number;
  taskId: string;
  cameraId: string;
  fromStride: number;
  toStride: number;
  reason: string;
}

export interface DegradedJobView {
  taskId: string;
  cameraId: string;
  stride: number;
  /** The task's frame rate divided by the stride. */
  fps: number;
}

export interface AnalysisLoadView {
  detector: {
    name: string;
    workers: number;
    inFlight: number;
    queued: number;
    /** Share of the pool's time spent in detector calls over the last check period (0..1); null before the second check. */
    busyShare: number | null;
    callMsP50: number;
    callMsP95: number;
  } | null;
  jobs: number;
  overloaded: boolean;
  reason: string | null;
  degraded: DegradedJobView[];
  changes: DegradationChange[];
}

/** The last changes, newest first (bounded). */
export class DegradationLog {
  private readonly items: DegradationChange[] = [];

  constructor(private readonly keep = 50) {}

  add(change: DegradationChange): void {
    this.items.unshift(change);
    if (this.items.length > this.keep) this.items.length = this.keep;
  }

  list(): DegradationChange[] {
    return [...this.items];
  }
}

/** Busy share of a pool from two samples of its cumulative busy time (pure). */
export function busyShare(prev: { atMs: number; busyMs: number } | null, next: { atMs: number; busyMs: number }, workers: number): number | null {
  if (!prev || next.atMs <= prev.atMs) return null;
  return Math.min(1, Math.max(0, (next.busyMs - prev.busyMs) / ((next.atMs - prev.atMs) * Math.max(1, workers))));
}
