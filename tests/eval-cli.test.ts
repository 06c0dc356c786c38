import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { requireSharedFile } from '@argus/media';

const root = path.resolve(import.meta.dirname, '..');

function argus(args: string[]) {
  return spawnSync('npx', ['argus', ...args], { cwd: root, encoding: 'utf8', timeout: 180_000 });
}
const lastLine = (out: string) => out.trim().split('\n').at(-1) ?? '';

describe('argus eval (reviewers\' interface to the accuracy figures)', () => {
  it('eval detect prints AP50 per class and precision/recall as its last line', (t) => {
    const images = requireSharedFile('stills/coco64_dev/images', t);
    const labels = requireSharedFile('stills/coco64_dev/labels', t);
    if (!images || !labels) return;
    const r = argus(['eval', 'detect', '--images', images, '--labels', labels]);
    assert.equal(r.status, 0, r.stderr);
    const m = /^AP50 person=(\d\.\d+) car=(\d\.\d+); precision=(\d\.\d+) recall=(\d\.\d+)$/.exec(lastLine(r.stdout));
    assert.ok(m, lastLine(r.stdout));
    assert.ok(Number(m[1]) >= 0.6, `person AP50 ${m[1]} (docs/accuracy.md: 0.659)`);
  });

  it('eval track prints MOTA, IDF1, switches and crossings as its last line', (t) => {
    const video = requireSharedFile('videos/opencv_vtest_PETS09-S2L1.avi', t);
    const gt = requireSharedFile('gt/pets09_s2l1_dev/gt_mot_480x360_frames1-400.txt', t);
    if (!video || !gt) return;
    const r = argus(['eval', 'track', '--video', video, '--gt', gt, '--from-frame', '1', '--to-frame', '100', '--line', '0,0.5,1,0.5']);
    assert.equal(r.status, 0, r.stderr);
    const m = /^MOTA=(-?\d\.\d+) IDF1=(\d\.\d+) idsw=(\d+); crossings a2b=(\d+)\/(\d+) b2a=(\d+)\/(\d+)$/.exec(lastLine(r.stdout));
    assert.ok(m, lastLine(r.stdout));
    assert.ok(Number(m[1]) >= 0.7, `MOTA ${m[1]} on frames 1-100`);
  });

  it('refuses bad flags with exit 2 and a clear message', () => {
    const r = argus(['eval', 'track', '--video', 'x.avi', '--gt', 'gt.txt', '--line', '1,2']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--line: a line is "x1,y1,x2,y2"/);
    assert.equal(argus(['eval', 'detect', '--images', 'only']).status, 2);
    assert.equal(argus(['eval', 'segment']).status, 2);
  });
});
