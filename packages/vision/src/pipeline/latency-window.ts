/** Percentiles of the most recent samples (a fixed-size window; pure). */

export interface LatencySummary {
  /** Samples in the window. */
  count: number;
  p50: number;
  p95: number;
  max: number;
  /** Samples ever recorded. */
  total: number;
}

export class LatencyWindow {
  private readonly samples: Float64Array;
  private next = 0;
  private filled = 0;
  private total = 0;

  constructor(readonly size = 256) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`latency window size must be a positive integer, got ${size}`);
    this.samples = new Float64Array(size);
  }

  record(value: number): void {
    if (!Number.isFinite(value)) return;
    this.samples[this.next] = value;
    this.next = (this.next + 1) % this.size;
    this.filled = Math.min(this.size, this.filled + 1);
    this.total += 1;
  }

  /** Nearest-rank percentiles over the window (0 when empty). */
  summary(): LatencySummary {
    if (this.filled === 0) return { count: 0, p50: 0, p95: 0, max: 0, total: this.total };
    const sorted = Float64Array.from(this.samples.subarray(0, this.filled)).sort();
    const at = (q: number): number => sorted[Math.min(this.filled - 1, Math.max(0, Math.ceil(q * this.filled) - 1))]!;
    return { count: this.filled, p50: at(0.5), p95: at(0.95), max: sorted[this.filled - 1]!, total: this.total };
  }
}
