// What to do with a live MSE buffer: stay near the live edge and keep only a few seconds behind. Pure.

export interface BufferPolicy {
  /** Seconds of played video to keep behind the playhead. */
  keepBehindS: number;
  /** Jump to the live edge when the playhead is further than this behind it. */
  maxLagS: number;
  /** Where to land when jumping: this far before the end of the buffer. */
  edgeMarginS: number;
}

export const LIVE_POLICY: BufferPolicy = { keepBehindS: 10, maxLagS: 1, edgeMarginS: 0.15 };

export interface BufferDecision {
  /** Set currentTime to this (the live edge) when set. */
  seekTo: number | null;
  /** Remove [removeStart, removeEnd) from the SourceBuffer when set. */
  remove: { start: number; end: number } | null;
}

/**
 * `ranges` are the SourceBuffer's buffered ranges [start, end] in order. The playhead jumps to the live edge when
 * it falls behind (or sits before/between ranges after a gap); data older than keepBehindS before the playhead goes.
 */
export function decideBuffer(currentTime: number, ranges: ReadonlyArray<readonly [number, number]>, policy: BufferPolicy = LIVE_POLICY): BufferDecision {
  const last = ranges[ranges.length - 1];
  const first = ranges[0];
  if (!last || !first) return { seekTo: null, remove: null };
  const edge = last[1];
  const inside = ranges.some(([s, e]) => currentTime >= s && currentTime <= e);
  let seekTo: number | null = null;
  if (edge - currentTime > policy.maxLagS || !inside) seekTo = Math.max(last[0], edge - policy.edgeMarginS);
  const head = seekTo ?? currentTime;
  const cut = head - policy.keepBehindS;
  const remove = cut > first[0] + 0.5 ? { start: first[0], end: cut } : null;
  return { seekTo, remove };
}

/** TimeRanges → plain pairs (the DOM edge of decideBuffer). */
export function rangesOf(tr: { length: number; start(i: number): number; end(i: number): number }): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < tr.length; i++) out.push([tr.start(i), tr.end(i)]);
  return out;
}
