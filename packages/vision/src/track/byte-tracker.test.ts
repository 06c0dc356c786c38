import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ByteTracker, type ByteTrackerOptions } from './byte-tracker';
import { iou } from './box-geometry';
import { solveAssignment } from './linear-assignment';
import { makeScene, type SceneFrame } from './synthetic-scene';
import type { Detection, TrackedObject } from '../types';

const FPS = 10;

/** Runs the tracker over a scene; maps each gt id to the track ids that covered it (IoU ≥ 0.5). */
function run(frames: SceneFrame[], opts: ByteTrackerOptions = {}) {
  const tracker = new ByteTracker(opts);
  const idsOf = new Map<number, number[]>();
  const outputs: TrackedObject[][] = [];
  for (const f of frames) {
    const out = tracker.update(f.detections, f.index / FPS);
    outputs.push(out);
    const cost = f.gt.map((g) => out.map((o) => 1 - iou(o.box, g.box)));
    for (const [gi, oi] of solveAssignment(cost, { maxCost: 0.5 }).pairs) {
      const g = f.gt[gi]!;
      const list = idsOf.get(g.id) ?? [];
      if (list.at(-1) !== out[oi]!.trackId) list.push(out[oi]!.trackId);
      idsOf.set(g.id, list);
    }
  }
  return { tracker, idsOf, outputs };
}

test('two people crossing, the one behind hidden while they overlap: ids do not swap', () => {
  const frames = makeScene({
    frames: 60,
    seed: 11,
    jitterPx: 1,
    objects: [
      { id: 1, start: { x: 50, y: 200, w: 40, h: 100 }, vx: 8, vy: 0, from: 0, to: 59 },
      { id: 2, start: { x: 530, y: 210, w: 40, h: 100 }, vx: -8, vy: 0, from: 0, to: 59 },
    ],
    // They meet around frame 30; the far one (2) is hidden behind 1 for 5 frames, then seen with low scores.
    hidden: [{ id: 2, from: 27, to: 31 }],
    lowScore: [{ id: 2, from: 32, to: 34, score: 0.3 }],
  });
  const { idsOf } = run(frames);
  assert.equal(idsOf.get(1)?.length, 1, `gt 1 got ids ${String(idsOf.get(1))}`);
  assert.equal(idsOf.get(2)?.length, 1, `gt 2 got ids ${String(idsOf.get(2))}`);
  assert.notEqual(idsOf.get(1)?.[0], idsOf.get(2)?.[0]);
});

test('occlusion gap of 1.5 s: the lost track keeps its id when the person re-appears', () => {
  const frames = makeScene({
    frames: 50,
    seed: 5,
    jitterPx: 0.5,
    objects: [{ id: 1, start: { x: 20, y: 100, w: 30, h: 80 }, vx: 5, vy: 1, from: 0, to: 49 }],
    hidden: [{ id: 1, from: 15, to: 29 }],
  });
  const { idsOf, outputs } = run(frames);
  assert.deepEqual(idsOf.get(1), [1]);
  assert.equal(outputs[20]!.length, 0, 'nothing is reported while the object is hidden (reportLostForUpdates = 0)');
  const withLost = run(frames, { reportLostForUpdates: 3 }).outputs;
  assert.equal(withLost[16]![0]?.age, 2, 'a lost track can be reported with its predicted box and its age');
  assert.equal(withLost[20]!.length, 0);
});

test('a gap longer than maxLostS gives a new id', () => {
  const frames = makeScene({
    frames: 60,
    objects: [{ id: 1, start: { x: 20, y: 100, w: 30, h: 80 }, vx: 2, vy: 0, from: 0, to: 59 }],
    hidden: [{ id: 1, from: 10, to: 49 }],
  });
  const { idsOf } = run(frames, { maxLostS: 2 });
  assert.deepEqual(idsOf.get(1), [1, 2]);
});

test('jitter and occasional dropouts: one id per person, few false tracks', () => {
  const frames = makeScene({
    frames: 100,
    seed: 9,
    jitterPx: 3,
    dropRate: 0.15,
    falsePositiveRate: 0.05,
    objects: [
      { id: 1, start: { x: 30, y: 60, w: 30, h: 80 }, vx: 4, vy: 0.5, from: 0, to: 99 },
      { id: 2, start: { x: 400, y: 250, w: 40, h: 110 }, vx: -3, vy: -1, from: 0, to: 99 },
      { id: 3, start: { x: 300, y: 20, w: 25, h: 60 }, vx: 0, vy: 2, from: 20, to: 99 },
    ],
  });
  const { idsOf, tracker } = run(frames);
  for (const id of [1, 2, 3]) assert.equal(idsOf.get(id)?.length, 1, `gt ${id} got ids ${String(idsOf.get(id))}`);
  // Isolated false positives (one frame each) never reach the 2 hits needed for confirmation.
  assert.equal(tracker.stats.confirmedTotal, 3);
});

