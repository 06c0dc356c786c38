import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addFragmentMark, type FragmentMark } from './fragment-clock';

describe('fragment clock: capture times of live fragments', () => {
  it('leaves fragments that arrive at the pace of the stream as they are', () => {
    const marks: FragmentMark[] = [];
    for (let i = 0; i < 10; i++) addFragmentMark(marks, { decodeTimeS: 50 + i * 0.1, receivedAtMs: 1000 + i * 100 });
    assert.deepEqual(marks.map((m) => m.receivedAtMs), [1000, 1100, 1200, 1300, 1400, 1500, 1600, 1700, 1800, 1900]);
  });

  it('dates a GOP delivered in one burst back from its newest fragment (regression: a replayed GOP passed for live)', () => {
    const marks: FragmentMark[] = [];
    // 2 s of stream read back at once at t = 5000 (the recorder's segment file from its last key frame)
    for (let i = 0; i < 20; i++) addFragmentMark(marks, { decodeTimeS: 10 + i * 0.1, receivedAtMs: 5000 });
    assert.equal(marks[0]!.receivedAtMs, 5000 - 1900, 'the key frame was captured 1.9 s before the newest fragment');
    assert.equal(marks[10]!.receivedAtMs, 5000 - 900);
    assert.equal(marks[19]!.receivedAtMs, 5000);
    // then live, one fragment per 100 ms: nothing moves any more
    addFragmentMark(marks, { decodeTimeS: 12, receivedAtMs: 5100 });
    assert.equal(marks[0]!.receivedAtMs, 3100);
    assert.equal(marks.at(-1)!.receivedAtMs, 5100);
  });

  it('dates a fragment that arrived late by the punctual one after it (latency is never understated)', () => {
    const marks: FragmentMark[] = [];
    addFragmentMark(marks, { decodeTimeS: 1.0, receivedAtMs: 1000 });
    addFragmentMark(marks, { decodeTimeS: 1.1, receivedAtMs: 1250 }); // 150 ms late
    addFragmentMark(marks, { decodeTimeS: 1.2, receivedAtMs: 1200 });
    assert.deepEqual(marks.map((m) => m.receivedAtMs), [1000, 1100, 1200]);
  });

  it('ignores a timeline that jumps or goes back, and keeps only the newest marks', () => {
    const marks: FragmentMark[] = [];
    addFragmentMark(marks, { decodeTimeS: 100, receivedAtMs: 1000 });
    addFragmentMark(marks, { decodeTimeS: 5000, receivedAtMs: 1100 }); // a clock jump, not hours of backlog
    addFragmentMark(marks, { decodeTimeS: 3, receivedAtMs: 1200 }); // a new timeline
    assert.deepEqual(marks.map((m) => m.receivedAtMs), [1000, 1100, 1200]);
    for (let i = 0; i < 100; i++) addFragmentMark(marks, { decodeTimeS: 4 + i, receivedAtMs: 2000 + i * 1000 }, 8);
    assert.equal(marks.length, 8);
    assert.equal(marks[0]!.decodeTimeS, 96);
  });
});
