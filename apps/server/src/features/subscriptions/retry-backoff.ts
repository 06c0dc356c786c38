/** Delay before retry number `attempt` (1 = first retry): base·2^(attempt-1), capped, with ±20% jitter. Pure. */
export function backoffDelayMs(attempt: number, baseMs: number, maxMs: number, random: number): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 40));
  const jitter = 0.8 + 0.4 * Math.min(Math.max(random, 0), 1);
  return Math.max(1, Math.round(Math.min(maxMs, exp * jitter)));
}

/** True when an event that first failed at `firstFailureMs` should be given up at `nowMs` (giveUpAfterHours 0 = never). */
export function shouldGiveUp(firstFailureMs: number, nowMs: number, giveUpAfterHours: number): boolean {
  return giveUpAfterHours > 0 && nowMs - firstFailureMs >= giveUpAfterHours * 3_600_000;
}
