/**
 * Fixed-lag gap filling of a tracker's output (offline-style, as ByteTrack's MOT17 protocol interpolates its tracks):
 * the frames come out `maxGapFrames` analysed frames late, so when a track is missed for up to that many frames and
 * then found again, the frames in between get its box interpolated linearly (in time) between the last box before
 * the gap and the first after it. Pure and synchronous; `maxGapFrames` 0 passes every frame straight through.
 *
 * This is NOT for live rules and overlays (they must not wait); it is for recorded tracks, structured records and
 * evaluation, where a delay of a second costs nothing. An interpolated object has `age` > 0 (updates since its track
 * was last matched), like a lost track the tracker reports; a predicted box the tracker reported there is replaced.
 */
import type { Box, TrackedObject } from '../types';

export interface LaggedFrame<M> {
  /** What the caller passed with the frame (e.g. its index). */
  meta: M;
  ptsS: number;
  objects: TrackedObject[];
}

interface LastMatch {
  seq: number;
  ptsS: number;
  box: Box;
}

interface Buffered<M> extends LaggedFrame<M> {
  seq: number;
}

export class GapFiller<M = number> {
  private readonly buffer: Array<Buffered<M>> = [];
  private readonly lastMatch = new Map<number, LastMatch>();
  private seq = 0;
  /** Boxes added by interpolation so far. */
  filled = 0;

  constructor(readonly maxGapFrames: number) {
    if (!Number.isInteger(maxGapFrames) || maxGapFrames < 0) throw new RangeError(`maxGapFrames must be an integer ≥ 0, got ${maxGapFrames}`);
  }

  /** Feeds one analysed frame's tracked objects; returns the frames that leave the lag window (oldest first). */
  push(meta: M, ptsS: number, objects: readonly TrackedObject[]): Array<LaggedFrame<M>> {
    const seq = this.seq++;
    const frame: Buffered<M> = { meta, ptsS, objects: objects.map((o) => ({ ...o, box: { ...o.box } })), seq };
    for (const o of frame.objects) {
      if (o.age !== 0) continue;
      const last = this.lastMatch.get(o.trackId);
      if (last !== undefined && seq - last.seq > 1 && seq - last.seq - 1 <= this.maxGapFrames) this.fill(o, last, frame);
      this.lastMatch.set(o.trackId, { seq, ptsS, box: { ...o.box } });
    }
    this.buffer.push(frame);
    this.forgetOld(seq);
    const out: Array<LaggedFrame<M>> = [];
    while (this.buffer.length > this.maxGapFrames) out.push(strip(this.buffer.shift()!));
    return out;
  }

  /** Returns the frames still held (the end of the stream: no later match can fill them any more). */
  flush(): Array<LaggedFrame<M>> {
    const out = this.buffer.splice(0).map(strip);
    this.lastMatch.clear();
    return out;
  }

  private fill(o: TrackedObject, last: LastMatch, now: Buffered<M>): void {
    const span = now.ptsS - last.ptsS;
    for (const f of this.buffer) {
      if (f.seq <= last.seq) continue;
      const t = span > 0 ? (f.ptsS - last.ptsS) / span : (f.seq - last.seq) / (now.seq - last.seq);
      const box = lerpBox(last.box, o.box, Math.min(1, Math.max(0, t)));
      const filled: TrackedObject = { ...o, box, velocity: { ...o.velocity }, age: f.seq - last.seq };
      const at = f.objects.findIndex((x) => x.trackId === o.trackId);
      if (at >= 0) f.objects[at] = filled;
      else f.objects.push(filled);
      f.objects.sort((a, b) => a.trackId - b.trackId);
      this.filled += 1;
    }
  }

  /** Tracks not matched within the window can no longer be filled. */
  private forgetOld(seq: number): void {
    for (const [id, m] of this.lastMatch) if (seq - m.seq > this.maxGapFrames + 1) this.lastMatch.delete(id);
  }
}

function strip<M>(f: Buffered<M>): LaggedFrame<M> {
  return { meta: f.meta, ptsS: f.ptsS, objects: f.objects };
}

function lerpBox(a: Box, b: Box, t: number): Box {
  return { x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y), w: a.w + t * (b.w - a.w), h: a.h + t * (b.h - a.h) };
}
