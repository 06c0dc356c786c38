// Pure helpers of the offline-run dialog and table: range checks that mirror the server, what a run analysed, and
// where its events are in the event list.

/** Longest range one run may cover by default (the server's recording.export.maxSeconds; it has the last word). */
const MAX_RANGE_MS = 24 * 3_600_000;

/** Why a range cannot be run ('' when it can). */
export function runRangeProblem(fromMs: number, toMs: number): string {
  if (Number.isNaN(fromMs) || Number.isNaN(toMs)) return 'Enter both times.';
  if (toMs <= fromMs) return 'The end must be after the start.';
  if (toMs - fromMs > MAX_RANGE_MS) return 'At most 24 hours per run.';
  return '';
}

interface RunLike {
  source: 'file' | 'range' | 'upload';
  file: string | null;
  cameraId: string;
  fromMs: number | null;
  toMs: number | null;
  gaps: Array<{ fromMs: number; toMs: number }>;
  startedAtMs: number;
  finishedAtMs: number | null;
}

const clock = (ms: number) => new Date(ms).toLocaleString();

/** One line saying what the run analyses, with the recording's gaps. */
export function runSourceText(run: RunLike): string {
  if (run.source === 'file') return `file ${run.file ?? ''}`;
  if (run.source === 'upload') return `uploaded ${run.file ?? ''}`;
  const range = `${clock(run.fromMs ?? 0)} – ${clock(run.toMs ?? 0)}`;
  const gapMs = run.gaps.reduce((n, g) => n + (g.toMs - g.fromMs), 0);
  return gapMs > 0 ? `${range} (${Math.round(gapMs / 1000)} s without video, ${run.gaps.length} gaps)` : range;
}

/**
 * The event list showing the run's events: the camera over the recorded range (range runs), or over the time the run
 * took (file runs stamp their events from the start of the run).
 */
export function runEventsHref(run: RunLike, now = Date.now()): string {
  const from = run.source === 'range' ? (run.fromMs ?? 0) : run.startedAtMs;
  const to = run.source === 'range' ? (run.toMs ?? now) : Math.max(run.finishedAtMs ?? now, now);
  const q = new URLSearchParams({ range: 'custom', from: String(from), to: String(to), cameras: run.cameraId });
  return `/events?${q.toString()}`;
}
