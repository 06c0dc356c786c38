/** One job's load, as the runtime sees it each tick. */
export interface JobLoad {
  key: string;
  /** Task priority (1..10; higher = more important). */
  priority: number;
  /** Current stride (analyse every Nth frame; 1 = full rate). */
  stride: number;
  /** Detector drops since the last tick. */
  newDrops: number;
}

export const MAX_STRIDE = 8;

/**
 * The degradation policy (pure): while the shared detector drops requests, double the stride of the least important
 * job not yet at MAX_STRIDE (ties: the one already least degraded); after `restoreAfter` calm ticks, halve the stride
 * of the most important degraded job. Returns the new strides of the jobs that change.
 */
export function nextStrides(loads: readonly JobLoad[], state: { overloaded: boolean; calmTicks: number }, restoreAfter = 3): Map<string, number> {
  const out = new Map<string, number>();
  if (state.overloaded) {
    const victim = [...loads].filter((l) => l.stride < MAX_STRIDE).sort((a, b) => a.priority - b.priority || a.stride - b.stride || a.key.localeCompare(b.key))[0];
    if (victim) out.set(victim.key, Math.min(MAX_STRIDE, victim.stride * 2));
  } else if (state.calmTicks >= restoreAfter) {
    const lucky = [...loads].filter((l) => l.stride > 1).sort((a, b) => b.priority - a.priority || b.stride - a.stride || a.key.localeCompare(b.key))[0];
    if (lucky) out.set(lucky.key, Math.max(1, Math.floor(lucky.stride / 2)));
  }
  return out;
}
