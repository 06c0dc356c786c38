// The retry delays themselves are the recorder's backoff (@argus/media/recording: exponential with full jitter).

/** True when an event that first failed at `firstFailureMs` should be given up at `nowMs` (giveUpAfterHours 0 = never). */
export function shouldGiveUp(firstFailureMs: number, nowMs: number, giveUpAfterHours: number): boolean {
  return giveUpAfterHours > 0 && nowMs - firstFailureMs >= giveUpAfterHours * 3_600_000;
}
