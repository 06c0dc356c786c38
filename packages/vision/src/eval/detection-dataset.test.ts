import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { requireSharedFile } from '@argus/media';
import { DatasetError, loadMotDetectionDataset, loadYoloDataset, motFrameGroundTruth, parseMotGt, parseYoloLabels } from './detection-dataset';

describe('parseYoloLabels', () => {
  it('turns normalised centre boxes into pixel boxes', () => {
    const gt = parseYoloLabels('0 0.5 0.5 0.2 0.4\n\n2 0.1 0.2 0.2 0.2\n', 100, 50);
    assert.deepEqual(gt, [
      { classId: 0, box: { x: 40, y: 15, w: 20, h: 20 } },
      { classId: 2, box: { x: 0, y: 5, w: 20, h: 10 } },
    ]);
  });

  it('takes the bounding box of a segment line', () => {
    const gt = parseYoloLabels('1 0.1 0.2 0.5 0.2 0.3 0.6', 10, 10);
    assert.equal(gt.length, 1);
    assert.equal(gt[0]!.classId, 1);
    const { x, y, w, h } = gt[0]!.box;
    assert.ok(Math.abs(x - 1) < 1e-9 && Math.abs(y - 2) < 1e-9 && Math.abs(w - 4) < 1e-9 && Math.abs(h - 4) < 1e-9);
  });

  it('names the file and line of a bad line', () => {
    assert.throws(() => parseYoloLabels('0 0.5 0.5 0.2 0.4\nperson 0.5 0.5 0.1 0.1', 10, 10, 'a.txt'), (err: unknown) => err instanceof DatasetError && /^a\.txt:2: expected 'class cx cy w h'/.test(err.message));
    assert.throws(() => parseYoloLabels('0 0.5 0.5 0.2', 10, 10), /:1: expected/);
  });
});

describe('MOT ground truth', () => {
  const text = [
    '1,1,11,21,10,20,1,1,0.9', // pedestrian
    '1,2,101,21,10,20,1,7,1.0', // static person → ignore
    '1,3,201,21,10,20,0,8,1.0', // distractor → ignore
    '1,4,301,21,40,20,0,3,1.0', // car → left out
    '1,5,401,21,10,20,0,12,1.0', // reflection → ignore
    '1,6,501,21,10,20,0,2,1.0', // person on vehicle → ignore
    '1,7,601,21,10,20,0,9,1.0', // occluder → left out
    '1,8,701,21,10,20,0,1,1.0', // pedestrian not considered → ignore
    '2,1,12,22,10,20,1,1,0.8',
  ].join('\n');

  it('parses rows with 0-based boxes', () => {
    const rows = parseMotGt(text);
    assert.equal(rows.length, 9);
    assert.deepEqual(rows[0], { frame: 1, id: 1, box: { x: 10, y: 20, w: 10, h: 20 }, consider: 1, motClass: 1, visibility: 0.9 });
    assert.throws(() => parseMotGt('1,2,3\n', 'gt.txt'), /gt\.txt:1: expected/);
  });

  it('keeps considered pedestrians as person and 2/7/8/12 as ignore regions', () => {
    const gt = motFrameGroundTruth(parseMotGt(text), 1);
    assert.deepEqual(gt.filter((g) => g.ignore !== true).map((g) => g.box.x), [10]);
    assert.deepEqual(gt.filter((g) => g.ignore === true).map((g) => g.box.x), [100, 200, 400, 500, 700]);
    assert.ok(gt.every((g) => g.classId === 0));
    assert.equal(motFrameGroundTruth(parseMotGt(text), 2).length, 1);
    assert.equal(motFrameGroundTruth(parseMotGt(text), 3).length, 0);
  });
});

describe('dataset folders', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'argus-det-dataset-'));
    await mkdir(path.join(dir, 'images'));
    await mkdir(path.join(dir, 'labels'));
    await writeFile(path.join(dir, 'images', 'b.jpg'), '');
    await writeFile(path.join(dir, 'images', 'a.png'), '');
    await writeFile(path.join(dir, 'images', 'notes.txt'), '');
    await writeFile(path.join(dir, 'labels', 'a.txt'), '0 0.5 0.5 1 1\n');
    const seq = path.join(dir, 'mot', 'train', 'SEQ-01');
    await mkdir(path.join(seq, 'gt'), { recursive: true });
    await mkdir(path.join(seq, 'img1'));
    await writeFile(path.join(seq, 'gt', 'gt.txt'), '2,1,1,1,5,5,1,1,1\n');
    await writeFile(path.join(seq, 'img1', '000001.jpg'), '');
    await writeFile(path.join(seq, 'img1', '000002.jpg'), '');
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lists YOLO images in name order; an image without a label file has no objects', async () => {
    const ds = await loadYoloDataset(path.join(dir, 'images'), path.join(dir, 'labels'));
    assert.deepEqual(ds.samples.map((s) => s.id), ['a', 'b']);
    assert.deepEqual(ds.classes, [0, 2]);
    assert.deepEqual(ds.samples[0]!.groundTruth({ width: 8, height: 4 }), [{ classId: 0, box: { x: 0, y: 0, w: 8, h: 4 } }]);
    assert.deepEqual(ds.samples[1]!.groundTruth({ width: 8, height: 4 }), []);
    await assert.rejects(loadYoloDataset(path.join(dir, 'nope'), path.join(dir, 'labels')), /images folder .*nope does not exist/);
    await assert.rejects(loadYoloDataset(path.join(dir, 'labels'), path.join(dir, 'labels')), /no images/);
  });

  it('finds MOT sequences below a root and reads each frame from its file name', async () => {
    const ds = await loadMotDetectionDataset(path.join(dir, 'mot'));
    assert.equal(ds.name, 'mot');
    assert.deepEqual(ds.classes, [0]);
    assert.deepEqual(ds.samples.map((s) => s.id), ['SEQ-01/000001.jpg', 'SEQ-01/000002.jpg']);
    assert.equal(ds.samples[0]!.groundTruth({ width: 1, height: 1 }).length, 0);
    assert.deepEqual(ds.samples[1]!.groundTruth({ width: 1, height: 1 }), [{ classId: 0, box: { x: 0, y: 0, w: 5, h: 5 } }]);
    await assert.rejects(loadMotDetectionDataset(path.join(dir, 'images')), /no MOTChallenge sequence/);
  });

  it('reads the shared MOT17 mini set: 39 frames, 814 pedestrians to find', async (t) => {
    const root = requireSharedFile('gt/mot17_mini', t);
    if (root === undefined) return;
    const ds = await loadMotDetectionDataset(root);
    assert.equal(ds.samples.length, 39);
    const gt = ds.samples.flatMap((s) => s.groundTruth({ width: 0, height: 0 }));
    assert.equal(gt.filter((g) => g.ignore !== true).length, 814);
    assert.equal(gt.filter((g) => g.ignore === true).length, 14 + 65 + 44 + 13);
  });
});
