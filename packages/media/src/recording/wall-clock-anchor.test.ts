import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WallClockAnchor } from './wall-clock-anchor';

describe('wall-clock anchor', () => {
  it('takes the least-delayed sample; the start-up burst does not count', () => {
    const anchor = new WallClockAnchor();
    const t0 = 1_700_000_000_000;
    // ffmpeg probes for ~2.5 s, then writes the buffered packets in a burst: late samples.
    assert.equal(anchor.observe(t0 + 2500, 81), true);
    anchor.observe(t0 + 2950, 2_833_000); // packets that arrived during probing, printed at once
    // Real time from then on, with 5-40 ms of delivery delay.
    for (let i = 0; i < 20; i += 1) anchor.observe(t0 + 3000 + i * 500 + (i % 3 === 0 ? 5 : 40), 2_900_000 + i * 500_000);
    assert.ok(Math.abs(anchor.value! - (t0 + 100 + 5)) < 1, String(anchor.value! - t0));
  });

  it('is settled only once media arrives at its real pace', () => {
    const anchor = new WallClockAnchor();
    const t0 = 1_700_000_000_000;
    anchor.observe(t0 + 2500, 100_000);
    anchor.observe(t0 + 3000, 2_600_000); // the burst: 2.5 s of media in 0.5 s of wall time
    assert.equal(anchor.isSettled, false);
    assert.equal(anchor.value, t0 + 400);
    anchor.observe(t0 + 3500, 3_050_000); // real time from here
    assert.equal(anchor.isSettled, true);
    assert.equal(anchor.value, t0 + 400);
    anchor.observe(t0 + 4001, 3_550_000);
    assert.equal(anchor.value, t0 + 400);
  });

  it('reports only worthwhile changes, and freezes', () => {
    const anchor = new WallClockAnchor();
    assert.equal(anchor.observe(10_000, 0), true);
    assert.equal(anchor.observe(10_010, 1_000_000), true); // 990 ms earlier
    assert.equal(anchor.observe(10_995, 2_000_000), false); // 5 ms better: not worth a write
    assert.equal(anchor.value, 8995);
    assert.equal(anchor.freeze(), 8995);
    assert.equal(anchor.observe(0, 5_000_000), false);
    assert.equal(anchor.value, 8995);
  });

  it('freeze with a fallback when no sample came', () => {
    const anchor = new WallClockAnchor();
    assert.equal(anchor.freeze(1234), 1234);
    assert.equal(anchor.isFrozen, true);
  });
});
