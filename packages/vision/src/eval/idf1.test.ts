import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idMetrics } from './idf1';
import type { IdBox } from './mot-format';

const b = (id: number, x: number): IdBox => ({ id, box: { x, y: 0, w: 10, h: 10 } });
const seq = (frames: IdBox[][]): Map<number, IdBox[]> => new Map(frames.map((f, i) => [i + 1, f]));

test('one gt trajectory split over two predicted ids: IDF1 = 0.5', () => {
  const gt = seq([[b(1, 0)], [b(1, 0)], [b(1, 0)], [b(1, 0)]]);
  const pred = seq([[b(5, 0)], [b(5, 0)], [b(6, 0)], [b(6, 0)]]);
  const r = idMetrics(gt, pred);
  assert.equal(r.idtp, 2);
  assert.equal(r.idfn, 2);
  assert.equal(r.idfp, 2);
  assert.equal(r.idf1, 0.5);
  assert.equal(r.idp, 0.5);
  assert.equal(r.idr, 0.5);
});

test('global matching beats per-frame greed: overlap counts [[3,1],[2,2]] → pairs 1↔a, 2↔b, IDTP 5', () => {
  // gt 1 overlaps pred a in 3 frames and b in 1; gt 2 overlaps a in 2 and b in 2.
  const frames: IdBox[][] = [
    [b(1, 0), b(2, 100), b(10, 0), b(11, 100)], // 1↔a(10), 2↔b(11)
    [b(1, 0), b(2, 100), b(10, 0), b(11, 100)], // 1↔a, 2↔b
    [b(1, 0), b(2, 100), b(10, 0)], // 1↔a
    [b(1, 0), b(2, 100), b(11, 0), b(10, 100)], // 1↔b, 2↔a
    [b(2, 100), b(10, 100)], // 2↔a
  ];
  const r = idMetrics(seq(frames.map((f) => f.filter((x) => x.id < 10))), seq(frames.map((f) => f.filter((x) => x.id >= 10))));
  assert.equal(r.idtp, 5);
  assert.deepEqual(
    r.pairs.map((p) => [p.gtId, p.predId]).sort(),
    [
      [1, 10],
      [2, 11],
    ],
  );
  // GT boxes 9, predicted boxes 8.
  assert.ok(Math.abs(r.idf1 - 10 / 17) < 1e-12);
});

test('perfect tracking gives 1; nothing predicted gives 0', () => {
  const gt = seq([[b(1, 0), b(2, 50)], [b(1, 1), b(2, 51)]]);
  const pred = seq([[b(7, 0), b(8, 50)], [b(7, 1), b(8, 51)]]);
  assert.equal(idMetrics(gt, pred).idf1, 1);
  const none = idMetrics(gt, new Map());
  assert.equal(none.idf1, 0);
  assert.equal(none.idfn, 4);
});
