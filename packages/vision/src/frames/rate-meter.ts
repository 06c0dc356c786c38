/** Events per second over a sliding window, with time passed in (pure; no clock of its own). */
export class RateMeter {
  private readonly stamps: number[] = [];
  total = 0;

  constructor(private readonly windowMs = 5_000) {}

  mark(nowMs: number): void {
    this.total += 1;
    this.stamps.push(nowMs);
    this.trim(nowMs);
  }

  /** Rate over the window ending at `nowMs` (or over the time since the first event when that is shorter). */
  rate(nowMs: number): number {
    this.trim(nowMs);
    if (this.stamps.length === 0) return 0;
    const span = Math.max(nowMs - this.stamps[0]!, 1);
    return this.stamps.length < 2 ? 0 : ((this.stamps.length - 1) * 1000) / Math.min(span, this.windowMs);
  }

  private trim(nowMs: number): void {
    let drop = 0;
    while (drop < this.stamps.length && nowMs - this.stamps[drop]! > this.windowMs) drop += 1;
    if (drop > 0) this.stamps.splice(0, drop);
  }
}
