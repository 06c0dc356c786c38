import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Detection, Detector, Frame } from '../types';
import { SharedDetector, defaultMaxBatch } from './shared-detector';

/** A detector whose calls stay open until the test releases them; each frame's first byte names its camera. */
class ManualDetector implements Detector {
  readonly name = 'manual';
  readonly inputSize = { width: 32, height: 32 };
  readonly labels = ['person'];
  batch: number | 'dynamic' = 'dynamic';
  calls: Array<{ tags: number[]; release: (err?: Error) => void }> = [];
  closed = 0;
  detect(frames: readonly Frame[]): Promise<Detection[][]> {
    return new Promise((resolve, reject) => {
      this.calls.push({
        tags: frames.map((f) => f.data[0]!),
        release: (err) => (err ? reject(err) : resolve(frames.map((f) => [{ box: { x: f.data[0]!, y: 0, w: 1, h: 1 }, classId: 0, label: 'person', score: 1 }]))),
      });
    });
  }
  async close(): Promise<void> {
    this.closed += 1;
  }
}

function frame(tag: number): Frame {
  return { width: 1, height: 1, format: 'gray8', data: Uint8Array.of(tag), ptsS: 0, index: 0 };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

test('frames of different cameras go into one detect() call, round robin, results back to their callers', async () => {
  const det = new ManualDetector();
  const shared = new SharedDetector(det, { maxBatch: 3 });
  assert.equal(shared.maxBatch, 3);
  const a = shared.register('a');
  const b = shared.register('b');
  const c = shared.register('c');
  const first = a.detect(frame(1)); // starts a call alone (the detector was idle)
  await tick();
  const rest = [a.detect(frame(2)), b.detect(frame(3)), c.detect(frame(4)), a.detect(frame(5))];
  assert.deepEqual(det.calls.map((x) => x.tags), [[1]]);
  det.calls[0]!.release();
  assert.equal((await first).detections[0]!.box.x, 1);
  await tick();
  // a was served already, so b and c (joining at the current virtual time) come first.
  assert.deepEqual(det.calls[1]!.tags, [3, 4, 2], 'one per camera in the batch');
  det.calls[1]!.release();
  await tick();
  assert.deepEqual(det.calls[2]!.tags, [5]);
  det.calls[2]!.release();
  const results = await Promise.all(rest);
  assert.deepEqual(results.map((r) => r.detections[0]!.box.x), [2, 3, 4, 5]);
  assert.deepEqual(results.map((r) => r.batchSize), [3, 3, 3, 1]);
  const s = shared.stats();
  assert.equal(s.batches, 3);
  assert.equal(s.frames, 5);
  assert.equal(s.cameras.a!.completed, 3);
  await shared.close();
  assert.equal(det.closed, 1);
});

test('default batch: 4 only for a dynamic-batch detector on CUDA (batching does not pay on CPU)', () => {
  const det = new ManualDetector();
  assert.equal(defaultMaxBatch(det), 1);
  assert.equal(defaultMaxBatch(Object.assign(det, { provider: 'cuda' })), 4);
  det.batch = 1;
  assert.equal(defaultMaxBatch(det), 1);
});

test('a fixed-batch detector gets one frame per call by default; frames are copied for the detector', async () => {
  const det = new ManualDetector();
  det.batch = 1;
  const shared = new SharedDetector(det);
  assert.equal(shared.maxBatch, 1);
  const a = shared.register('a');
  const f = frame(9);
  const p = a.detect(f);
  await tick();
  det.calls[0]!.release();
  await p;
  assert.equal(f.data[0], 9, 'the caller keeps its pixels');
  await shared.close();
});

test('newest wins per camera: a flooding camera drops its own frames only', async () => {
  const det = new ManualDetector();
  const shared = new SharedDetector(det, { maxBatch: 4, queuePerCamera: 1 });
  const flood = shared.register('flood');
  const calm = shared.register('calm');
  const busy = flood.detect(frame(0));
  await tick();
  const floods = [1, 2, 3].map((t) => flood.detect(frame(t)));
  const calmP = calm.detect(frame(10));
  const settled = Promise.allSettled(floods);
  det.calls[0]!.release();
  await busy;
  await tick();
  assert.deepEqual(det.calls[1]!.tags, [10, 3]);
  det.calls[1]!.release();
  const r = await settled;
  assert.deepEqual(r.map((x) => x.status), ['rejected', 'rejected', 'fulfilled']);
  assert.equal((r[0] as PromiseRejectedResult).reason.code, 'DETECTION_DROPPED');
  assert.equal((await calmP).detections.length, 1);
  const s = shared.stats();
  assert.equal(s.cameras.flood!.dropped, 2);
  assert.equal(s.cameras.calm!.dropped, 0);
  await shared.close();
});

test('a failed call rejects its frames only; release() and close() reject queued requests', async () => {
  const det = new ManualDetector();
  const shared = new SharedDetector(det, { maxBatch: 1 });
  const a = shared.register('a');
  const b = shared.register('b');
  const pa = a.detect(frame(1));
  await tick();
  const pb = b.detect(frame(2));
  det.calls[0]!.release(new Error('inference failed'));
  await assert.rejects(pa, /inference failed/);
  await tick();
  det.calls[1]!.release();
  assert.equal((await pb).detections.length, 1);
  await tick();
  const pa2 = a.detect(frame(3));
  const pa3 = a.detect(frame(4)); // queued behind pa2
  a.release();
  await assert.rejects(pa3, { code: 'DETECTOR_CLOSED' });
  await assert.rejects(a.detect(frame(5)), { code: 'DETECTOR_CLOSED' });
  await tick();
  const closing = shared.close(); // waits for the call in flight
  det.calls[2]!.release();
  await pa2;
  await closing;
  await assert.rejects(b.detect(frame(6)), { code: 'DETECTOR_CLOSED' });
  assert.equal(shared.stats().failedBatches, 1);
  assert.equal(det.closed, 1);
  await shared.close();
  assert.equal(det.closed, 1, 'close() is idempotent');
});

test('maxInFlight 2 keeps two calls running', async () => {
  const det = new ManualDetector();
  const shared = new SharedDetector(det, { maxBatch: 1, maxInFlight: 2, closeDetector: false });
  const a = shared.register('a', { capacity: 4 });
  const ps = [1, 2, 3].map((t) => a.detect(frame(t)));
  await tick();
  assert.equal(det.calls.length, 2);
  det.calls[0]!.release();
  await ps[0];
  await tick();
  assert.equal(det.calls.length, 3);
  det.calls[1]!.release();
  det.calls[2]!.release();
  await Promise.all(ps);
  await shared.close();
  assert.equal(det.closed, 0);
});

test('maxQueueWaitMs: a frame that waited too long in the queue is dropped (counted), fresher ones still run', async () => {
  const det = new ManualDetector();
  const shared = new SharedDetector(det, { maxBatch: 1, maxQueueWaitMs: 30 });
  const a = shared.register('a');
  const b = shared.register('b');
  const first = a.detect(frame(1)); // runs at once
  await tick();
  const stale = b.detect(frame(2)); // waits behind it
  await new Promise((r) => setTimeout(r, 60));
  const fresh = a.detect(frame(3)); // queued just now
  det.calls[0]!.release();
  await first;
  await assert.rejects(stale, (err: Error) => err.name === 'DetectionDroppedError' && /waiting more than 30 ms/.test(err.message));
  await tick();
  assert.deepEqual(det.calls.map((c) => c.tags), [[1], [3]], 'the stale frame never reached the detector');
  det.calls[1]!.release();
  assert.equal((await fresh).detections[0]!.box.x, 3);
  assert.equal(shared.stats().cameras.b!.dropped, 1);
  await shared.close();
});
