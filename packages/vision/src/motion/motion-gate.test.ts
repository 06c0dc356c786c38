import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MotionGate } from './motion-gate';
import { changedBlobs } from './block-change';
import { gaussian, seededRandom } from '../track/synthetic-scene';
import type { Frame } from '../types';

const W = 160;
const H = 120;

/** A textured static scene (smooth shapes plus fine texture), 0..1 scale before gain/offset. */
function scene(): Float32Array {
  const s = new Float32Array(W * H);
  const rand = seededRandom(42);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      s[y * W + x] = 0.4 + 0.2 * Math.sin(x / 9) * Math.cos(y / 7) + 0.1 * (rand() - 0.5) + (x > 100 && y < 40 ? 0.2 : 0);
    }
  }
  return s;
}

interface RenderOptions {
  gain?: number | ((x: number, y: number) => number);
  offset?: number;
  noise?: number;
  /** A dark object (person-like) at this position, 10×24 px. */
  object?: { x: number; y: number; level: number };
  scale?: number;
}

function render(base: Float32Array, t: number, rand: () => number, o: RenderOptions = {}): Frame {
  const data = new Uint8Array(W * H);
  const scale = o.scale ?? 200;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const g = typeof o.gain === 'function' ? o.gain(x, y) : (o.gain ?? 1);
      let v = base[y * W + x]! * scale * g + (o.offset ?? 0);
      if (o.object !== undefined && x >= o.object.x && x < o.object.x + 10 && y >= o.object.y && y < o.object.y + 24) v = o.object.level;
      v += (o.noise ?? 0) * gaussian(rand);
      data[y * W + x] = Math.max(0, Math.min(255, Math.round(v)));
    }
  }
  return { width: W, height: H, format: 'gray8', data, ptsS: t, index: Math.round(t * 5) };
}

/** Runs a gate over n frames at 5 fps; returns the decisions after the first `settle` frames. */
function runFrames(gate: MotionGate, n: number, make: (k: number, t: number) => Frame, tracksAlive = 0) {
  const out = [];
  for (let k = 0; k < n; k++) out.push(gate.process({ frame: make(k, k / 5), tracksAlive }));
  return out;
}

test('static scene with sensor noise: skips everything after warm-up', () => {
  const base = scene();
  const rand = seededRandom(1);
  const gate = new MotionGate({ heartbeatS: 0 });
  const d = runFrames(gate, 50, (_k, t) => render(base, t, rand, { noise: 2 }));
  assert.equal(d[0]!.reason, 'warmup');
  assert.equal(d.slice(1).filter((x) => x.run).length, 0, JSON.stringify(d.filter((x) => x.run).slice(0, 3)));
});

test('near-dark noisy scene (mean ~5, noise σ 1.5): no false motion', () => {
  const base = scene();
  const rand = seededRandom(2);
  const gate = new MotionGate({ heartbeatS: 0 });
  const d = runFrames(gate, 60, (_k, t) => render(base, t, rand, { scale: 12, noise: 1.5 }));
  assert.ok(d.slice(1).filter((x) => x.run).length <= 1, `fired ${d.filter((x) => x.run).length} times`);
});

test('global lighting changes (switch on, dimming, smooth gradient) do not fire', () => {
  const base = scene();
  const rand = seededRandom(3);
  const gate = new MotionGate({ heartbeatS: 0 });
  const d = runFrames(gate, 60, (k, t) => {
    if (k < 15) return render(base, t, rand, { noise: 1, scale: 120 });
    if (k < 30) return render(base, t, rand, { noise: 1, scale: 120, gain: 1.8, offset: 10 }); // lights on
    if (k < 45) return render(base, t, rand, { noise: 1, scale: 120, gain: 0.6 }); // dimmed
    return render(base, t, rand, { noise: 1, scale: 120, gain: (x) => 1 + x / W }); // lamp on one side
  });
  const fired = d.slice(1).filter((x) => x.run);
  assert.equal(fired.length, 0, JSON.stringify(fired.slice(0, 3)));
});

test('a scene cut or camera jump counts as global: re-learnt, no fire', () => {
  const base = scene();
  const other = scene().map((v, i) => (i % 7) / 7 - v / 2 + 0.5);
  const rand = seededRandom(4);
  const gate = new MotionGate({ heartbeatS: 0 });
  const d = runFrames(gate, 20, (k, t) => render(k < 10 ? base : other, t, rand, { noise: 1 }));
  assert.equal(d[10]!.global, true, JSON.stringify(d[10]));
  assert.equal(d.slice(1).filter((x) => x.run).length, 0);
});

test('a moving object fires; the detector keeps running for holdS after it stops moving, then idles', () => {
  const base = scene();
  const rand = seededRandom(5);
  const gate = new MotionGate({ heartbeatS: 0, holdS: 1, absorbAfterS: 2 });
  // Frames 10-19: object walks; from 20 it stands still at its last position; then it is absorbed.
  const pos = (k: number): number => 20 + 6 * Math.min(Math.max(k - 10, 0), 9);
  const d = runFrames(gate, 60, (k, t) =>
    render(base, t, rand, { noise: 1, object: k >= 10 ? { x: pos(k), y: 60, level: 30 } : undefined }),
  );
  for (let k = 10; k < 20; k++) assert.equal(d[k]!.reason, 'motion', `frame ${k}: ${d[k]!.reason}`);
  assert.ok(d.slice(20, 25).every((x) => x.run), 'hold for 1 s after the last motion');
  assert.ok(d.slice(35).every((x) => !x.run), 'the standing object no longer fires once absorbed');
});

test('keep-alive: while tracks are alive the detector runs at least every keepAliveS; heartbeat otherwise', () => {
  const base = scene();
  const rand = seededRandom(6);
  const gate = new MotionGate({ heartbeatS: 0, keepAliveS: 0.6 });
  const d = runFrames(gate, 31, (_k, t) => render(base, t, rand, { noise: 1 }), 1);
  const runs = d.map((x, k) => (x.run ? k : -1)).filter((k) => k >= 0);
  // Warm-up at 0, then every 3 frames (0.6 s at 5 fps).
  assert.deepEqual(runs, [0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30]);
  assert.ok(d.slice(1).filter((x) => x.run).every((x) => x.reason === 'keepalive'));
  const hb = new MotionGate({ heartbeatS: 2 });
  const h = runFrames(hb, 21, (_k, t) => render(base, t, rand, { noise: 1 }));
  assert.deepEqual(
    h.map((x, k) => (x.run ? k : -1)).filter((k) => k >= 0),
    [0, 10, 20],
  );
  assert.equal(hb.stats.byReason.heartbeat, 2);
  assert.equal(hb.stats.skipped, 18);
});

test('accepts colour frames of any size (downscaled to the analysis width)', () => {
  const gate = new MotionGate();
  const bgr: Frame = { width: 640, height: 480, format: 'bgr24', data: new Uint8Array(640 * 480 * 3).fill(90), ptsS: 0, index: 0 };
  assert.equal(gate.process({ frame: bgr }).reason, 'warmup');
  assert.equal(gate.process({ frame: { ...bgr, ptsS: 0.2 } }).totalBlocks, 40 * 30);
});

test('changedBlobs: 8-connected groups, largest first', () => {
  // 4×3 grid:  1 1 0 0 / 0 0 0 1 / 1 0 1 1
  const mask = Uint8Array.from([1, 1, 0, 0, 0, 0, 0, 1, 1, 0, 1, 1]);
  assert.deepEqual(changedBlobs(mask, 4, 3), [3, 2, 1]);
  assert.deepEqual(changedBlobs(new Uint8Array(6), 3, 2), []);
});
