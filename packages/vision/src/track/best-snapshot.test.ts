import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BestSnapshotSelector } from './best-snapshot';
import { laplacianVariance } from './sharpness';
import type { Box, Frame } from '../types';

/** 200×200 gray frame: a sharp checkerboard in the left half, a smooth gradient in the right half. */
function testFrame(): Frame {
  const w = 200;
  const h = 200;
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) data[y * w + x] = x < 100 ? (((x >> 2) + (y >> 2)) % 2 === 0 ? 40 : 220) : 100 + (x - 100) / 2;
  }
  return { width: w, height: h, format: 'gray8', data, ptsS: 0, index: 0 };
}

test('variance of Laplacian: high on texture, ~0 on a smooth ramp, 0 outside the frame', () => {
  const f = testFrame();
  const sharp = laplacianVariance(f, { x: 10, y: 10, w: 60, h: 60 });
  const smooth = laplacianVariance(f, { x: 120, y: 10, w: 60, h: 60 });
  assert.ok(sharp > 1000, `sharp ${sharp}`);
  assert.ok(smooth < 2, `smooth ${smooth}`);
  assert.equal(laplacianVariance(f, { x: 500, y: 500, w: 10, h: 10 }), 0);
  assert.equal(laplacianVariance(f, { x: 10, y: 10, w: 2, h: 2 }), 0);
});

test('colour frames give the same sharpness as their luma', () => {
  const g = testFrame();
  const bgr = new Uint8Array(g.data.length * 3);
  for (let i = 0; i < g.data.length; i++) bgr.fill(g.data[i]!, 3 * i, 3 * i + 3);
  const colour: Frame = { ...g, format: 'bgr24', data: bgr };
  const box: Box = { x: 5, y: 5, w: 80, h: 80 };
  assert.ok(Math.abs(laplacianVariance(colour, box) - laplacianVariance(g, box)) < 1e-6 * laplacianVariance(g, box) + 1);
});

test('keeps the sharpest, largest, most confident view per track; penalises boxes cut by the edge', () => {
  const f = testFrame();
  const sel = new BestSnapshotSelector<string>();
  const base = { trackId: 7, ptsS: 0, frameIndex: 0, frame: f };
  assert.equal(sel.offer({ ...base, box: { x: 120, y: 20, w: 50, h: 100 }, score: 0.9, ref: 'smooth' }), true);
  assert.equal(sel.offer({ ...base, box: { x: 20, y: 20, w: 50, h: 100 }, score: 0.9, ref: 'sharp' }), true);
  assert.equal(sel.offer({ ...base, box: { x: 20, y: 20, w: 25, h: 50 }, score: 0.9, ref: 'small' }), false);
  assert.equal(sel.offer({ ...base, box: { x: 20, y: 20, w: 50, h: 100 }, score: 0.4, ref: 'unsure' }), false);
  assert.equal(sel.offer({ ...base, box: { x: 0, y: 20, w: 60, h: 110 }, score: 0.9, ref: 'edge' }), false);
  assert.equal(sel.get(7)?.ref, 'sharp');
  sel.offer({ ...base, trackId: 8, box: { x: 20, y: 20, w: 50, h: 100 }, score: 0.9, ref: 'other' });
  const ended = sel.takeEnded([8]);
  assert.deepEqual(ended.map((s) => s.ref), ['sharp']);
  assert.equal(sel.size, 1);
  assert.equal(sel.take(8)?.ref, 'other');
  assert.equal(sel.take(8), undefined);
});
