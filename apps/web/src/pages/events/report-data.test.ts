import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bucketTotals, countSeries, duration, groupTotals, reportWindow } from './report-data';
import type { EventsReport } from './event-types';

const report: EventsReport = {
  from: 0, to: 7_200_000, bucket: 'hour', groupBy: 'camera', buckets: [0, 3_600_000], total: 9, reviewed: 2, meanTimeToAcknowledgeMs: 1000,
  series: [
    { key: 'a', label: 'Lobby', counts: [1, 2], total: 3 },
    { key: 'b', label: 'Gate', counts: [4, 2], total: 6 },
  ],
};

describe('report data', () => {
  it('sums every group per bucket', () => {
    assert.deepEqual(bucketTotals(report).map((d) => d.value), [5, 4]);
  });

  it('orders groups by total and folds the tail into "other"', () => {
    assert.deepEqual(groupTotals(report).map((d) => [d.label, d.value]), [['Gate', 6], ['Lobby', 3]]);
    assert.deepEqual(groupTotals(report, 1).map((d) => [d.label, d.value]), [['Gate', 6], ['other', 3]]);
  });

  it('turns counting points into in/out series', () => {
    const s = countSeries({ from: 0, to: 1, bucket: 'hour', totals: { in: 3, out: 1 }, points: [{ t: 5, in: 3, out: 1, samples: 2, mean: 0, peak: 0 }] });
    assert.deepEqual(s, [{ name: 'in', points: [{ x: 5, y: 3 }] }, { name: 'out', points: [{ x: 5, y: 1 }] }]);
  });

  it('says durations in words', () => {
    assert.equal(duration(null), '—');
    assert.equal(duration(4000), '4 s');
    assert.equal(duration(95_000), '1 min 35 s');
    assert.equal(duration(3_720_000), '1 h 2 min');
  });

  it('rounds the window to the minute and picks the bucket', () => {
    const w = reportWindow('24h', 90_001);
    assert.deepEqual(w, { from: 120_000 - 86_400_000, to: 120_000, bucket: 'hour' });
    assert.equal(reportWindow('7d', 0).bucket, 'day');
  });
});
