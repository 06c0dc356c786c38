/** Polling waits for tests: what a test waits on is named, so a timeout says what never happened. */

/** Polls until `check` returns a value (not undefined/false) or the time is up. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 20_000, everyMs = 200): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * Polls `probe` every `everyMs` until it gives a truthy value (returned), or fails after `timeoutMs`; errors a probe
 * throws are retried and the last one is reported.
 */
export function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | null | undefined | false>, everyMs = 300): Promise<T> {
  return eventually(what, async () => (await probe()) || undefined, timeoutMs, everyMs);
}
