import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { filterFromQuery } from '../events/event-filters';
import { runEventsHref, runRangeProblem, runSourceText } from './task-runs-view';

const T0 = Date.UTC(2026, 0, 31, 10, 0, 0);
const rangeRun = { source: 'range' as const, file: null, cameraId: 'cam_1', fromMs: T0, toMs: T0 + 600_000, gaps: [{ fromMs: T0, toMs: T0 + 30_000 }], startedAtMs: T0 + 3_600_000, finishedAtMs: null };

describe('offline run helpers', () => {
  it('check a range like the server: both times, ordered, not longer than a day', () => {
    assert.equal(runRangeProblem(Number.NaN, T0), 'Enter both times.');
    assert.equal(runRangeProblem(T0, T0), 'The end must be after the start.');
    assert.equal(runRangeProblem(T0, T0 + 25 * 3_600_000), 'At most 24 hours per run.');
    assert.equal(runRangeProblem(T0, T0 + 600_000), '');
  });

  it('say what a run covers, gaps included', () => {
    assert.match(runSourceText(rangeRun), /30 s without video, 1 gaps/);
    assert.equal(runSourceText({ ...rangeRun, source: 'file', file: '/media/a.mp4' }), 'file /media/a.mp4');
  });

  it('link to the event list filtered to the camera and the recorded range', () => {
    const f = filterFromQuery(new URLSearchParams(runEventsHref(rangeRun).split('?')[1]));
    assert.equal(f.range, 'custom');
    assert.deepEqual([f.fromMs, f.toMs, f.cameraIds], [T0, T0 + 600_000, ['cam_1']]);
  });
});
