import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FairQueue } from './fair-queue';

function fill(q: FairQueue<string>, key: string, n: number): void {
  for (let i = 0; i < n; i++) q.push(key, `${key}${i}`);
}

test('equal shares: round robin, one frame per camera per round, so a batch mixes cameras', () => {
  const q = new FairQueue<string>();
  for (const k of ['a', 'b', 'c']) q.add(k, { capacity: 10 });
  fill(q, 'a', 5);
  fill(q, 'b', 1);
  fill(q, 'c', 2);
  assert.deepEqual(q.takeBatch(3).map((x) => x.item), ['a0', 'b0', 'c0']);
  assert.deepEqual(q.takeBatch(10).map((x) => x.item), ['a1', 'c1', 'a2', 'a3', 'a4']);
  assert.equal(q.size, 0);
});

test('shares: share 2 gets twice the frames of share 1 while both are backlogged', () => {
  const q = new FairQueue<string>();
  q.add('big', { share: 2, capacity: 100 });
  q.add('small', { share: 1, capacity: 100 });
  fill(q, 'big', 60);
  fill(q, 'small', 60);
  const served = q.takeBatch(30).map((x) => x.key);
  assert.equal(served.filter((k) => k === 'big').length, 20);
  assert.equal(served.filter((k) => k === 'small').length, 10);
});

test('priority is strict: a higher-priority camera is always served first', () => {
  const q = new FairQueue<string>();
  q.add('low', { capacity: 10 });
  q.add('high', { priority: 1, capacity: 10 });
  fill(q, 'low', 3);
  fill(q, 'high', 2);
  assert.deepEqual(q.takeBatch(4).map((x) => x.item), ['high0', 'high1', 'low0', 'low1']);
});

test('a full camera queue drops its own oldest frame only, counted per camera', () => {
  const q = new FairQueue<string>();
  q.add('flood', { capacity: 2 });
  q.add('calm', { capacity: 2 });
  q.push('calm', 'calm0');
  const evicted = ['f0', 'f1', 'f2', 'f3'].map((f) => q.push('flood', f));
  assert.deepEqual(evicted, [undefined, undefined, 'f0', 'f1']);
  assert.deepEqual(q.counts('flood'), { queued: 2, pushed: 4, taken: 0, dropped: 2 });
  assert.deepEqual(q.counts('calm'), { queued: 1, pushed: 1, taken: 0, dropped: 0 });
  assert.deepEqual(q.takeBatch(3).map((x) => x.item), ['f2', 'calm0', 'f3']);
});

test('an idle camera earns no credit; members can leave with their queued items', () => {
  const q = new FairQueue<string>();
  q.add('busy', { capacity: 100 });
  q.add('idle', { capacity: 100 });
  fill(q, 'busy', 50);
  q.takeBatch(40);
  fill(q, 'idle', 10);
  const next = q.takeBatch(6).map((x) => x.key);
  assert.equal(next.filter((k) => k === 'idle').length, 3, `interleaved, not 6 in a row: ${next.join(',')}`);
  assert.deepEqual(q.remove('idle').length, 7);
  assert.equal(q.has('idle'), false);
  assert.throws(() => q.push('idle', 'x'), /not a member/);
  assert.throws(() => q.add('busy'), /already/);
  assert.throws(() => q.add('bad', { share: 0 }), /share/);
});
