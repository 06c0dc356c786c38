import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventGate } from './event-gate';

describe('event-only recording gate', () => {
  const s = (i: number) => ({ startMs: i * 4000, durationMs: 4000, name: `s${i}` });

  it('keeps a pre-roll of N segments, discarding older ones', () => {
    const g = new EventGate<ReturnType<typeof s>>(2, 10_000);
    assert.deepEqual(g.offer(s(0)), { persist: [], discard: [] });
    assert.deepEqual(g.offer(s(1)), { persist: [], discard: [] });
    assert.deepEqual(g.offer(s(2)).discard.map((x) => x.name), ['s0']);
    assert.equal(g.buffered, 2);
  });

  it('stores the pre-roll on an event and what starts before the post-roll ends', () => {
    const g = new EventGate<ReturnType<typeof s>>(2, 10_000);
    for (const i of [0, 1, 2]) g.offer(s(i));
    assert.deepEqual(g.mark(3 * 4000).persist.map((x) => x.name), ['s1', 's2']);
    assert.deepEqual(g.offer(s(3)).persist.map((x) => x.name), ['s3'], 'starts at the event');
    assert.deepEqual(g.offer(s(4)).persist.map((x) => x.name), ['s4'], 'starts inside the post-roll');
    assert.deepEqual(g.offer(s(6)), { persist: [], discard: [] }, 'after the post-roll: buffered again');
    assert.deepEqual(g.drain().map((x) => x.name), ['s6']);
  });
});
