/** A stored offline run as the API shows it (task-runs.schemas.ts). Pure. */
import { isoAt } from '../../util/clock';
import type { TimeRange } from '../recordings/ranges';
import { rangeGaps } from './range-timeline';
import type { TaskRunRow } from './task-runs.repo';
import type { TaskRunView } from './task-runs.schemas';

const rangeView = (r: TimeRange) => ({ from: isoAt(r.startMs), to: isoAt(r.endMs), fromMs: r.startMs, toMs: r.endMs });

/** `live` carries the progress and event count of a run this process is running (fresher than the row). */
export function taskRunView(row: TaskRunRow, live?: { progress: number; events: number }): TaskRunView {
  const covered = row.covered ? (JSON.parse(row.covered) as TimeRange[]) : [];
  const range = row.from_ms !== null && row.to_ms !== null ? { fromMs: row.from_ms, toMs: row.to_ms } : null;
  // Gaps are known once the recording has been read (covered is set), and only for ranges.
  const gaps = range && row.covered ? rangeGaps(covered, range.fromMs, range.toMs) : [];
  const startedAtMs = Date.parse(row.started_at);
  return {
    id: row.id,
    taskId: row.task_id,
    cameraId: row.camera_id,
    source: row.source,
    file: row.file,
    startS: row.start_s,
    durationS: row.duration_s,
    from: range ? isoAt(range.fromMs) : null,
    to: range ? isoAt(range.toMs) : null,
    fromMs: range?.fromMs ?? null,
    toMs: range?.toMs ?? null,
    covered: covered.map(rangeView),
    gaps: gaps.map(rangeView),
    state: row.state,
    progress: Math.round((live?.progress ?? row.progress) * 1000) / 1000,
    events: live?.events ?? row.events,
    error: row.error,
    createdBy: { id: row.created_by_id, name: row.created_by_name },
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    startedAtMs,
    finishedAtMs: row.finished_at ? Date.parse(row.finished_at) : null,
  };
}
