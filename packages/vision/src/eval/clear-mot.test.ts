import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clearMot } from './clear-mot';
import type { IdBox } from './mot-format';

const b = (id: number, x: number, y = 0, w = 10, h = 10): IdBox => ({ id, box: { x, y, w, h } });
const seq = (frames: IdBox[][]): Map<number, IdBox[]> => new Map(frames.map((f, i) => [i + 1, f]));

test('hand-computed: matches, an identity swap, a miss and a false positive', () => {
  const gt = seq([
    [b(1, 0), b(2, 20)],
    [b(1, 1), b(2, 21)],
    [b(1, 1), b(2, 21)],
  ]);
  const pred = seq([
    [b(10, 0), b(20, 21)], // both matched; IoU(gt2, 20) = 90/110
    [b(10, 21), b(20, 1)], // ids swapped: 2 switches
    [b(20, 1), b(30, 100)], // gt1 ↔ 20 again (no new switch), gt2 missed, 30 is a false positive
  ]);
  const r = clearMot(gt, pred);
  assert.equal(r.gt, 6);
  assert.equal(r.matches, 5);
  assert.equal(r.fn, 1);
  assert.equal(r.fp, 1);
  assert.equal(r.idsw, 2);
  assert.ok(Math.abs(r.mota - (1 - 4 / 6)) < 1e-12);
  assert.ok(Math.abs(r.motp - (4 + 90 / 110) / 5) < 1e-12);
  assert.equal(r.frames, 3);
  assert.equal(r.mostlyTracked, 1); // gt1 3/3; gt2 2/3 < 0.8
});

test('keeps the previous correspondence while it is still valid, even if another box fits better', () => {
  const gt = seq([[b(1, 0)], [b(1, 0)]]);
  const pred = seq([[b(7, 0)], [b(7, 3), b(8, 0)]]); // IoU(gt, 7) = 70/130 ≥ 0.5 in frame 2
  const r = clearMot(gt, pred);
  assert.equal(r.idsw, 0);
  assert.equal(r.fp, 1);
  assert.equal(r.matches, 2);
});

test('IoU below the threshold is no match; the threshold is inclusive', () => {
  const gt = seq([[b(1, 0)]]);
  assert.equal(clearMot(gt, seq([[b(5, 5)]])).matches, 0); // IoU 50/150
  assert.equal(clearMot(gt, seq([[b(5, 5)]]), { iouThreshold: 1 / 3 }).matches, 1);
});

test('switch is counted against the last matched id even after a gap', () => {
  const gt = seq([[b(1, 0)], [b(1, 0)], [b(1, 0)]]);
  const pred = seq([[b(4, 0)], [], [b(5, 0)]]);
  const r = clearMot(gt, pred);
  assert.equal(r.idsw, 1);
  assert.equal(r.fn, 1);
  assert.ok(Math.abs(r.mota - (1 - 2 / 3)) < 1e-12);
});

test('optimal assignment per frame maximises the number of matches', () => {
  // Greedy on best IoU would pair gt1↔9 and leave gt2 unmatched; Hungarian gets both.
  const gt = seq([[b(1, 0), b(2, 4)]]);
  const pred = seq([[b(9, 2), b(8, -2)]]);
  const r = clearMot(gt, pred);
  assert.equal(r.matches, 2);
});

test('explicit frame range: frames without anything count as empty; no gt gives MOTA 0', () => {
  const r = clearMot(seq([[b(1, 0)]]), new Map(), { frames: [1, 2] });
  assert.equal(r.fn, 1);
  assert.equal(r.frames, 2);
  assert.equal(clearMot(new Map(), new Map()).mota, 0);
});
