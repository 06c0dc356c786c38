import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeYolox, makeYoloxGrid, yoloxAnchorCount } from './yolox-decode';

describe('YOLOX grid', () => {
  it('has 3549 anchors at 416 and 8400 at 640', () => {
    assert.equal(yoloxAnchorCount(416, 416), 52 * 52 + 26 * 26 + 13 * 13);
    assert.equal(yoloxAnchorCount(416, 416), 3549);
    assert.equal(yoloxAnchorCount(640, 640), 8400);
  });

  it('lays anchors out stride by stride, row-major with x fastest', () => {
    const g = makeYoloxGrid(416, 416);
    assert.deepEqual([g.gx[0], g.gy[0], g.stride[0]], [0, 0, 8]);
    assert.deepEqual([g.gx[1], g.gy[1], g.stride[1]], [1, 0, 8]);
    assert.deepEqual([g.gx[52], g.gy[52], g.stride[52]], [0, 1, 8]);
    assert.deepEqual([g.gx[2704], g.gy[2704], g.stride[2704]], [0, 0, 16]);
    assert.deepEqual([g.gx[3548], g.gy[3548], g.stride[3548]], [12, 12, 32]);
  });
});

describe('decodeYolox', () => {
  const nc = 3;
  const grid = makeYoloxGrid(64, 64); // 64 + 16 + 4 = 84 anchors
  function output(rows: Record<number, number[]>): Float32Array {
    const out = new Float32Array(grid.count * (5 + nc));
    for (const [a, row] of Object.entries(rows)) out.set(row, Number(a) * (5 + nc));
    return out;
  }

  it('decodes xy = (out + grid) * stride, wh = exp(out) * stride, score = obj * cls', () => {
    // Anchor 9 = stride 8, grid (1, 1); anchor 64 = stride 16, grid (0, 0).
    const out = output({ 9: [0.5, 0.25, Math.log(2), 0, 0.8, 0.1, 0.9, 0.2], 64: [0, 0, 0, 0, 0.1, 1, 0, 0] });
    const dets = decodeYolox(out, grid, { scoreThreshold: 0.5, numClasses: nc });
    assert.equal(dets.length, 1);
    const d = dets[0]!;
    assert.equal(d.classId, 1);
    assert.ok(Math.abs(d.score - 0.72) < 1e-6);
    // cx = 1.5*8 = 12, cy = 1.25*8 = 10, w = 16, h = 8 → x = 4, y = 6.
    assert.ok(Math.abs(d.box.x - 4) < 1e-5 && Math.abs(d.box.y - 6) < 1e-5);
    assert.ok(Math.abs(d.box.w - 16) < 1e-5 && Math.abs(d.box.h - 8) < 1e-5);
  });

  it('keeps the best class only, or every class above threshold with multiLabel', () => {
    const out = output({ 0: [0, 0, 0, 0, 1, 0.6, 0.7, 0.1] });
    assert.deepEqual(decodeYolox(out, grid, { scoreThreshold: 0.5, numClasses: nc }).map((d) => d.classId), [1]);
    assert.deepEqual(decodeYolox(out, grid, { scoreThreshold: 0.5, numClasses: nc, multiLabel: true }).map((d) => d.classId), [0, 1]);
  });

  it('filters classes after picking the best one (a suppressed class never relabels as another)', () => {
    const out = output({ 0: [0, 0, 0, 0, 1, 0.6, 0.7, 0.1] });
    assert.deepEqual(decodeYolox(out, grid, { scoreThreshold: 0.5, numClasses: nc, classes: new Set([0]) }), []);
    assert.equal(decodeYolox(out, grid, { scoreThreshold: 0.5, numClasses: nc, classes: new Set([1]) }).length, 1);
  });

  it('reads the n-th image of a batch at its offset and rejects short outputs', () => {
    const one = output({ 3: [0, 0, 0, 0, 1, 1, 0, 0] });
    const batch = new Float32Array(one.length * 2);
    batch.set(one, one.length);
    assert.equal(decodeYolox(batch, grid, { scoreThreshold: 0.5, numClasses: nc, offset: 0 }).length, 0);
    assert.equal(decodeYolox(batch, grid, { scoreThreshold: 0.5, numClasses: nc, offset: one.length }).length, 1);
    assert.throws(() => decodeYolox(new Float32Array(10), grid, { scoreThreshold: 0.5, numClasses: nc }), /expected 84x8/);
  });
});
