import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameRing } from './frame-ring';

test('newest wins: a full ring evicts the oldest and counts the drop', () => {
  const r = new FrameRing<number>(3);
  assert.equal(r.push(1), undefined);
  r.push(2);
  r.push(3);
  assert.equal(r.full, true);
  assert.equal(r.push(4), 1);
  assert.equal(r.push(5), 2);
  assert.equal(r.dropped, 2);
  assert.equal(r.pushed, 5);
  assert.deepEqual([r.shift(), r.shift(), r.shift(), r.shift()], [3, 4, 5, undefined]);
  r.push(6);
  assert.equal(r.size, 1);
  r.clear();
  assert.equal(r.size, 0);
  assert.equal(r.shift(), undefined);
});

test('capacity must be a positive integer', () => {
  assert.throws(() => new FrameRing(0), /positive integer/);
  assert.throws(() => new FrameRing(1.5), /positive integer/);
});
