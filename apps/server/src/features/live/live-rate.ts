/** Pure: bit rate and frame rate of a live stream over a sliding window, plus the average since the start. */

interface Sample {
  atMs: number;
  bytes: number;
  frames: number;
}

export class LiveRate {
  private readonly window: Sample[] = [];
  private totalBytes = 0;
  private firstAtMs: number | null = null;

  constructor(private readonly windowMs = 2000) {}

  add(atMs: number, bytes: number, frames: number): void {
    this.firstAtMs ??= atMs;
    this.totalBytes += bytes;
    this.window.push({ atMs, bytes, frames });
    while (this.window.length > 0 && this.window[0]!.atMs < atMs - this.windowMs) this.window.shift();
  }

  /** Current rates over the window ending at nowMs. */
  read(nowMs: number): { bitrateKbps: number; avgBitrateKbps: number; fps: number } {
    const inWindow = this.window.filter((s) => s.atMs >= nowMs - this.windowMs);
    const bytes = inWindow.reduce((n, s) => n + s.bytes, 0);
    const frames = inWindow.reduce((n, s) => n + s.frames, 0);
    const seconds = this.windowMs / 1000;
    const since = this.firstAtMs === null ? 0 : Math.max(1, nowMs - this.firstAtMs) / 1000;
    return {
      bitrateKbps: Math.round((bytes * 8) / 1000 / seconds),
      avgBitrateKbps: since === 0 ? 0 : Math.round((this.totalBytes * 8) / 1000 / since),
      fps: Math.round((frames / seconds) * 10) / 10,
    };
  }
}
