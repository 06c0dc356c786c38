/**
 * Pure estimator of an ffmpeg run's wall-clock anchor: the epoch milliseconds at which the run's stream time 0
 * happened. Every progress block gives one sample `wall time now - stream time of the last packet`; delivery and
 * processing delays only ever make a sample later, so the minimum is the best estimate. At start ffmpeg probes the
 * input for a while (~2.5 s for RTSP) and then writes the packets it buffered in a burst: those samples are late by
 * up to the probe time, so the estimate is only `settled` once two consecutive samples show media arriving at its
 * real pace (stream time advancing no faster than the wall clock). The anchor is frozen before the first segment
 * of the run is handed over (after it settled), so every segment of a run uses the same anchor and consecutive
 * segments stay exactly contiguous (their boundaries come from the segments' own decode times).
 */

export class WallClockAnchor {
  private best: number | null = null;
  private frozen = false;
  private samples = 0;
  private settled = false;
  private prev: { wallMs: number; streamUs: number } | null = null;

  /** Adds a sample; returns true when the estimate changed by more than `reportMs` (worth persisting). */
  observe(wallMs: number, streamUs: number, reportMs = 20): boolean {
    if (this.frozen || !Number.isFinite(wallMs) || !Number.isFinite(streamUs)) return false;
    this.samples += 1;
    const prev = this.prev;
    this.prev = { wallMs, streamUs };
    if (prev !== null) {
      const wallStep = wallMs - prev.wallMs;
      const streamStep = (streamUs - prev.streamUs) / 1000;
      // Real time: at least 150 ms apart and the stream moved on at most 10 % (+20 ms) faster than the clock.
      if (wallStep >= 150 && streamStep > 0 && streamStep <= wallStep * 1.1 + 20) this.settled = true;
    }
    const candidate = wallMs - streamUs / 1000;
    if (this.best === null) {
      this.best = candidate;
      return true;
    }
    if (candidate >= this.best) return false;
    const changedBy = this.best - candidate;
    this.best = candidate;
    return changedBy > reportMs;
  }

  /** The estimate (epoch ms of stream time 0), or null before the first sample. */
  get value(): number | null {
    return this.best;
  }

  get sampleCount(): number {
    return this.samples;
  }

  /** True once samples showed media arriving in real time (the start-up burst is over). */
  get isSettled(): boolean {
    return this.settled;
  }

  get isFrozen(): boolean {
    return this.frozen;
  }

  /** Stops further updates; returns the anchor (or `fallback` when there was no sample, which then becomes it). */
  freeze(fallback?: number): number | null {
    if (this.best === null && fallback !== undefined) this.best = fallback;
    this.frozen = true;
    return this.best;
  }
}
