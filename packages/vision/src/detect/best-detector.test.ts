import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { requireSharedFile } from '@argus/media';
import { decodeImageFile } from '../io/image-decode';
import { type BestDetectorOptions, createBestDetector, selectDetector } from './best-detector';
import { packagedCenternetModelPath } from './centernet-model';
import { ModelError } from './model-errors';
import { YOLOX_NANO_MODEL } from './model-resolve';
import { requireYoloxNano } from './testing/fixtures';
import { WorkerDetector } from './worker-detector';
import { YoloxDetector } from './yolox-detector';

describe('createBestDetector (YOLOX when its model resolves, else the packaged CenterNet)', () => {
  let dir: string;
  let empty: string;
  // The shared mirror (../shared/models) is always searched and holds yolox_nano.onnx, so "no YOLOX model anywhere"
  // is a YOLOX spec whose file exists in no folder; the real resolver still runs every step (folders, cache, download).
  const absent = { ...YOLOX_NANO_MODEL, fileName: 'argus-test-absent-yolox.onnx' };
  let noYolox: BestDetectorOptions;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'argus-best-detector-'));
    empty = path.join(dir, 'empty-models');
    await mkdir(empty);
    noYolox = { modelsDir: empty, yoloxModel: absent, resolve: { env: {}, cacheDir: path.join(dir, 'cache'), allowDownload: false } };
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('with no YOLOX model (empty folder, nothing cached, downloads off) the server-side factory returns the CenterNet fallback in a worker', async (t) => {
    const image = requireSharedFile('stills/coco64_dev/images/000000000785.jpg', t);
    if (image === undefined) return;
    const logs: { msg: string; extra?: Record<string, unknown> }[] = [];
    const detector = await createBestDetector({ ...noYolox, scoreThreshold: 0.3, log: (msg, extra) => logs.push({ msg, extra }) });
    try {
      assert.ok(detector instanceof WorkerDetector, 'CenterNet runs off the calling thread');
      assert.equal(detector.name, 'centernet:centernet.json (fallback)');
      assert.equal(logs.length, 1);
      assert.equal(logs[0]!.msg, 'detector: centernet:centernet.json (fallback)');
      assert.equal(logs[0]!.extra?.kind, 'centernet');
      assert.match(String(logs[0]!.extra?.reason), /no YOLOX model .*argus-test-absent-yolox\.onnx not found.*download \(turned off\)/);
      const [dets] = await detector.detect([await decodeImageFile(image)]);
      assert.ok((dets ?? []).some((d) => d.label === 'person' && d.score >= 0.5), JSON.stringify(dets));
    } finally {
      await detector.close();
    }
  });

  it('uses YOLOX, in the calling thread, when its model is in a models folder', async (t) => {
    const modelPath = requireYoloxNano(t);
    if (modelPath === undefined) return;
    const logs: string[] = [];
    const detector = await createBestDetector({ modelsDir: path.dirname(modelPath), resolve: { env: {}, allowDownload: false }, log: (m, e) => logs.push(`${m} | ${String(e?.reason)}`) });
    try {
      assert.ok(detector instanceof YoloxDetector);
      assert.equal(detector.name, 'yolox:yolox_nano.onnx');
      assert.deepEqual(logs, ['detector: yolox:yolox_nano.onnx | yolox_nano.onnx found in a models folder']);
    } finally {
      await detector.close();
    }
  });

  it('never falls back from a wrong explicit path, a forced YOLOX, or a YOLOX file that is not a model', async () => {
    await assert.rejects(selectDetector({ ...noYolox, modelPath: path.join(empty, 'nope.onnx') }), (err: unknown) =>
      err instanceof ModelError && err.code === 'MODEL_NOT_FOUND' && /nope\.onnx: no such file/.test(err.message),
    );
    await assert.rejects(selectDetector({ ...noYolox, kind: 'yolox' }), (err: unknown) => err instanceof ModelError && err.code === 'MODEL_NOT_FOUND');
    const broken = path.join(dir, 'broken-models');
    await mkdir(broken);
    await writeFile(path.join(broken, absent.fileName), 'this is not an ONNX model\n');
    const opts = { ...noYolox, modelsDir: broken };
    assert.equal((await selectDetector(opts)).kind, 'yolox');
    await assert.rejects(createBestDetector(opts), (err: unknown) => err instanceof ModelError && err.code === 'MODEL_INVALID');
  });

  it('opens CenterNet when asked (here in the calling thread), named without "(fallback)"', async () => {
    const sel = await selectDetector({ kind: 'centernet' });
    assert.deepEqual(sel, { kind: 'centernet', modelPath: packagedCenternetModelPath(), reason: 'asked for' });
    const detector = await createBestDetector({ kind: 'centernet', worker: 'none' });
    try {
      assert.ok(!(detector instanceof WorkerDetector));
      assert.equal(detector.name, 'centernet:centernet.json');
    } finally {
      await detector.close();
    }
  });
});
