/**
 * Pure decisions of the live follower (segment-follower.ts): which file of a recording run to follow, where a viewer
 * starts in it, when an init segment must reach the sink. No I/O, no timers.
 */
import type { SplitFragment, SplitInit, SplitOutput } from '../live/fmp4-splitter';
import { parseSegmentFileName } from './work-dir-layout';

/** Identifies a run's segment files in the work folder. */
export interface RunFiles {
  prefix: string;
  sessionId: string;
}

/** The sequence number of a file name when it is a segment of this run, else null (other runs, csv, json, …). */
export function runSegmentSequence(name: string | null | undefined, run: RunFiles): number | null {
  if (name === null || name === undefined) return null;
  const parsed = parseSegmentFileName(name);
  if (parsed === null || parsed.prefix !== run.prefix || parsed.sessionId !== run.sessionId) return null;
  return parsed.sequence;
}

/** The newest segment of this run among `names` (a folder listing): the one ffmpeg is writing, or null. */
export function newestRunSegment(names: readonly string[], run: RunFiles): number | null {
  let newest: number | null = null;
  for (const name of names) {
    const seq = runSegmentSequence(name, run);
    if (seq !== null && (newest === null || seq > newest)) newest = seq;
  }
  return newest;
}

/**
 * Where a follower starts: from what a segment held when it was first read (its init and complete fragments), the
 * init and the fragments from the last key frame on, so a viewer starts at once and at a key frame (what the
 * StreamHub's GOP cache gives a viewer that joins a running stream). Empty `gop` when no key frame was complete yet:
 * the fragments read next follow (a segment starts with a key frame).
 */
export function catchUp(outputs: readonly SplitOutput[]): { init: SplitInit | null; gop: SplitFragment[] } {
  let init: SplitInit | null = null;
  let gop: SplitFragment[] = [];
  for (const out of outputs) {
    if (out.kind === 'init') {
      init = out;
      gop = [];
    } else if (out.keyframe) gop = [out];
    else if (gop.length > 0) gop.push(out);
  }
  return { init, gop };
}

/**
 * Whether an init segment must go to the sink. Every segment file of a run starts with ftyp+moov, byte-identical
 * from one segment to the next (stream copy, one codec configuration per run): passing those on would make the live
 * hub restart every viewer at each rollover (StreamHub.pushInit). Only the first init of a following, or one whose
 * bytes changed (new codec parameters), goes on; a new run is a new follower and starts over.
 */
export function initChanged(sent: SplitInit | null, next: SplitInit): boolean {
  return sent === null || !sent.data.equals(next.data);
}

/**
 * After the file being followed was read to its end: the segment to continue with, or null to stay. ffmpeg's
 * segment muxer closes a segment (trailer written, flushed) before it opens the next one, so once a newer file of
 * the run has been seen the current one is complete. Normally the next sequence; a follower that fell a whole
 * segment behind (its file already handed over and gone) jumps to the newest one (`missing`).
 */
export function rolloverTarget(current: number, newestSeen: number | null, missing: ReadonlySet<number> = new Set()): number | null {
  if (newestSeen === null || newestSeen <= current) return null;
  const next = current + 1;
  return missing.has(next) ? newestSeen : next;
}
