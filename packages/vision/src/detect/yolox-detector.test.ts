import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ModelError } from './model-errors';
import { type TestModels, noiseFrame, writeTestModels } from './testing/fixtures';
import { createYoloxDetector } from './yolox-detector';

describe('YoloxDetector with hand-built ONNX models', () => {
  let models: TestModels;
  before(async () => {
    models = await writeTestModels();
  });
  after(async () => {
    await models.cleanup();
  });

  it('refuses a file that is not ONNX with a clear error', async () => {
    await assert.rejects(createYoloxDetector({ modelPath: models.garbage }), (err: unknown) =>
      err instanceof ModelError && err.code === 'MODEL_INVALID' && err.message.startsWith(`model ${models.garbage}: onnxruntime cannot load it as an ONNX model (`),
    );
  });

  it('refuses a valid ONNX model of the wrong shape, naming what it expected and what it got', async () => {
    await assert.rejects(createYoloxDetector({ modelPath: models.wrongShape }), (err: unknown) => {
      assert.ok(err instanceof ModelError);
      assert.equal(err.code, 'MODEL_SHAPE');
      assert.match(err.message, /^model .*wrong-shape\.onnx: expected output 1x2100x85 float32 for a 320x320 input; got 1 input\(s\) \['images' 1x3x320x320 float32\] and 1 output\(s\) \['output' 1x3x320x320 float32\]$/);
      return true;
    });
  });

  it('runs a fixed-batch model frame by frame and a symbolic-batch model in one run, with the same detections', async () => {
    const fixed = await createYoloxDetector({ modelPath: models.fixedBatch, scoreThreshold: 0.2 });
    const dynamic = await createYoloxDetector({ modelPath: models.dynamicBatch, scoreThreshold: 0.2 });
    try {
      assert.equal(fixed.batch, 1);
      assert.equal(fixed.maxBatch, 1);
      assert.equal(dynamic.batch, 'dynamic');
      assert.deepEqual(dynamic.inputSize, { width: 416, height: 416 });
      assert.equal(dynamic.provider, 'cpu');
      const frames = [noiseFrame(640, 480, 1), noiseFrame(300, 500, 2, 1), noiseFrame(416, 416, 3, 2)];
      const a = await fixed.detect(frames);
      const b = await dynamic.detect(frames);
      assert.equal(fixed.stats().runs, 3);
      assert.equal(dynamic.stats().runs, 1);
      assert.equal(a.length, 3);
      assert.ok(a.every((d) => d.length > 0));
      assert.deepEqual(b, a);
      // Each detection is inside its frame, labelled, scored above the threshold.
      a.forEach((dets, i) => {
        for (const d of dets) {
          assert.ok(d.box.x >= 0 && d.box.y >= 0 && d.box.x + d.box.w <= frames[i]!.width + 1e-6 && d.box.y + d.box.h <= frames[i]!.height + 1e-6);
          assert.ok(d.score >= 0.2 && d.score <= 1);
          assert.equal(typeof d.label, 'string');
        }
      });
      // The same frames one by one give the same answers (no state leaks between batch slots).
      assert.deepEqual(await dynamic.detect([frames[1]!]), [a[1]]);
    } finally {
      await fixed.close();
      await dynamic.close();
    }
  });

  it('splits batches at maxBatch and filters classes', async () => {
    const d = await createYoloxDetector({ modelPath: models.dynamicBatch, scoreThreshold: 0.1, maxBatch: 2, classes: [0, 2] });
    try {
      const res = await d.detect([noiseFrame(64, 64, 4), noiseFrame(64, 64, 5), noiseFrame(64, 64, 6)]);
      assert.equal(d.stats().runs, 2);
      assert.equal(res.length, 3);
      assert.ok(res.flat().every((x) => x.classId === 0 || x.classId === 2));
      assert.deepEqual(await d.detect([]), []);
    } finally {
      await d.close();
    }
  });

  it('close() is idempotent and later detect() calls are refused', async () => {
    const d = await createYoloxDetector({ modelPath: models.fixedBatch });
    const pending = d.detect([noiseFrame(32, 32, 7)]);
    await Promise.all([d.close(), d.close()]);
    assert.equal((await pending).length, 1, 'a run already queued finishes before the session is released');
    await assert.rejects(d.detect([noiseFrame(32, 32, 8)]), /is closed/);
  });

  it('falls back to CPU when CUDA is asked for but cannot load', async () => {
    const d = await createYoloxDetector({ modelPath: models.fixedBatch, device: 'cuda' });
    try {
      assert.ok(d.provider === 'cuda' || d.provider === 'cpu');
      assert.equal((await d.detect([noiseFrame(32, 32, 9)])).length, 1);
    } finally {
      await d.close();
    }
  });
});
