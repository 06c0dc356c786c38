/** Pure time-range arithmetic of the recording timeline (epoch milliseconds, half-open [start, end)). */

export interface TimeRange {
  startMs: number;
  endMs: number;
}

/** Default largest hole between two segments that still counts as continuous recording. */
export const DEFAULT_GAP_TOLERANCE_MS = 1500;

/**
 * Merges segments (or ranges) into continuous ranges: sorted by start, a piece joins the current range when it starts
 * at most `toleranceMs` after the current range's end. The same rule as SegmentIndexRepo.ranges() in SQL.
 */
export function mergeRanges<T extends TimeRange>(pieces: readonly T[], toleranceMs: number): Array<TimeRange & { segments: number }> {
  const sorted = [...pieces].sort((a, b) => a.startMs - b.startMs);
  const out: Array<TimeRange & { segments: number }> = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last && p.startMs - last.endMs <= toleranceMs) {
      last.endMs = Math.max(last.endMs, p.endMs);
      last.segments += 1;
    } else {
      out.push({ startMs: p.startMs, endMs: p.endMs, segments: 1 });
    }
  }
  return out;
}

/** Ranges cut to [fromMs, toMs); empty results dropped. */
export function clipRanges<T extends TimeRange>(ranges: readonly T[], fromMs: number, toMs: number): T[] {
  const out: T[] = [];
  for (const r of ranges) {
    const startMs = Math.max(r.startMs, fromMs);
    const endMs = Math.min(r.endMs, toMs);
    if (endMs > startMs) out.push({ ...r, startMs, endMs });
  }
  return out;
}

/** The parts of [fromMs, toMs) not covered by the (sorted, merged) ranges. */
export function gapsBetween(ranges: readonly TimeRange[], fromMs: number, toMs: number): TimeRange[] {
  const gaps: TimeRange[] = [];
  let cursor = fromMs;
  for (const r of ranges) {
    if (r.startMs > cursor) gaps.push({ startMs: cursor, endMs: Math.min(r.startMs, toMs) });
    cursor = Math.max(cursor, r.endMs);
    if (cursor >= toMs) break;
  }
  if (cursor < toMs) gaps.push({ startMs: cursor, endMs: toMs });
  return gaps.filter((g) => g.endMs > g.startMs);
}

/** Total milliseconds covered by (non-overlapping) ranges. */
export function coveredMs(ranges: readonly TimeRange[]): number {
  return ranges.reduce((sum, r) => sum + (r.endMs - r.startMs), 0);
}
