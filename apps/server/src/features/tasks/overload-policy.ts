/** One job's load, as the runtime sees it each tick. */
export interface JobLoad {
  key: string;
  /** Task priority (1..10; higher = more important). */
  priority: number;
  /** Current stride (analyse every Nth frame; 1 = full rate). */
  stride: number;
  /** Frames the job dropped since the last tick because a stage was busy (decoder, hand-off, detector queue). */
  newDrops: number;
  /** Mean age of the frames it analysed since the last tick (capture → tracked result, ms); null when none. */
  lagMs: number | null;
}

export const MAX_STRIDE = 8;

export interface OverloadVerdict {
  overloaded: boolean;
  /** Why, in words (for the log and the console); null when not overloaded. */
  reason: string | null;
}

/**
 * Overloaded when any job dropped frames because the analysis could not keep up, or analysed them later than
 * `maxLagMs` on average (a starved machine shows up as lag before it shows up as drops). Pure.
 */
export function overloadVerdict(loads: readonly JobLoad[], maxLagMs: number): OverloadVerdict {
  const drops = loads.reduce((n, l) => n + l.newDrops, 0);
  if (drops > 0) return { overloaded: true, reason: `${drops} frame(s) dropped because the analysis could not keep up` };
  const late = loads.filter((l) => l.lagMs !== null && l.lagMs > maxLagMs);
  if (late.length > 0) {
    const worst = Math.max(...late.map((l) => l.lagMs ?? 0));
    return { overloaded: true, reason: `frames analysed ${(worst / 1000).toFixed(1)} s after capture (limit ${(maxLagMs / 1000).toFixed(1)} s)` };
  }
  return { overloaded: false, reason: null };
}

/**
 * The degradation policy (pure): while overloaded, double the stride of the least important jobs not yet at
 * MAX_STRIDE (ties: the ones already least degraded) — one job per tick, or a quarter of the jobs when there are many
 * (eight cameras starting at once must not take sixteen ticks to settle); after `restoreAfter` calm ticks, halve the
 * stride of the most important degraded job (restoring is cautious: one job per tick). Returns the new strides of
 * the jobs that change.
 */
export function nextStrides(loads: readonly JobLoad[], state: { overloaded: boolean; calmTicks: number }, restoreAfter = 3): Map<string, number> {
  const out = new Map<string, number>();
  if (state.overloaded) {
    const victims = [...loads].filter((l) => l.stride < MAX_STRIDE).sort((a, b) => a.priority - b.priority || a.stride - b.stride || a.key.localeCompare(b.key));
    for (const v of victims.slice(0, Math.max(1, Math.ceil(loads.length / 4)))) out.set(v.key, Math.min(MAX_STRIDE, v.stride * 2));
  } else if (state.calmTicks >= restoreAfter) {
    const lucky = [...loads].filter((l) => l.stride > 1).sort((a, b) => b.priority - a.priority || b.stride - a.stride || a.key.localeCompare(b.key))[0];
    if (lucky) out.set(lucky.key, Math.max(1, Math.floor(lucky.stride / 2)));
  }
  return out;
}

/**
 * The stride a new job starts at (pure): the median of the running jobs' strides — where the others were degraded,
 * a newcomer at full rate would only add to the overload and be degraded a few checks later — at least 2 while
 * the runtime is overloaded right now, and at least `forCapacity` (capacityStride). Restoring lifts it like any
 * other job.
 */
export function startingStride(running: readonly number[], overloaded: boolean, forCapacity = 1): number {
  const sorted = [...running].sort((a, b) => a - b);
  const median = sorted.length > 0 ? sorted[Math.floor((sorted.length - 1) / 2)]! : 1;
  return Math.min(MAX_STRIDE, Math.max(median, overloaded ? 2 : 1, forCapacity));
}

/** What the shared detector can take: the time of one call (ms; recent p50, or the warm-up run) and calls at once. */
export interface DetectorCapacity {
  callMs: number;
  workers: number;
}

/** Share of the detector's measured capacity that starting jobs may plan on; the rest absorbs bursts. */
export const PLANNED_UTILISATION = 0.7;

/**
 * The stride a starting job needs for the shared detector to keep up (pure): the smallest power of two at which its
 * `fps` fits into what the running jobs leave of the detector's capacity (workers × 1000 / callMs frames a second,
 * times PLANNED_UTILISATION, minus `runningFps`, the frames a second the running jobs analyse); MAX_STRIDE when
 * nothing is left; 1 when the capacity is not known yet. Eight tasks starting together otherwise all start at full
 * rate and are degraded step by step over the next seconds, while everyone in view fires.
 */
export function capacityStride(fps: number, runningFps: number, capacity: DetectorCapacity | null): number {
  if (!capacity || !(capacity.callMs > 0) || !(fps > 0)) return 1;
  const free = ((capacity.workers * 1000) / capacity.callMs) * PLANNED_UTILISATION - runningFps;
  let stride = 1;
  while (stride < MAX_STRIDE && fps / stride > free) stride *= 2;
  return stride;
}
