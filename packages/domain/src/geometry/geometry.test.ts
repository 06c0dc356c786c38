import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineCrossingCore } from './line-crossing';
import { bottomCentreOf } from './point';
import { pointInPolygon, polygonArea, polygonSelfIntersects, segmentsIntersect } from './polygon';
import type { Point } from './point';

const square: Point[] = [[0.2, 0.2], [0.8, 0.2], [0.8, 0.8], [0.2, 0.8]];

describe('polygons', () => {
  it('point in polygon, convex and concave', () => {
    assert.ok(pointInPolygon([0.5, 0.5], square));
    assert.ok(!pointInPolygon([0.1, 0.5], square));
    const u: Point[] = [[0, 0], [0.3, 0], [0.3, 0.7], [0.6, 0.7], [0.6, 0], [0.9, 0], [0.9, 1], [0, 1]];
    assert.ok(!pointInPolygon([0.45, 0.3], u), 'inside the notch of the U is outside');
    assert.ok(pointInPolygon([0.45, 0.9], u));
  });
  it('detects self-intersection (bow tie, repeated point, fold-back) and accepts simple polygons', () => {
    assert.ok(!polygonSelfIntersects(square));
    assert.ok(polygonSelfIntersects([[0.2, 0.2], [0.8, 0.8], [0.8, 0.2], [0.2, 0.8]]));
    assert.ok(polygonSelfIntersects([[0.2, 0.2], [0.2, 0.2], [0.8, 0.2], [0.5, 0.8]]));
    assert.ok(polygonSelfIntersects([[0.2, 0.2], [0.8, 0.2], [0.5, 0.2]]), 'collinear fold-back');
    assert.ok(!polygonSelfIntersects([[0.1, 0.1], [0.9, 0.1], [0.5, 0.9]]));
  });
  it('segments and area', () => {
    assert.ok(segmentsIntersect([0, 0], [1, 1], [0, 1], [1, 0]));
    assert.ok(!segmentsIntersect([0, 0], [0.4, 0.4], [0, 1], [1, 0.9]));
    assert.ok(Math.abs(polygonArea(square) - 0.36) < 1e-12);
    assert.deepEqual(bottomCentreOf({ x: 0.1, y: 0.2, w: 0.2, h: 0.4 }), [0.2, 0.6000000000000001]);
  });
});

describe('LineCrossingCore', () => {
  const down = (core: LineCrossingCore, key: string, ys: number[], x = 0.5) => ys.map((y) => core.observe(key, [x, y], 0.02));
  it('counts A→B walking down a left-to-right line, once, despite jitter in the band', () => {
    const core = new LineCrossingCore([0, 0.5], [1, 0.5]);
    const out = down(core, 't', [0.4, 0.49, 0.51, 0.495, 0.505, 0.49, 0.52, 0.6, 0.55]);
    assert.deepEqual(out.filter((d) => d !== null), ['a2b']);
    assert.deepEqual(down(core, 't', [0.45]), ['b2a'], 'a real return counts');
  });
  it('ignores passes outside the segment and throws on zero length', () => {
    const core = new LineCrossingCore([0.4, 0.5], [0.6, 0.5]);
    assert.deepEqual(down(core, 't', [0.4, 0.6], 0.9), [null, null]);
    assert.throws(() => new LineCrossingCore([0.3, 0.3], [0.3, 0.3]), /zero length/);
  });
  it('forget releases a track', () => {
    const core = new LineCrossingCore([0, 0.5], [1, 0.5]);
    down(core, 't', [0.4]);
    assert.equal(core.trackedKeys, 1);
    core.forget('t');
    assert.equal(core.trackedKeys, 0);
    assert.deepEqual(down(core, 't', [0.6]), [null], 'after forget, the first clear side only sets the state');
  });
});
