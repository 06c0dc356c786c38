import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MIN_RESTART_DELAY_MS, backoffCap, backoffDelay } from './backoff';

describe('backoff', () => {
  const policy = { initialMs: 250, maxMs: 4000 };

  it('grows exponentially from initialMs to maxMs', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 50].map((n) => backoffCap(n, policy)), [250, 500, 1000, 2000, 4000, 4000, 4000]);
  });

  it('full jitter between initialMs and the cap', () => {
    assert.equal(backoffDelay(4, policy, () => 0), 250);
    assert.equal(backoffDelay(4, policy, () => 0.5), 1125);
    assert.equal(backoffDelay(4, policy, () => 0.999999), 2000);
    for (let i = 0; i < 1000; i += 1) {
      const d = backoffDelay(1 + (i % 8), policy);
      assert.ok(d >= 250 && d <= 4000, String(d));
    }
  });

  it('never a tight loop, whatever the configuration', () => {
    assert.equal(backoffDelay(1, { initialMs: 0, maxMs: 0 }, () => 0), MIN_RESTART_DELAY_MS);
    assert.equal(backoffDelay(3, { initialMs: -5, maxMs: 10 }, () => 1), MIN_RESTART_DELAY_MS);
    assert.equal(backoffCap(1, { initialMs: 1000, maxMs: 10 }), 1000, 'maxMs below initialMs: initialMs wins');
    assert.equal(backoffDelay(0, policy, () => 1), 250);
  });
});
