import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CENTERNET_TOP_K, type CenternetGrid, decodeCenternet } from './centernet-decode';

describe('decodeCenternet', () => {
  const grid: CenternetGrid = { width: 8, height: 6, stride: 4, numClasses: 3 };
  function maps(): { heatmap: Float32Array; distances: Float32Array } {
    return { heatmap: new Float32Array(grid.width * grid.height * grid.numClasses), distances: new Float32Array(grid.width * grid.height * 4) };
  }
  const at = (x: number, y: number, c = 0): number => (y * grid.width + x) * grid.numClasses + c;
  function setBox(d: Float32Array, x: number, y: number, ltrb: [number, number, number, number]): void {
    d.set(ltrb, (y * grid.width + x) * 4);
  }

  it('turns a heatmap peak and its edge distances into a box around the cell centre (x·stride, y·stride)', () => {
    const { heatmap, distances } = maps();
    heatmap[at(3, 2, 1)] = 0.9;
    setBox(distances, 3, 2, [5, 2, 7, 6]);
    const dets = decodeCenternet(heatmap, distances, grid, { scoreThreshold: 0.3 });
    assert.equal(dets.length, 1);
    const d = dets[0]!;
    assert.equal(d.classId, 1);
    assert.ok(Math.abs(d.score - 0.9) < 1e-6);
    // centre (12, 8): x = 12 - 5, y = 8 - 2, w = 5 + 7, h = 2 + 6.
    assert.deepEqual(d.box, { x: 7, y: 6, w: 12, h: 8 });
  });

  it('keeps only 3x3 local maxima of each class channel (ties count), above the threshold', () => {
    const { heatmap, distances } = maps();
    heatmap[at(2, 2)] = 0.8; // peak
    heatmap[at(3, 2)] = 0.7; // beside a higher value: not a peak
    heatmap[at(2, 3)] = 0.8; // a tie with the peak: kept, as max-pool equality keeps it
    heatmap[at(3, 2, 2)] = 0.6; // same cell as a non-peak, other class: a peak of its own channel
    heatmap[at(6, 4)] = 0.2; // a peak, but below the threshold
    for (let y = 0; y < grid.height; y++) for (let x = 0; x < grid.width; x++) setBox(distances, x, y, [1, 1, 1, 1]);
    const dets = decodeCenternet(heatmap, distances, grid, { scoreThreshold: 0.3 });
    assert.deepEqual(
      dets.map((d) => [d.box.x + 1, d.box.y + 1, d.classId, Math.round(d.score * 10) / 10]),
      [
        [8, 8, 0, 0.8],
        [8, 12, 0, 0.8],
        [12, 8, 2, 0.6],
      ],
    );
  });

  it('finds peaks on the grid border and in the last cell', () => {
    const { heatmap, distances } = maps();
    heatmap[at(0, 0)] = 0.5;
    heatmap[at(grid.width - 1, grid.height - 1, 2)] = 0.6;
    setBox(distances, 0, 0, [0, 0, 3, 3]);
    setBox(distances, grid.width - 1, grid.height - 1, [2, 2, 2, 2]);
    const dets = decodeCenternet(heatmap, distances, grid, { scoreThreshold: 0.3 });
    assert.deepEqual(dets.map((d) => [d.classId, d.box]), [
      [2, { x: 26, y: 18, w: 4, h: 4 }],
      [0, { x: 0, y: 0, w: 3, h: 3 }],
    ]);
  });

  it('keeps the best maxCandidates, highest score first, and honours a class filter', () => {
    const { heatmap, distances } = maps();
    const scores = [0.35, 0.95, 0.55, 0.75];
    scores.forEach((s, i) => {
      heatmap[at(i * 2, 0)] = s;
      setBox(distances, i * 2, 0, [1, 1, 1, 1]);
    });
    heatmap[at(1, 4, 1)] = 0.99;
    setBox(distances, 1, 4, [1, 1, 1, 1]);
    const two = decodeCenternet(heatmap, distances, grid, { scoreThreshold: 0.3, maxCandidates: 2, classes: new Set([0]) });
    assert.deepEqual(two.map((d) => Math.round(d.score * 100)), [95, 75]);
    const all = decodeCenternet(heatmap, distances, grid, { scoreThreshold: 0.3 });
    assert.deepEqual(all.map((d) => Math.round(d.score * 100)), [99, 95, 75, 55, 35]);
    assert.equal(CENTERNET_TOP_K, 100);
  });

  it('drops a peak whose distances give no area, and finds nothing in an empty heatmap', () => {
    const { heatmap, distances } = maps();
    assert.deepEqual(decodeCenternet(heatmap, distances, grid, { scoreThreshold: 0.01 }), []);
    heatmap[at(4, 3)] = 0.9;
    setBox(distances, 4, 3, [-2, 1, 1, 1]); // left + right = -1
    assert.deepEqual(decodeCenternet(heatmap, distances, grid, { scoreThreshold: 0.3 }), []);
  });

  it('refuses arrays that do not match the grid', () => {
    const { heatmap, distances } = maps();
    assert.throws(() => decodeCenternet(heatmap.subarray(1), distances, grid, { scoreThreshold: 0.3 }), /heatmap: expected 6x8x3/);
    assert.throws(() => decodeCenternet(heatmap, distances.subarray(4), grid, { scoreThreshold: 0.3 }), /distances: expected 6x8x4/);
  });
});
