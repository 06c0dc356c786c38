import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gateMisses, staticSkipShare } from './tracking-gate-eval';

test('gateMisses: detector-off gaps longer than the limit while a person is present', () => {
  const runs = [0, 0.5, 1.0, 3.0, 3.4];
  const presence = new Map<number, [number, number]>([
    [1, [0.2, 2.5]], // present during the 1.0 → 3.0 gap for 1.5 s: a miss
    [2, [3.1, 3.3]], // between runs 3.0 and 3.4 only: fine
    [3, [3.5, 5.0]], // after the last run, 1.5 s without detector: a miss
    [4, [1.2, 1.9]], // inside the long gap but for only 0.7 s
  ]);
  const m = gateMisses(runs, presence, 1);
  assert.deepEqual(
    m.map((x) => [x.gtId, x.fromS, x.toS]),
    [
      [1, 1.0, 2.5],
      [3, 3.5, 5.0],
    ],
  );
  assert.equal(gateMisses([], new Map([[1, [0, 0.9]]]), 1).length, 0);
});

test('staticSkipShare counts only frames inside the stretches', () => {
  const trace = [0, 0.2, 0.4, 0.6, 0.8, 1.0].map((t, i) => ({ index: i, ptsS: t, run: i % 3 === 0, reason: 'idle' as const }));
  assert.deepEqual(staticSkipShare(trace, [[0.2, 0.8]]), { frames: 4, skipped: 3, share: 0.75 });
  assert.deepEqual(staticSkipShare(trace, []), { frames: 0, skipped: 0, share: 0 });
});
