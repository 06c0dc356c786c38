import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appendPage, loaded, mergeLive, settle } from './live-merge';
import type { EventItem } from './event-types';

const ev = (id: string, seq: number, over: Partial<EventItem> = {}): EventItem => ({
  id, seq, cameraId: 'c', cameraName: 'C', domainPath: '/', origin: { kind: 'api' }, type: 'intrusion', className: null, trackId: null,
  severity: 'minor', state: 'new', occurredAtMs: seq, confidence: null, boxes: [], count: 1, firstAtMs: seq, lastAtMs: seq, createdAtMs: seq, assigneeUserId: null, dedupKey: '', details: {}, hasCrop: false, hasSnapshot: false, incidentId: null, reviewedAt: null, reviewedBy: null, reviewReason: null, ...over,
});
const ids = (l: { items: EventItem[] }) => l.items.map((e) => e.id);

describe('live merge', () => {
  it('puts new events on top, newest first, and highlights them', () => {
    const l = mergeLive(loaded([ev('a', 1)]), [ev('b', 2), ev('c', 3)], 100);
    assert.deepEqual(ids(l), ['c', 'b', 'a']);
    assert.deepEqual([...l.fresh].sort(), ['b', 'c']);
  });

  it('updates a folded event in place instead of adding a row', () => {
    const l = mergeLive(loaded([ev('b', 2), ev('a', 1)]), [ev('a', 5, { count: 3 })], 100);
    assert.deepEqual(ids(l), ['b', 'a']);
    assert.equal(l.items[1]?.count, 3);
  });

  it('ignores a stale repeat of an event already shown (reconnect replay)', () => {
    const base = loaded([ev('a', 5, { count: 3 })]);
    const l = mergeLive(base, [ev('a', 5, { count: 3 })], 100);
    assert.equal(l.items[0]?.count, 3);
    assert.equal(l.fresh.size, 0);
  });

  it('dedupes repeats inside one batch', () => {
    const l = mergeLive(loaded([]), [ev('x', 1), ev('x', 2, { count: 2 })], 100);
    assert.deepEqual(ids(l), ['x']);
    assert.equal(l.items[0]?.count, 2);
  });

  it('keeps at most the limit and counts what it dropped', () => {
    const l = mergeLive(loaded([ev('a', 1), ev('b', 0)]), [ev('c', 3), ev('d', 4)], 3);
    assert.deepEqual(ids(l), ['d', 'c', 'a']);
    assert.equal(l.dropped, 1);
  });

  it('does not repeat a live row when the next page holds it', () => {
    const l = appendPage(mergeLive(loaded([ev('a', 2)]), [ev('n', 9)], 10), [ev('n', 9), ev('z', 1)]);
    assert.deepEqual(ids(l), ['n', 'a', 'z']);
  });

  it('settles highlights', () => {
    const l = settle(mergeLive(loaded([]), [ev('a', 1)], 10), ['a']);
    assert.equal(l.fresh.size, 0);
  });
});
