/**
 * Pure: the extra output of a recording run that feeds live view (the "live tap"). The same stream-copied video
 * packets the segment muxer gets are also written as fragmented MP4 with short fragments to the pipe on fd 3, with
 * the live remux's muxer options (see live/live-remux-args.ts), so one camera connection serves recording and live.
 * Audio is not carried (live view is video only). These options follow the recorder's own output, so they apply to
 * this output alone.
 */

import { liveFragmentOutputArgs } from '../live/live-remux-args';

/** The file descriptor the tap writes to (spawn stdio index). */
export const LIVE_TAP_FD = 3;

export function buildLiveTapOutputArgs(fragmentMs: number): string[] {
  return liveFragmentOutputArgs(fragmentMs, `pipe:${LIVE_TAP_FD}`);
}
