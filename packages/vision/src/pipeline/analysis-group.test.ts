import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelError } from '../detect/model-errors';
import type { Detection, Detector, Frame } from '../types';
import { AnalysisGroup } from './analysis-group';
import type { FrameSourceLike } from './analysis-pipeline';
import type { AnalysisPipelineError } from './pipeline-errors';

function frames(n: number): FrameSourceLike {
  return {
    async *[Symbol.asyncIterator](): AsyncGenerator<Frame> {
      for (let i = 0; i < n; i++) yield { width: 32, height: 32, format: 'gray8', data: new Uint8Array(1024), ptsS: i / 5, index: i };
    },
  };
}

function detector(): Detector & { closed: number } {
  return {
    name: 'fake',
    inputSize: { width: 32, height: 32 },
    labels: ['person'],
    closed: 0,
    async detect(fs: readonly Frame[]): Promise<Detection[][]> {
      return fs.map(() => [{ box: { x: 4, y: 4, w: 8, h: 20 }, classId: 0, label: 'person', score: 0.9 }]);
    },
    async close() {
      this.closed += 1;
    },
  };
}

test('cameras share one detector per key; a detector that cannot be created fails only its cameras, and is retried later', async () => {
  const made: Array<Detector & { closed: number }> = [];
  let brokenAttempts = 0;
  const group = new AnalysisGroup({
    createDetector: async (key) => {
      if (key === 'broken' && ++brokenAttempts === 1) throw new ModelError('MODEL_INVALID', 'model broken.onnx: not an ONNX model');
      const d = detector();
      made.push(d);
      return d;
    },
  });
  const errors: AnalysisPipelineError[] = [];
  const a = group.addCamera({ camera: 'a', source: frames(10), gate: false, handoff: { overflow: 'block' } });
  const b = group.addCamera({ camera: 'b', source: frames(10), gate: false, handoff: { overflow: 'block' } });
  const bad = group.addCamera({ camera: 'bad', detector: 'broken', source: frames(10), onFrame: () => undefined, onError: (e) => errors.push(e) });
  assert.throws(() => group.addCamera({ camera: 'a', source: frames(1) }), /already analysed/);
  const count = async (p: AsyncIterable<unknown>): Promise<number> => {
    let n = 0;
    for await (const _ of p) n += 1;
    return n;
  };
  assert.deepEqual(await Promise.all([count(a), count(b)]), [11, 11], '10 frames and the closing item each');
  await group.removeCamera('bad');
  assert.equal(errors.length, 1);
  assert.equal(errors[0]!.code, 'MODEL_INVALID');
  assert.equal(errors[0]!.camera, 'bad');
  assert.equal(bad.stats().state, 'failed');
  assert.equal(made.length, 1, 'a and b share one detector');
  const st = group.stats();
  assert.equal(st.detectors.default!.frames, 20);
  assert.deepEqual(Object.keys(st.cameras).sort(), ['a', 'b']);
  // The broken key is tried again for the next camera.
  const retry = group.addCamera({ camera: 'bad', detector: 'broken', source: frames(3), gate: false, handoff: { overflow: 'block' } });
  assert.equal(await count(retry), 4);
  assert.equal(made.length, 2);
  assert.ok(group.metricSamples().some((s) => s.name === 'argus_detector_frames_total' && s.labels.detector === 'broken' && s.value === 3));
  await group.close();
  await group.close();
  assert.deepEqual(made.map((d) => d.closed), [1, 1]);
  assert.throws(() => group.addCamera({ camera: 'late', source: frames(1) }), /closed/);
});
