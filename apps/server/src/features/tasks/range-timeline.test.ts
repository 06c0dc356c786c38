import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planCut } from '../exports/export-clip';
import { coveredRanges, rangeGaps, rangeTimeline, timelineSeconds, wallClockAt } from './range-timeline';

const T0 = Date.UTC(2026, 0, 31, 10, 0, 0);

describe('range timeline: clip time → recorded wall clock, per segment', () => {
  // Two sessions: 10:00:00–10:00:04 and 10:00:04–10:00:08, an outage, then 10:01:00–10:01:04.
  const segments = [
    { file: 'a.mp4', startMs: T0, endMs: T0 + 4000, keyframes: { firstPtsS: 100, keyframesS: [100, 102] } },
    { file: 'b.mp4', startMs: T0 + 4000, endMs: T0 + 8000 },
    { file: 'c.mp4', startMs: T0 + 60_000, endMs: T0 + 64_000, keyframes: { firstPtsS: 0, keyframesS: [0, 2] } },
  ];

  it('maps each segment of the clip onto its own start, so the time after an outage is not shifted', () => {
    const plan = planCut(segments, T0 + 2500, T0 + 61_000);
    assert.equal(plan.actualStartMs, T0 + 2000, 'cut on the key frame before the start');
    const pieces = rangeTimeline(segments, plan);
    assert.deepEqual(pieces.map((p) => p.clipStartS), [0, 2, 6]);
    assert.equal(wallClockAt(pieces, 0), T0 + 2000);
    assert.equal(wallClockAt(pieces, 1.5), T0 + 3500);
    assert.equal(wallClockAt(pieces, 3), T0 + 5000, 'second segment');
    assert.equal(wallClockAt(pieces, 6.5), T0 + 60_500, 'after the outage: the third segment\'s own start, not +6.5 s');
    assert.equal(plan.actualEndMs, T0 + 62_000);
    assert.equal(timelineSeconds(pieces), 8);
    assert.equal(wallClockAt(pieces, 99), T0 + 62_000, 'never past the end of the last piece');
  });

  it('reports the covered ranges and the gaps of the requested range', () => {
    const plan = planCut(segments, T0 + 2500, T0 + 70_000);
    const covered = coveredRanges(rangeTimeline(segments, plan), 1500);
    const gaps = rangeGaps(covered, T0 + 2500, T0 + 70_000);
    assert.deepEqual(covered, [{ startMs: T0 + 2000, endMs: T0 + 8000 }, { startMs: T0 + 60_000, endMs: T0 + 64_000 }]);
    assert.deepEqual(gaps, [{ startMs: T0 + 8000, endMs: T0 + 60_000 }, { startMs: T0 + 64_000, endMs: T0 + 70_000 }]);
  });

  it('refuses an empty timeline instead of inventing a time', () => {
    assert.throws(() => wallClockAt([], 1), /empty timeline/);
  });
});
