/**
 * Constant-velocity Kalman filter on a box in (cx, cy, aspect, h) space, as in SORT/ByteTrack, with time steps in
 * seconds so that velocities come out in pixels per second and irregular steps (frames skipped by the motion gate)
 * are handled. The noise model is ByteTrack's (standard deviations proportional to the box height); because the
 * motion and noise matrices are block-diagonal, the 8-state filter factorises exactly into four independent
 * (position, velocity) filters, which is what this does. Pure.
 */
import { type CxCyAH, fromCxCyAH, toCxCyAH } from './box-geometry';
import type { Box } from '../types';

export interface KalmanBoxOptions {
  /** Position noise weight (ByteTrack: 1/20). */
  stdWeightPosition?: number;
  /** Velocity noise weight per nominal step (ByteTrack: 1/160). */
  stdWeightVelocity?: number;
  /** The frame interval the weights were tuned for, in seconds (default 0.1 = 10 fps). */
  nominalDtS?: number;
}

/** One coordinate: position p, velocity v (units per second) and the 2×2 covariance [pp, pv, vv]. */
interface Axis {
  p: number;
  v: number;
  pp: number;
  pv: number;
  vv: number;
}

const KEYS = ['cx', 'cy', 'a', 'h'] as const;
type Key = (typeof KEYS)[number];

export class KalmanBox {
  private readonly axes: Record<Key, Axis>;
  private readonly wPos: number;
  private readonly wVel: number;
  private readonly nominalDt: number;

  constructor(box: Box, opts: KalmanBoxOptions = {}) {
    this.wPos = opts.stdWeightPosition ?? 1 / 20;
    this.wVel = opts.stdWeightVelocity ?? 1 / 160;
    this.nominalDt = opts.nominalDtS ?? 0.1;
    const m = toCxCyAH(box);
    const h = m.h;
    // ByteTrack's initial uncertainty: 2·wPos·h on positions, 10·wVel·h per step on velocities.
    const posStd = 2 * this.wPos * h;
    const velStd = (10 * this.wVel * h) / this.nominalDt;
    const axis = (p: number, ps: number, vs: number): Axis => ({ p, v: 0, pp: ps * ps, pv: 0, vv: vs * vs });
    this.axes = {
      cx: axis(m.cx, posStd, velStd),
      cy: axis(m.cy, posStd, velStd),
      a: axis(m.a, 1e-2, 1e-5 / this.nominalDt),
      h: axis(m.h, posStd, velStd),
    };
  }

  /**
   * Restarts the filter on `box` with a given centre velocity (px/s), as if newly born: used when a track is re-found
   * after a gap, so the velocity that was extrapolated through the gap does not linger (OC-SORT's re-update idea).
   */
  restart(box: Box, velocity: { vx: number; vy: number }): void {
    const fresh = new KalmanBox(box, { stdWeightPosition: this.wPos, stdWeightVelocity: this.wVel, nominalDtS: this.nominalDt });
    for (const k of KEYS) Object.assign(this.axes[k], fresh.axes[k]);
    this.axes.cx.v = velocity.vx;
    this.axes.cy.v = velocity.vy;
  }

  /** Advances the state by dtS seconds (no-op for dtS ≤ 0). */
  predict(dtS: number): void {
    if (!(dtS > 0)) return;
    const h = Math.max(this.axes.h.p, 1);
    const steps = dtS / this.nominalDt; // process noise variance grows linearly with time
    const posStd = this.wPos * h;
    const velStd = (this.wVel * h) / this.nominalDt;
    const q: Record<Key, [number, number]> = {
      cx: [posStd, velStd],
      cy: [posStd, velStd],
      a: [1e-2, 1e-5 / this.nominalDt],
      h: [posStd, velStd],
    };
    for (const k of KEYS) {
      const s = this.axes[k];
      const [qp, qv] = q[k];
      s.p += s.v * dtS;
      const pp = s.pp + 2 * dtS * s.pv + dtS * dtS * s.vv + qp * qp * steps;
      const pv = s.pv + dtS * s.vv;
      const vv = s.vv + qv * qv * steps;
      s.pp = pp;
      s.pv = pv;
      s.vv = vv;
    }
    if (this.axes.h.p < 1) this.axes.h.p = 1;
  }

  /** Corrects the state with a measured box. */
  update(box: Box): void {
    const z = toCxCyAH(box);
    const h = Math.max(this.axes.h.p, 1);
    const r: Record<Key, number> = { cx: this.wPos * h, cy: this.wPos * h, a: 1e-1, h: this.wPos * h };
    for (const k of KEYS) {
      const s = this.axes[k];
      const innovation = z[k] - s.p;
      const S = s.pp + r[k] * r[k];
      const kp = s.pp / S;
      const kv = s.pv / S;
      s.p += kp * innovation;
      s.v += kv * innovation;
      const pp = (1 - kp) * s.pp;
      const pv = (1 - kp) * s.pv;
      const vv = s.vv - kv * s.pv;
      s.pp = pp;
      s.pv = pv;
      s.vv = vv;
    }
  }

  /** Freezes the height and aspect change rates (ByteTrack does this for tracks that are not being matched). */
  dampSizeVelocity(): void {
    this.axes.h.v = 0;
    this.axes.a.v = 0;
  }

  get state(): CxCyAH {
    return { cx: this.axes.cx.p, cy: this.axes.cy.p, a: this.axes.a.p, h: this.axes.h.p };
  }

  get box(): Box {
    return fromCxCyAH(this.state);
  }

  /** Velocity of the box centre in units per second. */
  get velocity(): { vx: number; vy: number } {
    return { vx: this.axes.cx.v, vy: this.axes.cy.v };
  }
}
