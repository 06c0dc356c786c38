import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ModelError } from './model-errors';
import { type TestModels, noiseFrame, writeTestModels } from './testing/fixtures';
import { DetectorBusyError, createWorkerDetector, framesForTransfer } from './worker-detector';
import { createYoloxDetector } from './yolox-detector';

describe('framesForTransfer', () => {
  it('moves whole buffers, copies slices, and never lists a buffer twice', () => {
    const whole = noiseFrame(4, 4, 1);
    const big = new Uint8Array(100);
    const slice = { ...noiseFrame(2, 2, 2), data: big.subarray(10, 22) };
    const { frames, transferList } = framesForTransfer([whole, slice], true);
    assert.equal(transferList.length, 2);
    assert.equal(transferList[0], whole.data.buffer);
    assert.notEqual(frames[1]!.data.buffer, big.buffer);
    assert.deepEqual(frames[1]!.data, slice.data);
    const copied = framesForTransfer([whole], false);
    assert.notEqual(copied.transferList[0], whole.data.buffer);
    const twice = framesForTransfer([whole, whole], true);
    assert.equal(twice.transferList.length, 2);
    assert.equal(new Set(twice.transferList).size, 2);
  });
});

describe('WorkerDetector (hand-built ONNX models)', () => {
  let models: TestModels;
  before(async () => {
    models = await writeTestModels();
  });
  after(async () => {
    await models.cleanup();
  });

  it('returns what the in-thread detector returns, transferring frame buffers', async () => {
    const inThread = await createYoloxDetector({ modelPath: models.fixedBatch, scoreThreshold: 0.2 });
    const worker = await createWorkerDetector({ modelPath: models.fixedBatch, scoreThreshold: 0.2 });
    try {
      assert.equal(worker.name, inThread.name);
      assert.deepEqual(worker.inputSize, inThread.inputSize);
      assert.equal(worker.labels.length, 80);
      assert.equal(worker.batch, 1);
      const frames = [noiseFrame(640, 360, 11), noiseFrame(200, 300, 12, 1)];
      const expected = await inThread.detect(frames);
      const sent = frames.map((f) => ({ ...f, data: new Uint8Array(f.data) }));
      const got = await worker.detect(sent);
      assert.deepEqual(got, expected);
      assert.equal(sent[0]!.data.length, 0, 'the buffer was transferred (detached here)');
      assert.equal(worker.stats().completed, 1);
      assert.equal(worker.stats().frames, 2);
    } finally {
      await inThread.close();
      await worker.close();
    }
  });

  it('refuses requests beyond maxInFlight at once and counts them', async () => {
    const worker = await createWorkerDetector({ modelPath: models.fixedBatch, maxInFlight: 1, transferFrames: false });
    try {
      const frame = noiseFrame(416, 416, 13);
      const first = worker.detect([frame, frame, frame]);
      await assert.rejects(worker.detect([frame]), (err: unknown) => err instanceof DetectorBusyError && err.code === 'DETECTOR_BUSY');
      assert.equal(worker.stats().rejectedBusy, 1);
      assert.equal(worker.stats().inFlight, 1);
      assert.equal((await first).length, 3);
      assert.equal(frame.data.length, 416 * 416 * 3, 'transferFrames: false leaves the caller its pixels');
      assert.equal((await worker.detect([frame])).length, 1);
    } finally {
      await worker.close();
    }
  });

  it('close() is idempotent, finishes in-flight work, then refuses', async () => {
    const worker = await createWorkerDetector({ modelPath: models.fixedBatch });
    const inFlight = worker.detect([noiseFrame(64, 64, 14)]);
    await Promise.all([worker.close(), worker.close()]);
    assert.equal((await inFlight).length, 1);
    await assert.rejects(worker.detect([noiseFrame(64, 64, 15)]), /closed/);
    await worker.close();
  });

  it('reports model errors from the worker with their code', async () => {
    await assert.rejects(createWorkerDetector({ modelPath: models.garbage }), (err: unknown) => err instanceof ModelError && err.code === 'MODEL_INVALID' && err.message.includes('garbage.onnx'));
    await assert.rejects(createWorkerDetector({ modelPath: models.wrongShape }), (err: unknown) => err instanceof ModelError && err.code === 'MODEL_SHAPE' && /expected output 1x2100x85/.test(err.message));
  });

  it('fails pending and later requests clearly when the worker dies, and still closes', async () => {
    const worker = await createWorkerDetector({ modelPath: models.fixedBatch, workerUrl: new URL('./testing/crashing-worker.ts', import.meta.url) });
    await assert.rejects(worker.detect([noiseFrame(8, 8, 18)]), /worker exited unexpectedly \(code 3\)/);
    await assert.rejects(worker.detect([noiseFrame(8, 8, 19)]), /worker exited unexpectedly/);
    await worker.close();
  });

  it('rejects a bad frame for that request only', async () => {
    const worker = await createWorkerDetector({ modelPath: models.fixedBatch });
    try {
      const bad = { ...noiseFrame(8, 8, 16), data: new Uint8Array(10) };
      await assert.rejects(worker.detect([bad]), /needs 192 bytes, got 10/);
      assert.equal((await worker.detect([noiseFrame(8, 8, 17)])).length, 1);
    } finally {
      await worker.close();
    }
  });
});
