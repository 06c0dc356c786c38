import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameHandoff } from './frame-handoff';

test("drop-oldest: a full hand-off evicts the oldest item, counts it, and never waits", async () => {
  const h = new FrameHandoff<number>(2, 'drop-oldest');
  for (let i = 1; i <= 5; i++) await h.put(i);
  assert.deepEqual(h.stats(), { depth: 2, capacity: 2, put: 5, taken: 0, dropped: 3 });
  assert.equal(await h.take(), 4);
  assert.equal(await h.take(), 5);
  h.end();
  assert.equal(await h.take(), undefined);
  assert.equal(await h.put(6), undefined, 'puts after the end are ignored');
  assert.equal(h.stats().taken, 2);
});

test('block: put waits for room, nothing is lost', async () => {
  const h = new FrameHandoff<number>(1, 'block');
  await h.put(1);
  let second = false;
  const p = h.put(2).then(() => (second = true));
  await new Promise((r) => setImmediate(r));
  assert.equal(second, false, 'the second put waits');
  assert.equal(await h.take(), 1);
  await p;
  assert.equal(await h.take(), 2);
  assert.equal(h.stats().dropped, 0);
});

test('a waiting taker gets the next item directly; the failure comes after the queued items', async () => {
  const h = new FrameHandoff<string>(4, 'drop-oldest');
  const waiting = h.take();
  await h.put('a');
  assert.equal(await waiting, 'a');
  await h.put('b');
  h.fail(new Error('camera gone'));
  assert.equal(await h.take(), 'b');
  await assert.rejects(h.take(), /camera gone/);
  const pending = new FrameHandoff<string>(1, 'drop-oldest');
  const t = pending.take();
  pending.fail(new Error('boom'));
  await assert.rejects(t, /boom/);
});

test('close() discards items and releases takers and blocked putters', async () => {
  const h = new FrameHandoff<number>(1, 'block');
  await h.put(1);
  const blocked = h.put(2);
  h.close();
  assert.equal(await blocked, undefined);
  assert.equal(await h.take(), undefined);
  const t = new FrameHandoff<number>(1, 'block');
  const taker = t.take();
  t.close();
  assert.equal(await taker, undefined);
  assert.equal(t.ended, true);
});
