/**
 * Pure: how many segments a recording lost. A segment is lost when the sequence of a run skips a number, when a
 * new run (ffmpeg restart) begins mid-measurement, or when there is a wall-clock gap between consecutive segments.
 */
import type { ClosedSegment } from '../../packages/media/src/recording/types';

export interface LossReport {
  segments: number;
  lost: number;
  restarts: number;
  maxGapMs: number;
  recordedMs: number;
}

export function countLostSegments(segments: readonly ClosedSegment[], toleranceMs: number): LossReport {
  const sorted = [...segments].sort((a, b) => a.startMs - b.startMs);
  let lost = 0;
  let restarts = 0;
  let maxGapMs = 0;
  let recordedMs = 0;
  for (const [i, s] of sorted.entries()) {
    recordedMs += s.durationMs;
    const prev = sorted[i - 1];
    if (prev === undefined) continue;
    const gap = s.startMs - (prev.startMs + prev.durationMs);
    maxGapMs = Math.max(maxGapMs, Math.abs(gap));
    if (s.sessionId !== prev.sessionId) {
      restarts += 1;
      lost += 1;
      continue;
    }
    const skipped = s.sequence - prev.sequence - 1;
    if (skipped > 0) lost += skipped;
    else if (Math.abs(gap) > toleranceMs) lost += 1;
  }
  return { segments: sorted.length, lost, restarts, maxGapMs, recordedMs };
}
