import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { averagePrecision, evaluateAccuracy, evaluateClass, matchImageClass } from './ap';

const b = (x: number, y: number, w = 10, h = 10) => ({ x, y, w, h });
const close = (a: number, e: number) => assert.ok(Math.abs(a - e) < 1e-9, `${a} ≠ ${e}`);

describe('averagePrecision (all-point interpolation)', () => {
  it('integrates the monotone precision envelope over recall steps', () => {
    // envelope [1, 2/3, 2/3, 1/2] → 0.5*1 + 0.5*(2/3)
    close(averagePrecision([0.5, 0.5, 1, 1], [1, 0.5, 2 / 3, 0.5]), 0.5 + 1 / 3);
    close(averagePrecision([1], [1]), 1);
    close(averagePrecision([], []), 0);
    // The envelope takes the best precision at any higher recall: [1, 1/2, 2/3] → [1, 2/3, 2/3].
    close(averagePrecision([0.25, 0.25, 0.5], [1, 0.5, 2 / 3]), 0.25 * 1 + 0.25 * (2 / 3));
  });
});

describe('matchImageClass', () => {
  it('matches greedily in score order: duplicates and misses are false positives', () => {
    const gt = [{ box: b(0, 0), classId: 0 }, { box: b(20, 0), classId: 0 }];
    const dets = [
      { box: b(0, 0), classId: 0, score: 0.6 }, // second hit on A → FP
      { box: b(0, 0), classId: 0, score: 0.9 },
      { box: b(100, 100), classId: 0, score: 0.8 },
      { box: b(20, 0), classId: 0, score: 0.7 },
    ];
    assert.deepEqual(matchImageClass(dets, gt, 0).map((m) => `${m.score}:${m.outcome}`), ['0.9:tp', '0.8:fp', '0.7:tp', '0.6:fp']);
  });

  it('gives a detection the best still-unmatched ground truth (COCO style)', () => {
    // A and B overlap (IoU 2/3); the second detection overlaps both equally but A is taken → B.
    const gt = [{ box: b(0, 0), classId: 0 }, { box: b(2, 0), classId: 0 }];
    const dets = [{ box: b(0, 0), classId: 0, score: 0.9 }, { box: b(1, 0), classId: 0, score: 0.8 }];
    assert.deepEqual(matchImageClass(dets, gt, 0).map((m) => m.outcome), ['tp', 'tp']);
  });

  it('counts IoU exactly at the threshold as a match', () => {
    // 10x10 inside 10x20: IoU 100/200 = 0.5.
    assert.deepEqual(matchImageClass([{ box: b(0, 0), classId: 0, score: 1 }], [{ box: b(0, 0, 10, 20), classId: 0 }], 0).map((m) => m.outcome), ['tp']);
    assert.deepEqual(matchImageClass([{ box: b(0, 0), classId: 0, score: 1 }], [{ box: b(0, 0, 10, 21), classId: 0 }], 0).map((m) => m.outcome), ['fp']);
  });

  it('drops detections on ignore regions (any number of them), but prefers real ground truth', () => {
    const gt = [{ box: b(0, 0), classId: 0 }, { box: b(1, 0), classId: 0, ignore: true }, { box: b(50, 50), classId: 0, ignore: true }];
    const dets = [
      { box: b(0, 0), classId: 0, score: 0.9 }, // real GT
      { box: b(1, 0), classId: 0, score: 0.8 }, // GT taken → ignore region
      { box: b(50, 50), classId: 0, score: 0.7 },
      { box: b(51, 50), classId: 0, score: 0.6 },
      { box: b(200, 0), classId: 0, score: 0.5 },
    ];
    assert.deepEqual(matchImageClass(dets, gt, 0).map((m) => m.outcome), ['tp', 'ignored', 'ignored', 'ignored', 'fp']);
  });

  it('never matches across classes', () => {
    const gt = [{ box: b(0, 0), classId: 0 }];
    assert.deepEqual(matchImageClass([{ box: b(0, 0), classId: 2, score: 0.9 }], gt, 2).map((m) => m.outcome), ['fp']);
    assert.deepEqual(matchImageClass([{ box: b(0, 0), classId: 2, score: 0.9 }], gt, 0), []);
  });
});

