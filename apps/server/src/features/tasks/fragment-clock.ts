/**
 * When the fragments of a live stream were captured, as far as the decoder can tell (pure, no I/O, no timers).
 *
 * A fragment's mark starts as its arrival (`receivedAtMs`). A live camera produces stream time at the rate of the
 * wall clock, so a fragment `Δ` seconds of stream before one that arrived at `r` was captured by `r − Δ` at the
 * latest: each new mark tightens the marks before it. This matters for fragments that arrive in a burst, stamped
 * with the moment they were read rather than the moment they were captured: the GOP a new subscriber is replayed
 * (the recorder's segment file read back from its last key frame) arrives all at once, and without this its first
 * frames, up to a GOP old, would pass for fresh ones — analysed as live and reported with a latency seconds too low.
 * For fragments that arrive one by one the marks only lose their arrival jitter (a fragment that came late is dated
 * by the punctual one after it), so latencies measured from them are never understated.
 */
export interface FragmentMark {
  decodeTimeS: number;
  /** Captured at the latest (epoch ms): the arrival, or earlier where a later fragment shows it was older. */
  receivedAtMs: number;
}

/** Marks kept per stream (about 6 s at 10 fps: more than the decoder is ever allowed to lag). */
export const MARKS_KEPT = 64;

/**
 * Only marks this close on the stream tighten each other: a jump of the stream's timeline (a camera's clock reset
 * without a new init) is not taken for hours of backlog.
 */
export const MAX_TIGHTEN_SPAN_S = 10;

/** Appends `next` to `marks` (in place), tightens the earlier marks by it and keeps the newest MARKS_KEPT. */
export function addFragmentMark(marks: FragmentMark[], next: FragmentMark, keep = MARKS_KEPT): void {
  for (const m of marks) {
    const aheadS = next.decodeTimeS - m.decodeTimeS;
    if (aheadS <= 0 || aheadS > MAX_TIGHTEN_SPAN_S) continue;
    const latest = Math.round(next.receivedAtMs - aheadS * 1000); // whole ms: stream times are not exact decimals
    if (latest < m.receivedAtMs) m.receivedAtMs = latest;
  }
  marks.push({ ...next });
  if (marks.length > keep) marks.splice(0, marks.length - keep);
}
