/**
 * Spaces out the starts of live analysis jobs: each start waits for its turn, at least `spacingMs` after the previous
 * one. A server starting (or a template applied to many cameras) would otherwise spawn every decoder and run every
 * first detection at the same moment, and the events of those first seconds would all come late.
 */
export class StartSpacing {
  private next = 0;

  constructor(private readonly spacingMs: number, private readonly now: () => number = Date.now) {}

  /** Resolves when this caller may start (at once when the last start was long enough ago). */
  turn(): Promise<void> {
    const t = this.now();
    const at = Math.max(t, this.next);
    this.next = at + this.spacingMs;
    const wait = at - t;
    return wait <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, wait));
  }
}
