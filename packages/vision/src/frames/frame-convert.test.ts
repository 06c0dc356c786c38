import { test } from 'node:test';
import assert from 'node:assert/strict';
import { downscaleGray, toGray } from './frame-convert';
import type { Frame } from '../types';

test('toGray: BT.601 luma from BGR and RGB; gray passes through', () => {
  const bgr: Frame = { width: 2, height: 1, format: 'bgr24', data: Uint8Array.from([255, 0, 0, 0, 0, 255]), ptsS: 1, index: 3 };
  const g = toGray(bgr);
  assert.equal(g.format, 'gray8');
  assert.deepEqual([...g.data], [29, 77]); // blue, red
  assert.equal(g.ptsS, 1);
  const rgb: Frame = { ...bgr, format: 'rgb24' };
  assert.deepEqual([...toGray(rgb).data], [77, 29]);
  assert.equal(toGray(g), g);
});

test('downscaleGray: area average, aspect kept, small frames untouched', () => {
  const data = new Uint8Array(8 * 4);
  for (let y = 0; y < 4; y++) for (let x = 0; x < 8; x++) data[y * 8 + x] = x < 4 ? 10 : 200;
  const f: Frame = { width: 8, height: 4, format: 'gray8', data, ptsS: 0, index: 0 };
  const s = downscaleGray(f, 2);
  assert.equal(s.width, 2);
  assert.equal(s.height, 1);
  assert.deepEqual([...s.data], [10, 200]);
  assert.equal(downscaleGray(f, 8), f);
  const odd = downscaleGray({ ...f, width: 7, height: 3, data: new Uint8Array(21).fill(100) }, 3);
  assert.deepEqual([odd.width, odd.height], [3, 1]);
  assert.ok(odd.data.every((v) => v === 100));
});
