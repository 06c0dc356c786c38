/**
 * Where the recorded wall clock lies in a clip cut from a camera's segments (exports/export-clip.ts: planCut, the
 * concat demuxer). The demuxer places the segments back to back: each entry starts where the previous one's
 * `durationS` ends, so a hole in the recording (a camera outage, a restart) disappears from the clip. Mapping a
 * frame's clip time back to its recorded time therefore works per segment, not with one offset. Pure.
 */
import type { CutInput, CutPlan } from '../exports/export-clip';
import { clipRanges, gapsBetween, mergeRanges, type TimeRange } from '../recordings/ranges';

/** One segment's part of the clip: from clip time `clipStartS` on it shows the recording from `wallStartMs`. */
export interface TimelinePiece {
  clipStartS: number;
  wallStartMs: number;
  wallEndMs: number;
}

/** The pieces of a cut, in clip order (one per concat entry). */
export function rangeTimeline(inputs: readonly Pick<CutInput, 'startMs' | 'endMs'>[], plan: CutPlan): TimelinePiece[] {
  const pieces: TimelinePiece[] = [];
  let clipS = 0;
  for (const [i, entry] of plan.entries.entries()) {
    const input = inputs[i];
    if (!input) break;
    const wallStartMs = i === 0 ? plan.actualStartMs : input.startMs;
    const wallEndMs = i === plan.entries.length - 1 ? plan.actualEndMs : input.endMs;
    pieces.push({ clipStartS: clipS, wallStartMs, wallEndMs });
    clipS += entry.durationS ?? (wallEndMs - wallStartMs) / 1000;
  }
  return pieces;
}

/** Seconds of video the clip holds. */
export function timelineSeconds(pieces: readonly TimelinePiece[]): number {
  const last = pieces[pieces.length - 1];
  return last ? last.clipStartS + (last.wallEndMs - last.wallStartMs) / 1000 : 0;
}

/** The recorded wall clock (epoch ms) of clip time `clipS`: the piece holding it, plus the time into that piece. */
export function wallClockAt(pieces: readonly TimelinePiece[], clipS: number): number {
  let piece = pieces[0];
  if (!piece) throw new Error('an empty timeline has no wall clock');
  for (const p of pieces) {
    if (p.clipStartS <= clipS + 1e-6) piece = p;
    else break;
  }
  return Math.min(piece.wallEndMs, piece.wallStartMs + Math.max(0, clipS - piece.clipStartS) * 1000);
}

/** The recorded ranges a timeline covers: its pieces merged when the hole between them is at most `toleranceMs` (as on the timeline). */
export function coveredRanges(pieces: readonly TimelinePiece[], toleranceMs: number): TimeRange[] {
  return mergeRanges(pieces.map((p) => ({ startMs: p.wallStartMs, endMs: p.wallEndMs })), toleranceMs).map(({ startMs, endMs }) => ({ startMs, endMs }));
}

/** The parts of the requested [fromMs, toMs) without recorded video. */
export function rangeGaps(covered: readonly TimeRange[], fromMs: number, toMs: number): TimeRange[] {
  return gapsBetween(clipRanges(covered, fromMs, toMs), fromMs, toMs);
}
