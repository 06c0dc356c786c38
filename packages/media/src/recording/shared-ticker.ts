/**
 * One interval timer per period for every recording run of the process. A run's watchdog subscribes instead of
 * arming its own setInterval: the process wakes once per period for all runs, not once per run (each wake-up of
 * this process costs far more CPU than the watchdog's few comparisons; see docs/operations.md, recording cost).
 */
const tickers = new Map<number, { subscribers: Set<() => void>; timer: NodeJS.Timeout }>();

/** Calls `fn` every `periodMs` (shared with every other subscriber of that period) until the returned stop(). */
export function everyTick(periodMs: number, fn: () => void): () => void {
  let ticker = tickers.get(periodMs);
  if (ticker === undefined) {
    const subscribers = new Set<() => void>();
    const timer = setInterval(() => {
      for (const subscriber of [...subscribers]) subscriber();
    }, periodMs);
    ticker = { subscribers, timer };
    tickers.set(periodMs, ticker);
  }
  const entry = (): void => fn(); // a distinct entry even when the same function subscribes twice
  ticker.subscribers.add(entry);
  const own = ticker;
  return () => {
    own.subscribers.delete(entry);
    if (own.subscribers.size === 0 && tickers.get(periodMs) === own) {
      clearInterval(own.timer);
      tickers.delete(periodMs);
    }
  };
}

/** Periods with a live timer (for tests). */
export function activeTickPeriods(): number[] {
  return [...tickers.keys()];
}
