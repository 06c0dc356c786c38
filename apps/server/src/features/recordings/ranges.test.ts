import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clipRanges, coveredMs, gapsBetween, mergeRanges } from './ranges';

describe('recording ranges', () => {
  const seg = (startMs: number, endMs: number) => ({ startMs, endMs });

  it('merges contiguous segments within the tolerance and splits at larger holes', () => {
    const merged = mergeRanges([seg(8000, 12000), seg(0, 4000), seg(4000, 8000), seg(13400, 17400), seg(19000, 23000)], 1500);
    assert.deepEqual(merged, [
      { startMs: 0, endMs: 17400, segments: 4 },
      { startMs: 19000, endMs: 23000, segments: 1 },
    ]);
    assert.deepEqual(mergeRanges([], 1500), []);
  });

  it('clips ranges to a window and finds the gaps inside it', () => {
    const ranges = [seg(0, 10), seg(20, 30), seg(40, 50)];
    assert.deepEqual(clipRanges(ranges, 5, 45), [seg(5, 10), seg(20, 30), seg(40, 45)]);
    assert.deepEqual(gapsBetween(clipRanges(ranges, 5, 45), 5, 45), [seg(10, 20), seg(30, 40)]);
    assert.deepEqual(gapsBetween(ranges, -10, 60), [seg(-10, 0), seg(10, 20), seg(30, 40), seg(50, 60)]);
    assert.deepEqual(gapsBetween([], 0, 100), [seg(0, 100)]);
    assert.deepEqual(gapsBetween([seg(0, 100)], 0, 100), []);
    assert.equal(coveredMs(ranges), 30);
  });
});
