import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countCrossings, countingError, LineCrossingCounter, parseLine } from './crossings';
import type { Box } from '../types';

const size = { width: 100, height: 100 };
const H = parseLine('0,0.5,1,0.5'); // horizontal, left to right: A above, B below
/** A 10×20 box whose bottom-centre is at (cx, bottomY). */
const at = (cx: number, bottomY: number): Box => ({ x: cx - 5, y: bottomY - 20, w: 10, h: 20 });

test('parseLine validates', () => {
  assert.deepEqual(parseLine('0, 0.5, 1, 0.5'), { x1: 0, y1: 0.5, x2: 1, y2: 0.5 });
  assert.throws(() => parseLine('0,0.5,1'), /four numbers/);
  assert.throws(() => parseLine('0,0.5,1,1.5'), /0\.\.1/);
  assert.throws(() => parseLine('0.3,0.3,0.3,0.3'), /zero length/);
});

test('walking down counts A→B, walking up counts B→A, judged by the bottom-centre', () => {
  const c = new LineCrossingCounter(H, size, { bandPx: 2 });
  const ys = [30, 40, 48, 53, 60];
  ys.forEach((y, f) => c.process(f, [{ id: 1, box: at(50, y) }]));
  // Box top is at 40 when bottom is 60: only the bottom matters.
  [70, 55, 45, 20].forEach((y, f) => c.process(10 + f, [{ id: 2, box: at(30, y) }]));
  assert.equal(c.a2b, 1);
  assert.equal(c.b2a, 1);
  assert.deepEqual(
    c.events.map((e) => [e.trackId, e.direction, e.frame]),
    [
      [1, 'a2b', 3],
      [2, 'b2a', 12],
    ],
  );
});

test('jitter on the line does not double count; a real return counts both ways', () => {
  const c = new LineCrossingCounter(H, size, { bandPx: 3 });
  const ys = [40, 45, 49, 51, 49.5, 52, 48.5, 51.5, 50, 56, 60];
  ys.forEach((y, f) => c.process(f, [{ id: 1, box: at(50, y) }]));
  assert.equal(c.a2b, 1);
  assert.equal(c.b2a, 0);
  [54, 40].forEach((y, f) => c.process(20 + f, [{ id: 1, box: at(50, y) }]));
  assert.equal(c.b2a, 1);
});

test('a track starting on the line waits until it leaves the band; passing beyond the segment does not count', () => {
  const seg = parseLine('0.4,0.5,0.6,0.5');
  const c = new LineCrossingCounter(seg, size, { bandPx: 2 });
  [50, 49, 60].forEach((y, f) => c.process(f, [{ id: 1, box: at(50, y) }]));
  assert.equal(c.a2b, 0, 'first clear side is B (started inside the band)');
  [40, 60].forEach((y, f) => c.process(f, [{ id: 2, box: at(90, y) }]));
  assert.equal(c.a2b, 0, 'crossed the infinite line at x=90, outside the segment');
  [40, 60].forEach((y, f) => c.process(f, [{ id: 3, box: at(45, y) }]));
  assert.equal(c.a2b, 1);
});

test('diagonal line: sides follow the direction of the segment', () => {
  const d = parseLine('0,0,1,1'); // going down-right: A is to the upper right on screen
  const c = new LineCrossingCounter(d, size, { bandPx: 1 });
  [
    [80, 20],
    [20, 80],
  ].forEach(([x, y], f) => c.process(f, [{ id: 1, box: at(x!, y!) }]));
  assert.equal(c.a2b, 1);
});

test('countCrossings over a sequence and the counting error', () => {
  const frames = new Map<number, Array<{ id: number; box: Box }>>();
  for (let f = 1; f <= 10; f++) frames.set(f, [{ id: 1, box: at(50, 20 + 6 * f) }, { id: 2, box: at(20, 90 - 6 * f) }]);
  const r = countCrossings(frames, H, size);
  assert.equal(r.a2b, 1);
  assert.equal(r.b2a, 1);
  assert.deepEqual(countingError({ a2b: 3, b2a: 4 }, { a2b: 4, b2a: 4 }), { a2b: 0.25, b2a: 0, total: 1 / 8 });
  assert.deepEqual(countingError({ a2b: 0, b2a: 1 }, { a2b: 0, b2a: 0 }), { a2b: 0, b2a: 1, total: 1 });
});