describe('evaluateClass / evaluateAccuracy', () => {
  it('one image: AP 5/6, and precision/recall at a score threshold', () => {
    const img = {
      groundTruth: [{ box: b(0, 0), classId: 0 }, { box: b(20, 0), classId: 0 }],
      detections: [
        { box: b(0, 0), classId: 0, score: 0.9 },
        { box: b(100, 100), classId: 0, score: 0.8 },
        { box: b(20, 0), classId: 0, score: 0.7 },
        { box: b(0, 0), classId: 0, score: 0.6 },
      ],
    };
    const all = evaluateClass([img], 0);
    close(all.ap, 5 / 6);
    assert.deepEqual([all.numGt, all.tp, all.fp], [2, 2, 2]);
    close(all.precision, 0.5);
    close(all.recall, 1);
    const at = evaluateClass([img], 0, { scoreThreshold: 0.75 });
    close(at.ap, 5 / 6); // AP does not depend on the threshold
    assert.deepEqual([at.tp, at.fp], [1, 1]);
    close(at.precision, 0.5);
    close(at.recall, 0.5);
  });

  it('ranks detections across images: AP 5/9 with one object never found', () => {
    const images = [
      { groundTruth: [{ box: b(0, 0), classId: 0 }], detections: [{ box: b(0, 0), classId: 0, score: 0.9 }] },
      {
        groundTruth: [{ box: b(0, 0), classId: 0 }, { box: b(40, 0), classId: 0 }],
        detections: [{ box: b(80, 80), classId: 0, score: 0.8 }, { box: b(0, 0), classId: 0, score: 0.7 }],
      },
    ];
    // TP (r 1/3, p 1), FP (1/3, 1/2), TP (2/3, 2/3) → 1/3 * 1 + 1/3 * 2/3
    const r = evaluateClass(images, 0);
    close(r.ap, 5 / 9);
    close(r.recall, 2 / 3);
    close(r.precision, 2 / 3);
  });

  it('leaves ignored detections out of AP and precision', () => {
    const images = [
      {
        groundTruth: [{ box: b(0, 0), classId: 0 }, { box: b(50, 50), classId: 0, ignore: true }],
        detections: [{ box: b(50, 50), classId: 0, score: 0.95 }, { box: b(0, 0), classId: 0, score: 0.5 }],
      },
    ];
    const r = evaluateClass(images, 0);
    assert.equal(r.ap, 1);
    assert.equal(r.precision, 1);
    assert.equal(r.ignored, 1);
    assert.equal(r.numGt, 1);
  });

  it('AP is NaN without ground truth (not scored) and 0 without detections', () => {
    const none = evaluateClass([{ groundTruth: [], detections: [{ box: b(0, 0), classId: 2, score: 0.9 }] }], 2);
    assert.ok(Number.isNaN(none.ap) && Number.isNaN(none.recall));
    assert.equal(none.precision, 0);
    const missed = evaluateClass([{ groundTruth: [{ box: b(0, 0), classId: 2 }], detections: [] }], 2);
    assert.equal(missed.ap, 0);
    assert.equal(missed.recall, 0);
    assert.ok(Number.isNaN(missed.precision));
  });

  it('micro-averages precision and recall over the scored classes', () => {
    const images = [
      {
        groundTruth: [{ box: b(0, 0), classId: 0 }, { box: b(30, 0), classId: 2 }, { box: b(60, 0), classId: 2 }],
        detections: [
          { box: b(0, 0), classId: 0, score: 0.9 },
          { box: b(30, 0), classId: 2, score: 0.8 },
          { box: b(90, 0), classId: 2, score: 0.7 },
          { box: b(0, 0), classId: 5, score: 0.9 }, // class not scored
        ],
      },
    ];
    const r = evaluateAccuracy(images, { classes: [0, 2], scoreThreshold: 0.3 });
    assert.deepEqual([r.tp, r.fp, r.numGt], [2, 1, 3]);
    close(r.precision, 2 / 3);
    close(r.recall, 2 / 3);
    assert.deepEqual(r.perClass.map((c) => c.classId), [0, 2]);
    close(r.perClass[1]!.ap, 0.5); // car: TP (r .5, p 1), FP → 0.5
  });
});
