/**
 * Best snapshot per track: of all the frames a track was seen in, keep the one where the object is largest,
 * sharpest and most confidently detected, and not cut off by the frame edge. Pure: the caller offers observations
 * (with a reference to the frame or crop, of any type it likes) and takes the best one when the track ends.
 */
import { boxArea } from './box-geometry';
import { laplacianVariance } from './sharpness';
import type { Box, Frame } from '../types';

export interface SnapshotWeights {
  /** Weight of the size term (sqrt of the area relative to `referenceAreaPx`, capped at 1). Default 0.4. */
  area?: number;
  /** Weight of the sharpness term (variance of Laplacian, squashed: v / (v + sharpnessHalf)). Default 0.35. */
  sharpness?: number;
  /** Weight of the detection score. Default 0.25. */
  confidence?: number;
}

export interface BestSnapshotOptions {
  weights?: SnapshotWeights;
  /** A box of this area (px²) gets the full size term. Default 96 × 192. */
  referenceAreaPx?: number;
  /** Variance of Laplacian that scores 0.5. Default 100. */
  sharpnessHalf?: number;
  /** Quality is multiplied by this when the box touches the frame edge (object cut off). Default 0.7. */
  edgePenalty?: number;
  /** Margin in pixels counted as "touching the edge". Default 2. */
  edgeMarginPx?: number;
}

export interface SnapshotObservation<R> {
  trackId: number;
  box: Box;
  score: number;
  ptsS: number;
  frameIndex: number;
  /** A gray (or colour) frame the box is in, used for sharpness; not kept. */
  frame: Frame;
  /** What to keep when this is the best so far: a frame handle, a crop, a blob key… */
  ref: R;
}

export interface Snapshot<R> {
  trackId: number;
  box: Box;
  score: number;
  ptsS: number;
  frameIndex: number;
  ref: R;
  quality: number;
  components: { area: number; sharpness: number; confidence: number; edge: boolean };
}

export class BestSnapshotSelector<R> {
  private readonly best = new Map<number, Snapshot<R>>();
  private readonly w: Required<SnapshotWeights>;
  private readonly refArea: number;
  private readonly sharpHalf: number;
  private readonly edgePenalty: number;
  private readonly edgeMargin: number;

  constructor(opts: BestSnapshotOptions = {}) {
    this.w = { area: 0.4, sharpness: 0.35, confidence: 0.25, ...opts.weights };
    this.refArea = opts.referenceAreaPx ?? 96 * 192;
    this.sharpHalf = opts.sharpnessHalf ?? 100;
    this.edgePenalty = opts.edgePenalty ?? 0.7;
    this.edgeMargin = opts.edgeMarginPx ?? 2;
  }

  /** Scores one observation (pure; exposed for tests and tuning). */
  score(obs: Omit<SnapshotObservation<R>, 'ref' | 'trackId' | 'ptsS' | 'frameIndex'>): Snapshot<R>['components'] & { quality: number } {
    const area = Math.min(1, Math.sqrt(boxArea(obs.box) / this.refArea));
    const v = laplacianVariance(obs.frame, obs.box);
    const sharpness = v / (v + this.sharpHalf);
    const confidence = Math.min(1, Math.max(0, obs.score));
    const m = this.edgeMargin;
    const b = obs.box;
    const edge = b.x <= m || b.y <= m || b.x + b.w >= obs.frame.width - m || b.y + b.h >= obs.frame.height - m;
    const total = this.w.area + this.w.sharpness + this.w.confidence;
    const q = (this.w.area * area + this.w.sharpness * sharpness + this.w.confidence * confidence) / (total > 0 ? total : 1);
    return { area, sharpness, confidence, edge, quality: edge ? q * this.edgePenalty : q };
  }

  /** Offers an observation; returns true when it became the track's best snapshot. */
  offer(obs: SnapshotObservation<R>): boolean {
    const s = this.score(obs);
    const current = this.best.get(obs.trackId);
    if (current !== undefined && current.quality >= s.quality) return false;
    this.best.set(obs.trackId, {
      trackId: obs.trackId,
      box: { ...obs.box },
      score: obs.score,
      ptsS: obs.ptsS,
      frameIndex: obs.frameIndex,
      ref: obs.ref,
      quality: s.quality,
      components: { area: s.area, sharpness: s.sharpness, confidence: s.confidence, edge: s.edge },
    });
    return true;
  }

  /** The best snapshot so far of a track. */
  get(trackId: number): Snapshot<R> | undefined {
    return this.best.get(trackId);
  }

  /** Removes and returns the best snapshot of a track (call when the track ends). */
  take(trackId: number): Snapshot<R> | undefined {
    const s = this.best.get(trackId);
    this.best.delete(trackId);
    return s;
  }

  /** Takes the snapshots of every track not in `aliveIds` (tracks that ended). */
  takeEnded(aliveIds: Iterable<number>): Array<Snapshot<R>> {
    const alive = new Set(aliveIds);
    const out: Array<Snapshot<R>> = [];
    for (const id of [...this.best.keys()]) if (!alive.has(id)) out.push(this.take(id)!);
    return out;
  }

  get size(): number {
    return this.best.size;
  }
}
