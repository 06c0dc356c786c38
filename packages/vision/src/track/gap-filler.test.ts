import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ByteTracker } from './byte-tracker';
import { iou } from './box-geometry';
import { GapFiller, type LaggedFrame } from './gap-filler';
import { makeScene } from './synthetic-scene';
import type { Box, TrackedObject } from '../types';

const FPS = 10;

function obj(trackId: number, box: Box, age = 0): TrackedObject {
  return { trackId, classId: 0, label: 'person', box, score: 0.9, velocity: { vx: 0, vy: 0 }, age };
}

/** Pushes one frame per entry (frame i at i / FPS s) and returns every frame that came out, flushed at the end. */
function runFiller(maxGap: number, perFrame: TrackedObject[][]): Array<LaggedFrame<number>> {
  const filler = new GapFiller<number>(maxGap);
  const out: Array<LaggedFrame<number>> = [];
  perFrame.forEach((objects, i) => out.push(...filler.push(i, i / FPS, objects)));
  out.push(...filler.flush());
  return out;
}

test('a gap of up to maxGapFrames is filled by linear interpolation; frames come out that many frames late', () => {
  const filler = new GapFiller<number>(3);
  const a = obj(1, { x: 0, y: 0, w: 10, h: 20 });
  const b = obj(1, { x: 30, y: 6, w: 16, h: 20 });
  assert.deepEqual(filler.push(0, 0, [a]), [], 'held back: the lag is 3 frames');
  assert.deepEqual(filler.push(1, 0.1, []), []);
  assert.deepEqual(filler.push(2, 0.2, []), []);
  const first = filler.push(3, 0.3, [b]);
  assert.deepEqual(first.map((f) => f.meta), [0]);
  const rest = filler.flush();
  assert.deepEqual(rest.map((f) => f.meta), [1, 2, 3]);
  const f1 = rest[0]!.objects[0]!;
  assert.equal(f1.trackId, 1);
  assert.equal(f1.age, 1);
  for (const [k, v] of Object.entries({ x: 10, y: 2, w: 12, h: 20 })) assert.ok(Math.abs(f1.box[k as keyof Box] - v) < 1e-9, `${k}: ${f1.box[k as keyof Box]}`);
  assert.ok(Math.abs(rest[1]!.objects[0]!.box.x - 20) < 1e-9);
  assert.equal(rest[1]!.objects[0]!.age, 2);
  assert.deepEqual(rest[2]!.objects, [b], 'the matched frame is unchanged');
  assert.equal(filler.filled, 2);
});

test('interpolation follows the timestamps, not the frame count (irregular sampling)', () => {
  const filler = new GapFiller<string>(2);
  filler.push('a', 0, [obj(7, { x: 0, y: 0, w: 10, h: 10 })]);
  filler.push('b', 0.75, []);
  filler.push('c', 1, [obj(7, { x: 100, y: 0, w: 10, h: 10 })]);
  const frames = filler.flush();
  const b = frames.find((f) => f.meta === 'b')!;
  assert.ok(Math.abs(b.objects[0]!.box.x - 75) < 1e-9, String(b.objects[0]!.box.x));
});

test('a gap longer than maxGapFrames is left empty, and maxGapFrames 0 passes frames straight through', () => {
  const seen = [obj(1, { x: 0, y: 0, w: 10, h: 20 })];
  const frames = runFiller(2, [seen, [], [], [], seen]);
  assert.deepEqual(frames.map((f) => f.objects.length), [1, 0, 0, 0, 1]);
  const filler = new GapFiller<number>(0);
  assert.equal(filler.push(0, 0, seen).length, 1);
  assert.equal(filler.push(1, 0.1, []).length, 1);
  assert.equal(filler.push(2, 0.2, seen)[0]!.objects.length, 1);
  assert.equal(filler.filled, 0);
  assert.throws(() => new GapFiller(-1), RangeError);
  assert.throws(() => new GapFiller(1.5), RangeError);
});

test('a predicted box the tracker reported in the gap (age > 0) is replaced, not duplicated; other tracks are kept', () => {
  const other = obj(2, { x: 200, y: 0, w: 10, h: 20 });
  const frames = runFiller(2, [
    [obj(1, { x: 0, y: 0, w: 10, h: 20 }), other],
    [obj(1, { x: 50, y: 50, w: 10, h: 20 }, 1), other],
    [obj(1, { x: 20, y: 0, w: 10, h: 20 }), other],
  ]);
  const gap = frames[1]!.objects;
  assert.deepEqual(gap.map((o) => o.trackId), [1, 2]);
  assert.ok(Math.abs(gap[0]!.box.x - 10) < 1e-9 && gap[0]!.box.y === 0, JSON.stringify(gap[0]!.box));
});

test('with the tracker on a scene with a short occlusion: the hidden frames are recovered, nothing is invented', () => {
  const scene = makeScene({
    frames: 40,
    seed: 3,
    jitterPx: 0.5,
    objects: [
      { id: 1, start: { x: 20, y: 100, w: 30, h: 80 }, vx: 6, vy: 0, from: 0, to: 39 },
      { id: 2, start: { x: 500, y: 120, w: 30, h: 80 }, vx: -4, vy: 1, from: 0, to: 39 },
    ],
    hidden: [{ id: 1, from: 12, to: 16 }],
  });
  const covered = (frames: Array<{ objects: TrackedObject[]; gt: Array<{ box: Box }> }>) =>
    frames.reduce((n, f) => n + f.gt.filter((g) => f.objects.some((o) => iou(o.box, g.box) >= 0.5)).length, 0);
  const online = new ByteTracker();
  const onlineFrames = scene.map((f) => ({ gt: f.gt, objects: online.update(f.detections, f.index / FPS) }));
  const lagged = new ByteTracker();
  const filler = new GapFiller<number>(5);
  const out: Array<LaggedFrame<number>> = [];
  for (const f of scene) out.push(...filler.push(f.index, f.index / FPS, lagged.update(f.detections, f.index / FPS)));
  out.push(...filler.flush());
  assert.deepEqual(out.map((f) => f.meta), scene.map((f) => f.index), 'every frame comes out once, in order');
  const laggedFrames = out.map((f) => ({ gt: scene[f.meta]!.gt, objects: f.objects }));
  const total = scene.reduce((n, f) => n + f.gt.length, 0);
  assert.equal(covered(onlineFrames), total - 5, 'online: the five hidden frames are missed');
  assert.equal(covered(laggedFrames), total, 'lagged: the five hidden frames are filled');
  const predicted = laggedFrames.reduce((n, f) => n + f.objects.length, 0);
  assert.equal(predicted, total, 'no box without a ground-truth object');
  const ids = new Set(out.flatMap((f) => f.objects.map((o) => o.trackId)));
  assert.equal(ids.size, 2);
});
