import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { activeTickPeriods, everyTick } from './shared-ticker';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('shared ticker', () => {
  it('runs every subscriber of a period from one timer, and stops the timer with the last subscriber', async () => {
    const calls = { a: 0, b: 0 };
    const stopA = everyTick(20, () => void (calls.a += 1));
    const stopB = everyTick(20, () => void (calls.b += 1));
    assert.deepEqual(activeTickPeriods(), [20]);
    await sleep(110);
    assert.ok(calls.a >= 3 && calls.b >= 3, JSON.stringify(calls));
    stopA();
    const a = calls.a;
    await sleep(60);
    assert.equal(calls.a, a, 'a stopped');
    assert.ok(calls.b > a - 1);
    assert.deepEqual(activeTickPeriods(), [20]);
    stopB();
    stopB(); // idempotent
    assert.deepEqual(activeTickPeriods(), []);
  });

  it('keeps periods apart and lets the same function subscribe twice', async () => {
    let n = 0;
    const inc = (): void => void (n += 1);
    const stops = [everyTick(15, inc), everyTick(15, inc), everyTick(40, inc)];
    assert.deepEqual(activeTickPeriods().sort((x, y) => x - y), [15, 40]);
    await sleep(50);
    assert.ok(n >= 5, `${n} calls`);
    for (const stop of stops) stop();
    assert.deepEqual(activeTickPeriods(), []);
  });
});
