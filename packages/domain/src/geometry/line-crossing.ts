/**
 * The one implementation of line crossing with hysteresis (vision's `argus eval track` counter delegates here).
 *
 * Side A is on the left of the segment when going from `from` to `to` as seen on screen (image y pointing down): for
 * a horizontal line drawn left to right, A is above it and B below, so A→B means walking down the image.
 *
 * Hysteresis: a point within the dead band around the line (its half-width is given per observation, e.g. a share of
 * the box height) is "on the line" and changes nothing; a track's side changes only when it is seen clearly on the
 * other side, and then counts one crossing if the motion passed within the segment's extent (plus `endSlack`, a
 * fraction of its length). So a box jittering on the line never fires repeatedly, while a real back-and-forth counts
 * both ways. Works in any coordinate units (normalised or pixels) as long as points and bands share them. Pure.
 */
import type { Point } from './point';

export type CrossingDirection = 'a2b' | 'b2a';

interface KeySide {
  side: 'A' | 'B';
  /** Last point seen clearly on `side` (the start of the crossing motion). */
  px: number;
  py: number;
}

export class LineCrossingCore<K = string> {
  private readonly ax: number;
  private readonly ay: number;
  private readonly dx: number;
  private readonly dy: number;
  private readonly len: number;
  private readonly slack: number;
  private readonly state = new Map<K, KeySide>();

  constructor(from: Point, to: Point, opts: { endSlack?: number } = {}) {
    this.ax = from[0];
    this.ay = from[1];
    this.dx = to[0] - from[0];
    this.dy = to[1] - from[1];
    this.len = Math.hypot(this.dx, this.dy);
    if (!(this.len > 0)) throw new Error('the line has zero length');
    this.slack = opts.endSlack ?? 0.02;
  }

  /** Signed distance: negative on side A, positive on side B. */
  signedDistance(x: number, y: number): number {
    return (this.dx * (y - this.ay) - this.dy * (x - this.ax)) / this.len;
  }

  /** Position along the segment (0 at `from`, 1 at `to`) where the motion p→q meets the line's infinite extension. */
  private alongAtCrossing(px: number, py: number, qx: number, qy: number): number {
    const dp = this.signedDistance(px, py);
    const dq = this.signedDistance(qx, qy);
    const t = dp === dq ? 0.5 : dp / (dp - dq);
    const cx = px + t * (qx - px);
    const cy = py + t * (qy - py);
    return ((cx - this.ax) * this.dx + (cy - this.ay) * this.dy) / (this.len * this.len);
  }

  /** Feeds one observation of `key` at point p with dead-band half-width `band`; returns the crossing it confirms. */
  observe(key: K, p: Point, band: number): CrossingDirection | null {
    const [x, y] = p;
    const d = this.signedDistance(x, y);
    const side = d <= -band ? 'A' : d >= band ? 'B' : null;
    if (side === null) return null;
    const st = this.state.get(key);
    if (st === undefined) {
      this.state.set(key, { side, px: x, py: y });
      return null;
    }
    let crossed: CrossingDirection | null = null;
    if (st.side !== side) {
      const along = this.alongAtCrossing(st.px, st.py, x, y);
      if (along >= -this.slack && along <= 1 + this.slack) crossed = st.side === 'A' ? 'a2b' : 'b2a';
    }
    st.side = side;
    st.px = x;
    st.py = y;
    return crossed;
  }

  forget(key: K): void {
    this.state.delete(key);
  }

  get trackedKeys(): number {
    return this.state.size;
  }
}
