/** Pure restart backoff: exponential growth from initialMs to maxMs with full jitter above a floor of initialMs. */

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

/** Never below this, whatever the configuration says: a restart loop must not spin. */
export const MIN_RESTART_DELAY_MS = 100;

/** The cap for the n-th consecutive failure (n ≥ 1): initialMs · 2^(n-1), at most maxMs. */
export function backoffCap(attempt: number, policy: BackoffPolicy): number {
  const initial = Math.max(MIN_RESTART_DELAY_MS, policy.initialMs);
  const max = Math.max(initial, policy.maxMs);
  const exponent = Math.min(Math.max(0, attempt - 1), 30);
  return Math.min(max, initial * 2 ** exponent);
}

/**
 * The delay before restart number `attempt` (1 for the first restart after a failure): uniformly random between
 * initialMs and the cap ("full jitter", so many sources that fail together do not retry in lockstep), and never
 * below MIN_RESTART_DELAY_MS. `random` returns a number in [0, 1).
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const cap = backoffCap(attempt, policy);
  const floor = Math.min(cap, Math.max(MIN_RESTART_DELAY_MS, policy.initialMs));
  const r = Math.min(1, Math.max(0, random()));
  return Math.round(floor + r * (cap - floor));
}
