/**
 * Pure: groups live fMP4 fragments into HLS segments. A segment starts at a key frame and is closed at the first key
 * frame after it reached the target duration; the last `window` segments are kept. The init segment is kept apart.
 */
import type { HubFragment, HubInit } from '@argus/media';
import { buildLivePlaylist } from './live-hls-playlist';

export interface HlsSegment {
  sequence: number;
  durationS: number;
  data: Buffer;
}

export class HlsSegmenter {
  private init: HubInit | null = null;
  private readonly done: HlsSegment[] = [];
  private open: { parts: Uint8Array[]; durationS: number } | null = null;
  private next = 0;
  /** New init segments after the first (the playlist's discontinuity sequence). */
  private discontinuity = 0;

  constructor(private readonly opts: { targetS: number; window: number }) {}

  get initSegment(): Uint8Array | null {
    return this.init?.data ?? null;
  }

  onInit(init: HubInit): void {
    // A new init (upstream restart): the old segments no longer match it; start afresh (sequence keeps counting).
    if (this.init !== null) this.discontinuity += 1;
    this.init = init;
    this.done.length = 0;
    this.open = null;
  }

  onFragment(f: HubFragment): void {
    if (!this.init) return;
    if (f.keyframe && this.open && this.open.durationS >= this.opts.targetS) this.closeOpen();
    if (!this.open) {
      if (!f.keyframe) return;
      this.open = { parts: [], durationS: 0 };
    }
    this.open.parts.push(f.data);
    this.open.durationS += f.durationS;
  }

  private closeOpen(): void {
    if (!this.open) return;
    this.done.push({ sequence: this.next, durationS: this.open.durationS, data: Buffer.concat(this.open.parts) });
    this.next += 1;
    this.open = null;
    while (this.done.length > this.opts.window) this.done.shift();
  }

  segment(sequence: number): HlsSegment | null {
    return this.done.find((s) => s.sequence === sequence) ?? null;
  }

  playlist(): string {
    return buildLivePlaylist(this.done, this.opts.targetS, this.discontinuity);
  }

  get segmentCount(): number {
    return this.done.length;
  }
}
