import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requireSharedFile } from '@argus/media';
import { decodeImageFile } from '../io/image-decode';
import { requireYoloxNano } from './testing/fixtures';
import { createWorkerDetector } from './worker-detector';
import { createYoloxDetector } from './yolox-detector';

describe('YOLOX-Nano in a worker thread (real model, real images)', () => {
  it('returns the same detections as the in-thread detector', async (t) => {
    const files = ['000000000139.jpg', '000000000785.jpg', '000000001000.jpg'].map((n) => requireSharedFile(`stills/coco64_dev/images/${n}`, t));
    const modelPath = requireYoloxNano(t);
    if (files.some((f) => f === undefined) || modelPath === undefined) return;
    const frames = await Promise.all(files.map((f) => decodeImageFile(f!)));
    const inThread = await createYoloxDetector({ modelPath, scoreThreshold: 0.3 });
    const worker = await createWorkerDetector({ modelPath, scoreThreshold: 0.3 });
    try {
      assert.equal(inThread.batch, 1, 'the official YOLOX-Nano export has a fixed batch of 1');
      const expected = await inThread.detect(frames);
      const got = await worker.detect(frames.map((f) => ({ ...f, data: new Uint8Array(f.data) })));
      assert.equal(got.length, 3);
      assert.ok(expected.flat().length >= 5);
      assert.ok(expected.flat().some((d) => d.label === 'person'));
      got.forEach((dets, i) => {
        const exp = expected[i]!;
        assert.equal(dets.length, exp.length, `frame ${i}`);
        dets.forEach((d, j) => {
          const e = exp[j]!;
          assert.equal(d.classId, e.classId);
          assert.ok(Math.abs(d.score - e.score) < 1e-5);
          for (const k of ['x', 'y', 'w', 'h'] as const) assert.ok(Math.abs(d.box[k] - e.box[k]) < 1e-3, `frame ${i} det ${j} ${k}`);
        });
      });
    } finally {
      await inThread.close();
      await worker.close();
    }
  });
});
