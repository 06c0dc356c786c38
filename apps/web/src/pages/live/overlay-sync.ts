// Live overlays (analysis boxes) arrive ahead of the picture; they are shown when the video reaches their time. Pure.

export interface OverlayObject {
  id: string;
  className: string;
  /** [x, y, w, h], normalised 0..1. */
  box: [number, number, number, number];
  confidence: number;
}

export interface OverlayFrame {
  decodeTimeS: number;
  objects: OverlayObject[];
}

/** A bounded queue of pending overlay frames, in arrival order; `dropped` counts frames pushed out when full. */
export interface OverlayQueue {
  frames: OverlayFrame[];
  dropped: number;
}

export const EMPTY_OVERLAYS: OverlayQueue = { frames: [], dropped: 0 };

export function pushOverlay(q: OverlayQueue, f: OverlayFrame, max = 120): OverlayQueue {
  const frames = [...q.frames, f];
  const over = Math.max(0, frames.length - max);
  return { frames: frames.slice(over), dropped: q.dropped + over };
}

/**
 * The frame to draw at `currentTime`: the newest one at or before it, unless older than `staleS` (then nothing).
 * Frames older than the one drawn are discarded.
 */
export function overlayAt(q: OverlayQueue, currentTime: number, staleS = 1): { frame: OverlayFrame | null; queue: OverlayQueue } {
  let pick = -1;
  for (let i = 0; i < q.frames.length; i++) if ((q.frames[i]?.decodeTimeS ?? Infinity) <= currentTime) pick = i;
  if (pick < 0) return { frame: null, queue: q };
  const frame = q.frames[pick] ?? null;
  const queue = { frames: q.frames.slice(pick), dropped: q.dropped };
  return { frame: frame && currentTime - frame.decodeTimeS <= staleS ? frame : null, queue };
}
