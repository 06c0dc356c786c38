import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KalmanBox } from './kalman-box';
import { gaussian, seededRandom } from './synthetic-scene';

test('learns a constant velocity in pixels per second and predicts ahead', () => {
  const kf = new KalmanBox({ x: 100, y: 50, w: 20, h: 50 });
  const dt = 0.1;
  for (let k = 1; k <= 30; k++) {
    kf.predict(dt);
    kf.update({ x: 100 + 3 * k, y: 50 - 1 * k, w: 20, h: 50 }); // 30 px/s right, 10 px/s up
  }
  const v = kf.velocity;
  assert.ok(Math.abs(v.vx - 30) < 1, `vx=${v.vx}`);
  assert.ok(Math.abs(v.vy + 10) < 1, `vy=${v.vy}`);
  kf.predict(0.5);
  const b = kf.box;
  assert.ok(Math.abs(b.x - (100 + 90 + 15)) < 1.5, `x=${b.x}`);
  assert.ok(Math.abs(b.w - 20) < 0.5 && Math.abs(b.h - 50) < 0.5);
});

test('time steps, not frame counts: irregular steps give the same velocity', () => {
  const kf = new KalmanBox({ x: 0, y: 0, w: 20, h: 40 });
  let t = 0;
  const steps = [0.1, 0.3, 0.1, 0.5, 0.2, 0.1, 0.4, 0.2, 0.1, 0.3, 0.2, 0.2, 0.1, 0.3];
  for (const dt of steps) {
    t += dt;
    kf.predict(dt);
    kf.update({ x: 50 * t, y: 0, w: 20, h: 40 });
  }
  assert.ok(Math.abs(kf.velocity.vx - 50) < 3, `vx=${kf.velocity.vx}`);
});

test('smooths jitter: filtered positions are closer to the truth than the measurements', () => {
  const rand = seededRandom(3);
  const kf = new KalmanBox({ x: 200, y: 100, w: 30, h: 80 });
  let errMeas = 0;
  let errKf = 0;
  for (let k = 1; k <= 100; k++) {
    const truth = 200 + 2 * k;
    const meas = truth + gaussian(rand) * 3;
    kf.predict(0.1);
    kf.update({ x: meas, y: 100, w: 30, h: 80 });
    if (k > 10) {
      errMeas += (meas - truth) ** 2;
      errKf += (kf.box.x - truth) ** 2;
    }
  }
  assert.ok(errKf < errMeas * 0.8, `kf ${errKf.toFixed(1)} vs measurements ${errMeas.toFixed(1)}`);
});

test('a zero or negative step is a no-op', () => {
  const kf = new KalmanBox({ x: 10, y: 10, w: 10, h: 10 });
  kf.predict(0);
  kf.predict(-1);
  assert.deepEqual(kf.box, { x: 10, y: 10, w: 10, h: 10 });
});
