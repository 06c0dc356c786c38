import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { iou } from '../track/box-geometry';
import { nms } from './nms';

describe('iou', () => {
  it('is 1 for identical boxes, 0 for disjoint or touching ones', () => {
    assert.equal(iou({ x: 1, y: 2, w: 3, h: 4 }, { x: 1, y: 2, w: 3, h: 4 }), 1);
    assert.equal(iou({ x: 0, y: 0, w: 2, h: 2 }, { x: 2, y: 0, w: 2, h: 2 }), 0);
    assert.equal(iou({ x: 0, y: 0, w: 2, h: 2 }, { x: 5, y: 5, w: 2, h: 2 }), 0);
    assert.equal(iou({ x: 0, y: 0, w: 0, h: 0 }, { x: 0, y: 0, w: 0, h: 0 }), 0);
  });

  it('matches hand-computed overlaps', () => {
    // 2x2 boxes offset by 1 in x: intersection 2, union 6.
    assert.equal(iou({ x: 0, y: 0, w: 2, h: 2 }, { x: 1, y: 0, w: 2, h: 2 }), 2 / 6);
    // 10x10 inside 20x20: 100 / 400.
    assert.equal(iou({ x: 0, y: 0, w: 20, h: 20 }, { x: 5, y: 5, w: 10, h: 10 }), 0.25);
    // offset by 1 in x and y on 2x2: intersection 1, union 7.
    assert.equal(iou({ x: 0, y: 0, w: 2, h: 2 }, { x: 1, y: 1, w: 2, h: 2 }), 1 / 7);
  });
});

describe('nms', () => {
  const box = (x: number, y = 0) => ({ x, y, w: 10, h: 10 });

  it('keeps the best of overlapping boxes of one class and returns them by score', () => {
    const kept = nms(
      [
        { box: box(0), score: 0.6, classId: 0, tag: 'a' },
        { box: box(1), score: 0.9, classId: 0, tag: 'b' }, // IoU(a,b) = 90/110 = 0.82
        { box: box(50), score: 0.7, classId: 0, tag: 'c' },
      ],
      { iouThreshold: 0.45 },
    );
    assert.deepEqual(kept.map((k) => k.tag), ['b', 'c']);
  });

  it('is per class unless classAgnostic', () => {
    const input = [
      { box: box(0), score: 0.9, classId: 0 },
      { box: box(1), score: 0.8, classId: 2 },
    ];
    assert.equal(nms(input, { iouThreshold: 0.45 }).length, 2);
    assert.equal(nms(input, { iouThreshold: 0.45, classAgnostic: true }).length, 1);
  });

  it('suppresses only above the threshold (strictly)', () => {
    // 2x10 offset by 5: intersection 50, union 150 → IoU 1/3.
    const input = [
      { box: box(0), score: 0.9, classId: 0 },
      { box: box(5), score: 0.8, classId: 0 },
    ];
    assert.equal(nms(input, { iouThreshold: 0.4 }).length, 2);
    assert.equal(nms(input, { iouThreshold: 0.3 }).length, 1);
  });

  it('caps the number kept and keeps input order on equal scores', () => {
    const input = [0, 20, 40, 60].map((x, i) => ({ box: box(x), score: 0.5, classId: 0, i }));
    assert.deepEqual(nms(input, { iouThreshold: 0.5, maxDetections: 3 }).map((k) => k.i), [0, 1, 2]);
    assert.deepEqual(nms([], { iouThreshold: 0.5 }), []);
  });
});
