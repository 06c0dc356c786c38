import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Box, Detection, Frame } from '../types';
import { AnalysisCore } from './analysis-core';
import { cropFrame } from './snapshot-crop';

const W = 320;
const H = 240;

/** A bgr24 frame: textured background, with an optional bright patch (the "object") at `box`. */
function frame(index: number, box?: Box, fps = 5): Frame {
  const data = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 3;
      let v = 60 + ((x * 7 + y * 13) % 40);
      if (box !== undefined && x >= box.x && x < box.x + box.w && y >= box.y && y < box.y + box.h) v = (x + y) % 2 === 0 ? 250 : 10;
      data[i] = v;
      data[i + 1] = v;
      data[i + 2] = v;
    }
  }
  return { width: W, height: H, format: 'bgr24', data, ptsS: index / fps, index };
}

function person(box: Box, score = 0.9): Detection {
  return { box, classId: 0, label: 'person', score };
}

test('one object walking: a single stable id, ended after the tracker gives up, with a best-snapshot crop', () => {
  const core = new AnalysisCore({ camera: 'cam1', gate: false, tracker: { maxLostS: 1 } });
  const ids = new Set<number>();
  let ended: ReturnType<AnalysisCore['process']>['endedTracks'] = [];
  for (let i = 0; i < 20; i++) {
    const box = { x: 20 + i * 8, y: 60, w: 30 + (i === 10 ? 20 : 0), h: 80 };
    const f = i < 14 ? frame(i, box) : frame(i);
    const dets = i < 14 ? [person(box)] : [];
    const out = core.process(f, dets, core.decide(f));
    assert.equal(out.camera, 'cam1');
    assert.deepEqual(out.frame, { index: i, ptsS: i / 5, width: W, height: H });
    assert.equal(out.gate.ran, true);
    assert.equal(out.gate.reason, 'always');
    for (const o of out.objects) ids.add(o.trackId);
    if (i < 14) assert.equal(out.objects.length, 1, `frame ${i}`);
    ended = ended.concat(out.endedTracks);
  }
  assert.deepEqual([...ids], [1]);
  assert.equal(ended.length, 1, 'the track ended once it was lost for more than maxLostS');
  const t = ended[0]!;
  assert.equal(t.trackId, 1);
  assert.equal(t.label, 'person');
  assert.equal(t.frames, 14);
  assert.equal(t.firstPtsS, 0);
  assert.ok(Math.abs(t.lastPtsS - 13 / 5) < 1e-9);
  const s = t.snapshot!;
  assert.ok(s !== null);
  // The widest (largest) view wins: frame 10.
  assert.equal(s.frameIndex, 10);
  assert.equal(s.crop.format, 'bgr24');
  assert.equal(s.crop.data.length, s.crop.width * s.crop.height * 3);
  assert.ok(Math.abs(s.crop.width - s.box.w) <= 2 && Math.abs(s.crop.height - s.box.h) <= 2);
  assert.equal(core.stats().tracksEnded, 1);
  assert.equal(core.end()?.endedTracks.length, 0, 'nothing left at the end');
});

test('frames the gate skips leave the tracker alone and hold the last objects (or none)', () => {
  const held = new AnalysisCore({ camera: 'c', gate: false });
  const none = new AnalysisCore({ camera: 'c', gate: false, skippedObjects: 'none' });
  const box = { x: 100, y: 50, w: 40, h: 100 };
  for (const core of [held, none]) {
    core.process(frame(0, box), [person(box)], { run: true, reason: 'motion' });
    const skipped = core.process(frame(1, box), null, { run: false, reason: 'idle' });
    assert.equal(skipped.gate.ran, false);
    assert.equal(skipped.gate.reason, 'idle');
    assert.equal(skipped.endedTracks.length, 0);
    const dropped = core.process(frame(2, box), null, { run: false, reason: 'dropped' });
    assert.equal(dropped.gate.reason, 'dropped');
    const st = core.stats();
    assert.deepEqual([st.frames, st.analysed, st.skipped, st.dropped], [3, 1, 1, 1]);
    if (core === held) assert.deepEqual(skipped.objects.map((o) => o.trackId), [1]);
    else assert.deepEqual(skipped.objects, []);
  }
});

test('end() ends every remaining track with its snapshot, once; process() after end() throws', () => {
  const core = new AnalysisCore({ camera: 'c', gate: false });
  assert.equal(new AnalysisCore({ camera: 'x' }).end(), null, 'no frame, no closing item');
  const a = { x: 10, y: 10, w: 40, h: 90 };
  const b = { x: 200, y: 100, w: 50, h: 100 };
  for (let i = 0; i < 3; i++) core.process(frame(i, a), [person(a), { ...person(b), classId: 2, label: 'car' }], { run: true, reason: 'motion' });
  const last = core.end()!;
  assert.equal(last.end, true);
  assert.equal(last.gate.reason, 'end');
  assert.deepEqual(last.frame.index, 2);
  assert.deepEqual(last.endedTracks.map((t) => [t.trackId, t.label]).sort(), [[1, 'person'], [2, 'car']]);
  assert.ok(last.endedTracks.every((t) => t.snapshot !== null && t.snapshot.crop.data.length > 0));
  assert.equal(core.end(), null);
  assert.throws(() => core.process(frame(3), [], { run: true, reason: 'motion' }), /after end/);
});

test('the detection filter and snapshots: off switches work', () => {
  const core = new AnalysisCore({ camera: 'c', gate: false, filter: { classes: [0] }, snapshots: false });
  const box = { x: 10, y: 10, w: 40, h: 90 };
  const out = core.process(frame(0, box), [person(box), { ...person({ x: 200, y: 20, w: 60, h: 40 }), classId: 2, label: 'car' }], { run: true, reason: 'motion' });
  assert.deepEqual(out.objects.map((o) => o.label), ['person']);
  assert.equal(core.end()!.endedTracks[0]!.snapshot, null);
});

test('with the motion gate: a static scene is skipped after warm-up, a moving object runs the detector', () => {
  const core = new AnalysisCore({ camera: 'c' });
  const reasons: string[] = [];
  for (let i = 0; i < 10; i++) reasons.push(core.decide(frame(i)).reason);
  assert.equal(reasons[0], 'warmup');
  assert.ok(reasons.slice(1).every((r) => r === 'idle'), reasons.join(','));
  const moving = [10, 11, 12].map((i) => core.decide(frame(i, { x: 40 + (i - 10) * 12, y: 60, w: 40, h: 80 })));
  assert.ok(moving.some((d) => d.run && d.reason === 'motion'), JSON.stringify(moving));
});

test('cropFrame clips to the frame and copies rows', () => {
  const f = frame(0);
  const c = cropFrame(f, { x: -5.5, y: 230.2, w: 20, h: 50 })!;
  assert.deepEqual([c.x, c.y, c.width, c.height], [0, 230, 15, 10]);
  assert.deepEqual([...c.data.subarray(0, 3)], [...f.data.subarray(230 * W * 3, 230 * W * 3 + 3)]);
  assert.equal(cropFrame(f, { x: 400, y: 10, w: 10, h: 10 }), null);
});
