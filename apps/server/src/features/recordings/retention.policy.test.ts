import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { effectiveCeiling, planHeldEviction, planRetention, type RetentionCandidate } from './retention.policy';

const HOUR = 3600_000;
const now = Date.parse('2026-05-01T00:00:00Z');
const seg = (id: string, cameraId: string, ageHours: number, sizeBytes: number, keepUntilMs: number | null = null): RetentionCandidate => ({
  id,
  cameraId,
  startMs: now - ageHours * HOUR,
  endMs: now - ageHours * HOUR + 4000,
  sizeBytes,
  keepUntilMs,
});
const none = { maxAgeMs: null, maxBytes: null };

describe('retention policy', () => {
  it('deletes what is older than the camera\'s maximum age, oldest first, and nothing else', () => {
    const plan = planRetention({
      nowMs: now,
      cameras: [{ cameraId: 'a', usedBytes: 300, policy: { maxAgeMs: 48 * HOUR, maxBytes: null } }],
      defaultPolicy: none,
      totalBytes: 300,
      ceilingBytes: null,
      candidates: [seg('s2', 'a', 49, 100), seg('s1', 'a', 72, 100), seg('s3', 'a', 47, 100)],
    });
    assert.deepEqual(plan.deletions.map((d) => [d.id, d.reason]), [['s1', 'max-age'], ['s2', 'max-age']]);
    assert.equal(plan.freedBytes, 200);
  });

  it('trims a camera above its size limit from its oldest segment until it fits', () => {
    const plan = planRetention({
      nowMs: now,
      cameras: [
        { cameraId: 'a', usedBytes: 500, policy: { maxAgeMs: null, maxBytes: 250 } },
        { cameraId: 'b', usedBytes: 500, policy: none },
      ],
      defaultPolicy: none,
      totalBytes: 1000,
      ceilingBytes: null,
      candidates: [seg('b1', 'b', 10, 100), seg('a1', 'a', 9, 100), seg('a2', 'a', 8, 100), seg('a3', 'a', 7, 100), seg('a4', 'a', 6, 100)],
    });
    assert.deepEqual(plan.deletions.map((d) => d.id), ['a1', 'a2', 'a3']);
    assert.deepEqual(plan.camerasOverSize, []);
  });

  it('under the global ceiling takes the oldest of any camera, skipping kept segments', () => {
    const plan = planRetention({
      nowMs: now,
      cameras: [
        { cameraId: 'a', usedBytes: 300, policy: none },
        { cameraId: 'b', usedBytes: 300, policy: none },
      ],
      defaultPolicy: none,
      totalBytes: 600,
      ceilingBytes: 350,
      candidates: [seg('a1', 'a', 10, 100, now + HOUR), seg('b1', 'b', 9, 100), seg('a2', 'a', 8, 100), seg('b2', 'b', 7, 100), seg('a3', 'a', 1, 100, now - 1)],
    });
    assert.deepEqual(plan.deletions.map((d) => [d.id, d.reason]), [['b1', 'disk-ceiling'], ['a2', 'disk-ceiling'], ['b2', 'disk-ceiling']]);
    assert.equal(plan.overCeilingBytes, 0);
  });

  it('reports what is still over when the window of candidates runs out', () => {
    const plan = planRetention({
      nowMs: now,
      cameras: [{ cameraId: 'a', usedBytes: 1000, policy: { maxAgeMs: null, maxBytes: 100 } }],
      defaultPolicy: none,
      totalBytes: 1000,
      ceilingBytes: 200,
      candidates: [seg('a1', 'a', 3, 100), seg('a1', 'a', 3, 100)],
    });
    assert.equal(plan.deletions.length, 1, 'a candidate counts once');
    assert.equal(plan.overCeilingBytes, 700);
    assert.deepEqual(plan.camerasOverSize, ['a']);
  });

  it('applies the default policy to recordings of cameras it does not know (deleted cameras)', () => {
    const plan = planRetention({
      nowMs: now,
      cameras: [],
      defaultPolicy: { maxAgeMs: 24 * HOUR, maxBytes: null },
      totalBytes: 200,
      ceilingBytes: null,
      candidates: [seg('x1', 'gone', 30, 100), seg('x2', 'gone', 2, 100)],
    });
    assert.deepEqual(plan.deletions.map((d) => d.id), ['x1']);
  });

  it('derives the ceiling from bytes and from the share of the volume', () => {
    assert.equal(effectiveCeiling({ managedBytes: 1000, ceilingBytes: 0, ceilingPercent: 0, volume: null }), null);
    assert.equal(effectiveCeiling({ managedBytes: 1000, ceilingBytes: 800, ceilingPercent: 0, volume: null }), 800);
    // volume 10 000 bytes, 9 500 used, 90 % allowed → 500 over → recordings may keep 1000 - 500.
    assert.equal(effectiveCeiling({ managedBytes: 1000, ceilingBytes: 0, ceilingPercent: 90, volume: { totalBytes: 10_000, usedBytes: 9_500 } }), 500);
    assert.equal(effectiveCeiling({ managedBytes: 1000, ceilingBytes: 0, ceilingPercent: 90, volume: { totalBytes: 10_000, usedBytes: 5_000 } }), 1000);
    assert.equal(effectiveCeiling({ managedBytes: 1000, ceilingBytes: 300, ceilingPercent: 90, volume: { totalBytes: 10_000, usedBytes: 9_500 } }), 300);
  });
});

describe('retention: held video under disk pressure (the last resort)', () => {
  it('gives up held segments oldest first, only as many as the excess needs', () => {
    const held = [seg('h3', 'a', 1, 100, now + HOUR), seg('h1', 'b', 30, 100, now + HOUR), seg('h2', 'a', 20, 100, now + HOUR)];
    assert.deepEqual(planHeldEviction(held, 150).map((d) => [d.id, d.reason]), [['h1', 'held-disk-ceiling'], ['h2', 'held-disk-ceiling']]);
    assert.deepEqual(planHeldEviction(held, 0), [], 'nothing over: nothing goes');
    assert.equal(planHeldEviction(held, 10_000).length, 3, 'at most every held segment');
  });
});
