import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventHoldRanges } from './event-hold-ranges';

describe('EventHoldRanges', () => {
  it('merges overlapping and nearby ranges per camera, keeps distant ones apart', () => {
    const r = new EventHoldRanges(1_000);
    r.add({ cameraId: 'a', fromMs: 10_000, toMs: 20_000 });
    r.add({ cameraId: 'b', fromMs: 10_000, toMs: 11_000 });
    r.add({ cameraId: 'a', fromMs: 5_000, toMs: 12_000 });
    r.add({ cameraId: 'a', fromMs: 20_500, toMs: 25_000 });
    r.add({ cameraId: 'a', fromMs: 40_000, toMs: 41_000 });
    assert.equal(r.size, 5);
    assert.deepEqual(r.take(), [
      { cameraId: 'a', fromMs: 5_000, toMs: 25_000 },
      { cameraId: 'a', fromMs: 40_000, toMs: 41_000 },
      { cameraId: 'b', fromMs: 10_000, toMs: 11_000 },
    ]);
    assert.equal(r.size, 0);
    assert.deepEqual(r.take(), []);
  });

  it('keeps a range inside another as the outer one', () => {
    const r = new EventHoldRanges(0);
    r.add({ cameraId: 'a', fromMs: 0, toMs: 100 });
    r.add({ cameraId: 'a', fromMs: 10, toMs: 20 });
    assert.deepEqual(r.take(), [{ cameraId: 'a', fromMs: 0, toMs: 100 }]);
  });
});
