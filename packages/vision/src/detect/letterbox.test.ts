import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Frame } from '../types';
import { letterbox, letterboxScale, unletterboxBox } from './letterbox';

function frame(width: number, height: number, format: Frame['format'], pixel: (x: number, y: number) => number[]): Frame {
  const c = format === 'gray8' ? 1 : 3;
  const data = new Uint8Array(width * height * c);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * c);
  return { width, height, format, data, ptsS: 0, index: 0 };
}

/** Tensor value of channel ch at (x, y) for an S x S input. */
const at = (t: Float32Array, S: number, ch: number, x: number, y: number) => t[ch * S * S + y * S + x]!;

describe('letterbox', () => {
  it('scales by min(S/h, S/w) and pads right and bottom with 114', () => {
    assert.equal(letterboxScale(640, 480, 416, 416), 0.65);
    const f = frame(8, 4, 'bgr24', () => [10, 20, 30]);
    const r = letterbox(f, { width: 4, height: 4 });
    assert.equal(r.scale, 0.5);
    assert.equal(r.resizedWidth, 4);
    assert.equal(r.resizedHeight, 2);
    for (let y = 0; y < 4; y++) {
      for (let x = 0; x < 4; x++) {
        const inside = y < 2;
        assert.deepEqual([0, 1, 2].map((c) => at(r.tensor, 4, c, x, y)), inside ? [10, 20, 30] : [114, 114, 114], `(${x},${y})`);
      }
    }
  });

  it('keeps BGR order for bgr24, swaps rgb24, replicates gray8; channelOrder rgb flips the output', () => {
    const bgr = letterbox(frame(2, 2, 'bgr24', () => [1, 2, 3]), { width: 2, height: 2 });
    assert.deepEqual([0, 1, 2].map((c) => at(bgr.tensor, 2, c, 0, 0)), [1, 2, 3]);
    const rgb = letterbox(frame(2, 2, 'rgb24', () => [3, 2, 1]), { width: 2, height: 2 });
    assert.deepEqual([0, 1, 2].map((c) => at(rgb.tensor, 2, c, 1, 1)), [1, 2, 3]);
    const gray = letterbox(frame(2, 2, 'gray8', () => [77]), { width: 2, height: 2 });
    assert.deepEqual([0, 1, 2].map((c) => at(gray.tensor, 2, c, 1, 0)), [77, 77, 77]);
    const out = letterbox(frame(2, 2, 'bgr24', () => [1, 2, 3]), { width: 2, height: 2, channelOrder: 'rgb' });
    assert.deepEqual([0, 1, 2].map((c) => at(out.tensor, 2, c, 0, 0)), [3, 2, 1]);
  });

  it('copies a frame that already fits exactly, pixel for pixel', () => {
    const f = frame(3, 2, 'bgr24', (x, y) => [x, y, x + 10 * y]);
    const r = letterbox(f, { width: 3, height: 3 });
    for (let y = 0; y < 2; y++) for (let x = 0; x < 3; x++) assert.deepEqual([0, 1, 2].map((c) => at(r.tensor, 3, c, x, y)), [x, y, x + 10 * y]);
    assert.deepEqual([0, 1, 2].map((c) => at(r.tensor, 3, c, 2, 2)), [114, 114, 114]);
  });

  it('downscales 2x by averaging pixel pairs (OpenCV INTER_LINEAR half-pixel centres)', () => {
    // Source x 0..7 with values 0, 10, ..., 70; dst x maps to src 2x+0.5 → mean of 2x and 2x+1.
    const f = frame(8, 8, 'gray8', (x, y) => [x * 10 + y]);
    const r = letterbox(f, { width: 4, height: 4 });
    assert.equal(at(r.tensor, 4, 0, 0, 0), Math.round((0 + 10 + 1 + 11) / 4)); // 5.5 → 6
    assert.equal(at(r.tensor, 4, 0, 3, 0), Math.round((60 + 70 + 61 + 71) / 4)); // 65.5 → 66
    assert.equal(at(r.tensor, 4, 0, 1, 2), Math.round((20 + 30) / 2 + (4 + 5) / 2)); // 29.5 → 30
  });

  it('upscales with edge clamping', () => {
    const f = frame(2, 1, 'gray8', (x) => [x === 0 ? 0 : 100]);
    const r = letterbox(f, { width: 4, height: 4 });
    // dst x → src (x+0.5)/2-0.5: -0.25→0 (clamped), 0.25, 0.75, 1.25→1 (clamped)
    assert.deepEqual([0, 1, 2, 3].map((x) => at(r.tensor, 4, 0, x, 0)), [0, 25, 75, 100]);
    assert.deepEqual([0, 1, 2, 3].map((x) => at(r.tensor, 4, 0, x, 1)), [0, 25, 75, 100]);
    assert.equal(at(r.tensor, 4, 0, 0, 2), 114);
  });

  it('writes the n-th image of a batch at its offset without touching the others', () => {
    const out = new Float32Array(2 * 3 * 4).fill(-1);
    letterbox(frame(2, 2, 'bgr24', () => [5, 6, 7]), { width: 2, height: 2, out, offset: 12 });
    assert.deepEqual([...out.subarray(0, 12)], new Array<number>(12).fill(-1));
    assert.deepEqual([...out.subarray(12)], [5, 5, 5, 5, 6, 6, 6, 6, 7, 7, 7, 7]);
  });

  it('rejects frames whose buffer is too short (e.g. transferred away)', () => {
    const f: Frame = { width: 4, height: 4, format: 'bgr24', data: new Uint8Array(0), ptsS: 0, index: 7 };
    assert.throws(() => letterbox(f, { width: 4, height: 4 }), /frame 7: bgr24 4x4 needs 48 bytes, got 0 \(was its buffer transferred/);
  });
});

describe('unletterboxBox', () => {
  it('divides by the scale and clips to the frame', () => {
    assert.deepEqual(unletterboxBox({ x: 10, y: 20, w: 30, h: 40 }, 0.5, 1000, 1000), { x: 20, y: 40, w: 60, h: 80 });
    assert.deepEqual(unletterboxBox({ x: -10, y: 390, w: 30, h: 40 }, 0.5, 100, 800), { x: 0, y: 780, w: 40, h: 20 });
    assert.equal(unletterboxBox({ x: 300, y: 300, w: 10, h: 10 }, 1, 200, 200), null);
  });
});