test('birth and death hysteresis: a one-frame detection never becomes a track; a new track needs two hits', () => {
  const t = new ByteTracker({ minHits: 2, confirmOnFirstFrame: false });
  const det = (x: number, score = 0.9): Detection => ({ box: { x, y: 10, w: 20, h: 40 }, classId: 0, label: 'person', score });
  assert.deepEqual(t.update([det(10)], 0), []);
  assert.equal(t.update([det(12)], 0.1).length, 1, 'confirmed on the second hit');
  assert.equal(t.update([], 0.2).length, 0, 'not reported while lost');
  assert.equal(t.aliveCount, 1, 'but still alive (lost, kept)');
  assert.equal(t.update([], 5).length, 0);
  assert.equal(t.aliveCount, 0, 'removed after maxLostS');
  // A flicker: detected once, gone, detected once elsewhere → no track.
  assert.deepEqual(t.update([det(300)], 5.1), []);
  assert.deepEqual(t.update([], 5.2), []);
  assert.deepEqual(t.update([det(300)], 5.3), []);
  assert.equal(t.stats.confirmedTotal, 1);
});

test('scores: low-score detections continue tracks but never start them; very low ones are ignored', () => {
  const t = new ByteTracker({ confirmOnFirstFrame: false });
  const det = (x: number, score: number): Detection => ({ box: { x, y: 10, w: 20, h: 40 }, classId: 0, label: 'person', score });
  assert.deepEqual(t.update([det(10, 0.3)], 0), []);
  assert.deepEqual(t.update([det(11, 0.3)], 0.1), []);
  assert.equal(t.stats.confirmedTotal, 0);
  t.update([det(10, 0.9)], 0.2);
  assert.equal(t.update([det(11, 0.9)], 0.3).length, 1);
  assert.equal(t.update([det(12, 0.3)], 0.4)[0]?.age, 0, 'a low-score detection keeps the track matched');
  assert.equal(t.update([det(13, 0.05)], 0.5).length, 0, 'below lowScore: ignored, track lost');
});

test('class-aware: a car detection does not continue a person track', () => {
  const t = new ByteTracker();
  const person: Detection = { box: { x: 10, y: 10, w: 40, h: 40 }, classId: 0, label: 'person', score: 0.9 };
  const car: Detection = { ...person, classId: 2, label: 'car' };
  const a = t.update([person], 0);
  const b = t.update([car], 0.1);
  assert.equal(a[0]?.label, 'person');
  assert.equal(b.length, 0, 'the car starts a tentative track; the person track is lost');
  const c = t.update([car], 0.2);
  assert.equal(c[0]?.label, 'car');
  assert.notEqual(c[0]?.trackId, a[0]?.trackId);
  const mixed = new ByteTracker({ classAware: false });
  mixed.update([person], 0);
  assert.equal(mixed.update([car], 0.1)[0]?.trackId, 1);
});

test('velocity is reported in pixels per second from the timestamps', () => {
  const t = new ByteTracker();
  let out: TrackedObject[] = [];
  for (let k = 0; k < 20; k++) {
    out = t.update([{ box: { x: 10 + 2 * k, y: 50 + k, w: 20, h: 50 }, classId: 0, label: 'person', score: 0.9 }], k * 0.2);
  }
  const v = out[0]!.velocity;
  assert.ok(Math.abs(v.vx - 10) < 0.5 && Math.abs(v.vy - 5) < 0.5, JSON.stringify(v));
});

test('reset forgets tracks; ids keep counting', () => {
  const t = new ByteTracker();
  const d: Detection = { box: { x: 10, y: 10, w: 20, h: 40 }, classId: 0, label: 'person', score: 0.9 };
  assert.equal(t.update([d], 0)[0]?.trackId, 1);
  t.reset();
  assert.equal(t.aliveCount, 0);
  assert.equal(t.update([d], 10)[0]?.trackId, 2);
});

test('recovery by last observation: a person who stopped while hidden is re-found although the prediction drifted on', () => {
  const det = (x: number): Detection => ({ box: { x, y: 100, w: 30, h: 80 }, classId: 0, label: 'person', score: 0.9 });
  const feed = (t: ByteTracker): TrackedObject[] => {
    let out: TrackedObject[] = [];
    for (let k = 0; k < 10; k++) out = t.update([det(10 + 8 * k)], k / FPS); // walks right, 80 px/s
    for (let k = 10; k < 18; k++) t.update([], k / FPS); // hidden; stopped at x = 82
    out = t.update([det(82)], 18 / FPS);
    return out;
  };
  assert.equal(feed(new ByteTracker({ recoverMinIou: 0.3 }))[0]?.trackId, 1);
  const plain = new ByteTracker({ recoverMinIou: 0 });
  assert.deepEqual(feed(plain), [], 'without recovery the detection only starts a tentative track');
});

test('a track re-found after a gap restarts its velocity from the observations', () => {
  const det = (x: number): Detection => ({ box: { x, y: 100, w: 30, h: 80 }, classId: 0, label: 'person', score: 0.9 });
  const run = (restartAfterMissed: number): number => {
    const t = new ByteTracker({ restartAfterMissed, recoverMinIou: 0 });
    for (let k = 0; k < 10; k++) t.update([det(10 + 5 * k)], k / FPS); // 50 px/s
    for (let k = 10; k < 13; k++) t.update([], k / FPS);
    // Re-appears having sped up: 28 px beyond the last observation 0.4 s later (70 px/s over the gap).
    return t.update([det(55 + 28)], 13 / FPS)[0]!.velocity.vx;
  };
  assert.ok(Math.abs(run(2) - 70) < 1e-6, `restart: ${run(2)}`);
  assert.ok(Math.abs(run(0) - 70) > 5, `a plain Kalman update keeps part of the old velocity: ${run(0)}`);
});
