/**
 * Line crossings per direction, judged by the bottom-centre of each box (where a person touches the ground).
 * The line is a segment given in coordinates normalised to 0..1. Side A is on the left of the segment when going
 * from (x1, y1) to (x2, y2) as seen on screen (image y pointing down): for a horizontal line drawn left to right,
 * A is above it and B below, so A→B means walking down the image.
 *
 * Hysteresis: a point within the dead band of the line (15 % of the box height by default) is "on the line" and changes nothing; a track's side changes only
 * when it is seen clearly on the other side, and then counts one crossing (if it passed within the segment's
 * extent). So a box jittering on the line never double-counts, while a real back-and-forth counts both ways.
 * The same counter applies to ground-truth tracks and predicted tracks, which gives the counting error. Pure.
 */
import { type CrossingDirection, LineCrossingCore } from '@argus/domain';
import { bottomCentre } from '../track/box-geometry';
import type { Box } from '../types';

export interface NormalisedLine {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export type { CrossingDirection } from '@argus/domain';

export interface CrossingEvent {
  trackId: number;
  direction: CrossingDirection;
  /** Frame (or whatever time key the caller uses) at which the crossing was confirmed. */
  frame: number;
}

export interface CrossingOptions {
  /** Half-width of the dead band around the line, in pixels (fixed). Overrides `bandBoxFraction`. */
  bandPx?: number;
  /**
   * Half-width of the dead band as a share of each box's height (the bottom edge of a detected box jitters in
   * proportion to its size: legs hidden, a merged box). Default 0.15, at least 2 px.
   */
  bandBoxFraction?: number;
  /** How far beyond the segment's ends (as a fraction of its length) a crossing still counts. Default 0.02. */
  endSlack?: number;
}

export interface CrossingCounts {
  a2b: number;
  b2a: number;
  events: CrossingEvent[];
}

/** Parses "x1,y1,x2,y2" (numbers in 0..1). */
export function parseLine(text: string): NormalisedLine {
  const parts = text.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 4 || parts.some((v) => !Number.isFinite(v) || v < 0 || v > 1)) {
    throw new Error(`a line is "x1,y1,x2,y2" with four numbers in 0..1, got "${text}"`);
  }
  const [x1, y1, x2, y2] = parts as [number, number, number, number];
  if (x1 === x2 && y1 === y2) throw new Error(`the line "${text}" has zero length`);
  return { x1, y1, x2, y2 };
}

/**
 * Streaming counter: feed the tracked objects of each frame in order. The crossing logic itself (sides, dead band,
 * segment extent) is @argus/domain's LineCrossingCore, the same one the rule engine uses; this class only works in
 * pixels and keeps the per-direction tallies.
 */
export class LineCrossingCounter {
  private readonly core: LineCrossingCore<number>;
  private readonly band: number | null;
  private readonly bandFraction: number;
  readonly events: CrossingEvent[] = [];
  a2b = 0;
  b2a = 0;

  constructor(line: NormalisedLine, frameSize: { width: number; height: number }, opts: CrossingOptions = {}) {
    this.core = new LineCrossingCore<number>(
      [line.x1 * frameSize.width, line.y1 * frameSize.height],
      [line.x2 * frameSize.width, line.y2 * frameSize.height],
      opts.endSlack !== undefined ? { endSlack: opts.endSlack } : {},
    );
    this.band = opts.bandPx ?? null;
    this.bandFraction = opts.bandBoxFraction ?? 0.15;
  }

  /** Signed distance in pixels: negative on side A, positive on side B. */
  signedDistance(x: number, y: number): number {
    return this.core.signedDistance(x, y);
  }

  /** Processes one frame's objects; returns the crossings confirmed in this frame. */
  process(frame: number, objects: ReadonlyArray<{ id: number; box: Box }>): CrossingEvent[] {
    const out: CrossingEvent[] = [];
    for (const o of objects) {
      const p = bottomCentre(o.box);
      const band = this.band ?? Math.max(2, this.bandFraction * o.box.h);
      const direction = this.core.observe(o.id, [p.x, p.y], band);
      if (direction === null) continue;
      if (direction === 'a2b') this.a2b += 1;
      else this.b2a += 1;
      const ev = { trackId: o.id, direction, frame };
      out.push(ev);
      this.events.push(ev);
    }
    return out;
  }

  /** Forgets a track (when it ends) so the map does not grow without bound. */
  forget(trackId: number): void {
    this.core.forget(trackId);
  }
}

/** Counts crossings over a whole sequence given as frame → objects (frames are processed in increasing order). */
export function countCrossings(
  framesById: ReadonlyMap<number, ReadonlyArray<{ id: number; box: Box }>>,
  line: NormalisedLine,
  frameSize: { width: number; height: number },
  opts: CrossingOptions = {},
): CrossingCounts {
  const counter = new LineCrossingCounter(line, frameSize, opts);
  for (const f of [...framesById.keys()].sort((a, b) => a - b)) counter.process(f, framesById.get(f)!);
  return { a2b: counter.a2b, b2a: counter.b2a, events: counter.events };
}

/** Relative counting error per direction and overall: |pred − gt| / gt (0 when both are 0; 1 when only gt is 0). */
export function countingError(
  pred: { a2b: number; b2a: number },
  gt: { a2b: number; b2a: number },
): { a2b: number; b2a: number; total: number } {
  const rel = (p: number, g: number): number => (g === 0 ? (p === 0 ? 0 : 1) : Math.abs(p - g) / g);
  return {
    a2b: rel(pred.a2b, gt.a2b),
    b2a: rel(pred.b2a, gt.b2a),
    total: (Math.abs(pred.a2b - gt.a2b) + Math.abs(pred.b2a - gt.b2a)) / Math.max(1, gt.a2b + gt.b2a),
  };
}
