import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { requireSharedFile } from '@argus/media';
import { parseYoloLabels } from '../eval/detection-dataset';
import { decodeImageFile } from '../io/image-decode';
import { iou } from '../track/box-geometry';
import type { Detection, Frame } from '../types';
import { type CenternetDetector, createCenternetDetector } from './centernet-detector';
import { packagedCenternetModelPath } from './centernet-model';
import { ModelError } from './model-errors';
import { startDetectorWorker } from './worker-detector';

async function imageWithLabels(name: string, t: { skip(m?: string): void }): Promise<{ frame: Frame; persons: Detection['box'][] } | undefined> {
  const image = requireSharedFile(`stills/coco64_dev/images/${name}.jpg`, t);
  const labels = requireSharedFile(`stills/coco64_dev/labels/${name}.txt`, t);
  if (image === undefined || labels === undefined) return undefined;
  const frame = await decodeImageFile(image);
  const gt = parseYoloLabels(await readFile(labels, 'utf8'), frame.width, frame.height, labels);
  return { frame, persons: gt.filter((g) => g.classId === 0).map((g) => g.box) };
}

describe('CenterNet fallback detector (the model @vladmandic/human ships, TFJS wasm)', () => {
  let detector: CenternetDetector;
  before(async () => {
    detector = await createCenternetDetector({ scoreThreshold: 0.3 });
  });
  after(() => detector.close());

  it('is found in the installed package, with its 512x512 input and COCO labels', () => {
    const file = packagedCenternetModelPath();
    assert.ok(file !== null && file.endsWith(path.join('@vladmandic', 'human', 'models', 'centernet.json')), String(file));
    assert.deepEqual(detector.inputSize, { width: 512, height: 512 });
    assert.equal(detector.labels[0], 'person');
    assert.equal(detector.name, 'centernet:centernet.json');
  });

  it('finds the person where coco64_dev labels one (IoU >= 0.5), in frame pixels', async (t) => {
    const sample = await imageWithLabels('000000000785', t);
    if (sample === undefined) return;
    assert.equal(sample.persons.length, 1);
    const [dets] = await detector.detect([sample.frame]);
    const persons = (dets ?? []).filter((d) => d.label === 'person');
    assert.ok(persons.length >= 1, `no person found: ${JSON.stringify(dets)}`);
    const best = Math.max(...persons.map((d) => iou(d.box, sample.persons[0]!)));
    assert.ok(best >= 0.5, `best person IoU ${best.toFixed(3)}`);
    for (const d of dets ?? []) {
      assert.ok(d.score >= 0.3 && d.score <= 1);
      assert.ok(d.box.x >= 0 && d.box.y >= 0 && d.box.x + d.box.w <= sample.frame.width + 1e-6 && d.box.y + d.box.h <= sample.frame.height + 1e-6);
    }
  });

  it('runs in the detector worker thread with the same results as in this thread', async (t) => {
    const samples = [await imageWithLabels('000000000785', t), await imageWithLabels('000000000139', t)];
    if (samples.some((s) => s === undefined)) return;
    const frames = samples.map((s) => s!.frame);
    const expected = await detector.detect(frames);
    const worker = await startDetectorWorker({ kind: 'centernet', config: { modelPath: detector.modelPath, scoreThreshold: 0.3 } });
    try {
      assert.equal(worker.provider, 'wasm');
      assert.equal(worker.name, 'centernet:centernet.json');
      const got = await worker.detect(frames.map((f) => ({ ...f, data: new Uint8Array(f.data) })));
      assert.ok(expected.flat().length >= 3);
      assert.deepEqual(
        got.map((ds) => ds.map((d) => [d.classId, d.score.toFixed(5), d.box.x.toFixed(2), d.box.y.toFixed(2), d.box.w.toFixed(2), d.box.h.toFixed(2)])),
        expected.map((ds) => ds.map((d) => [d.classId, d.score.toFixed(5), d.box.x.toFixed(2), d.box.y.toFixed(2), d.box.w.toFixed(2), d.box.h.toFixed(2)])),
      );
    } finally {
      await worker.close();
    }
  });

  describe('bad model files', () => {
    let dir: string;
    before(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'argus-centernet-'));
    });
    after(() => rm(dir, { recursive: true, force: true }));

    it('refuses a model.json that is not JSON, or that names a missing weight file, with MODEL_INVALID', async () => {
      const notJson = path.join(dir, 'garbage.json');
      await writeFile(notJson, 'this is not a model');
      await assert.rejects(createCenternetDetector({ modelPath: notJson }), (err: unknown) =>
        err instanceof ModelError && err.code === 'MODEL_INVALID' && /not a TensorFlow\.js model\.json/.test(err.message),
      );
      const noWeights = path.join(dir, 'no-weights.json');
      await writeFile(noWeights, JSON.stringify({ modelTopology: { node: [] }, weightsManifest: [{ paths: ['missing.bin'], weights: [] }] }));
      await assert.rejects(createCenternetDetector({ modelPath: noWeights }), (err: unknown) =>
        err instanceof ModelError && err.code === 'MODEL_INVALID' && /missing\.bin cannot be read/.test(err.message),
      );
    });

    it('reports a load failure in the worker as the same ModelError', async () => {
      const notJson = path.join(dir, 'garbage.json');
      await assert.rejects(startDetectorWorker({ kind: 'centernet', config: { modelPath: notJson } }), (err: unknown) =>
        err instanceof ModelError && err.code === 'MODEL_INVALID',
      );
    });
  });
});
