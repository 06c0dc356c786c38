import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import jpeg from 'jpeg-js';
import type { EventSink, NewEvent, PublishResult } from '../src/features/events/event-port';
import { AppError } from '../src/errors';
import { EventPublisher } from '../src/features/tasks/event-publisher';
import { capacityStride, nextStrides, overloadVerdict, PLANNED_UTILISATION, startingStride } from '../src/features/tasks/overload-policy';
import { busyShare, DegradationLog } from '../src/features/tasks/analysis-load';
import { StartSpacing } from '../src/features/tasks/start-spacing';
import { eventImages } from '../src/features/tasks/snapshot-jpeg';
import { commonDomainPath, domainIdOf } from '../src/features/tasks/task-domain';

const event = (n: number): NewEvent => ({ cameraId: `cam_${n}`, origin: { kind: 'rule' }, type: 'intrusion', className: 'person', trackId: String(n), severity: 'minor', occurredAtMs: n, confidence: 0.9, boxes: [], capturedAtMs: 0 });

class RecordingSink implements EventSink {
  readonly got: NewEvent[] = [];
  failuresLeft = 0;
  calls = 0;
  refuse: AppError | null = null;
  publish(e: NewEvent): Promise<PublishResult> {
    this.calls++;
    if (this.refuse) return Promise.reject(this.refuse);
    if (this.failuresLeft > 0) {
      this.failuresLeft--;
      return Promise.reject(new Error('not_ready'));
    }
    this.got.push(e);
    return Promise.resolve({ event: {} as PublishResult['event'], folded: false });
  }
}

describe('tasks slice units', () => {
  it('publisher: retries a failing sink, counts failures and drops from a bounded queue', async () => {
    const sink = new RecordingSink();
    sink.failuresLeft = 2;
    const p = new EventPublisher(sink, { capacity: 3, attempts: 3, retryDelayMs: 1, concurrency: 1, now: () => 50 });
    for (let i = 0; i < 6; i++) p.enqueue(event(i));
    await p.whenIdle();
    const s = p.stats();
    assert.equal(s.retries, 2);
    assert.equal(s.dropped, 2, 'the first firing is taken at once; of the five waiting, two fall out of a queue of three');
    assert.equal(s.published, 4);
    assert.deepEqual(sink.got.map((e) => e.trackId), ['0', '3', '4', '5']);
    assert.deepEqual(s.latenciesMs, [50, 50, 50, 50]);
    sink.failuresLeft = 10;
    p.enqueue(event(9));
    await p.whenIdle();
    assert.equal(p.stats().failed, 1);
    p.close();
    p.close();
    p.enqueue(event(10));
    assert.equal(p.stats().queued, 0, 'closed: nothing is queued');
  });

  it('publisher: an event the center refuses (4xx) is not retried', async () => {
    const sink = new RecordingSink();
    sink.refuse = new AppError('validation_failed', 'boxes[0] reaches outside the frame');
    const p = new EventPublisher(sink, { capacity: 3, attempts: 4, retryDelayMs: 1, concurrency: 1, now: () => 50 });
    p.enqueue(event(1));
    await p.whenIdle();
    assert.equal(sink.calls, 1);
    assert.equal(p.stats().retries, 0);
    assert.equal(p.stats().failed, 1);
    p.close();
  });

  it('overload policy: degrades the least important job first and restores the most important first', () => {
    const loads = [{ key: 'a', priority: 9, stride: 1, newDrops: 3, lagMs: null }, { key: 'b', priority: 2, stride: 1, newDrops: 0, lagMs: 300 }, { key: 'c', priority: 2, stride: 2, newDrops: 0, lagMs: 200 }];
    assert.deepEqual([...nextStrides(loads, { overloaded: true, calmTicks: 0 })], [['b', 2]]);
    assert.deepEqual([...nextStrides([{ ...loads[0]!, stride: 2 }, loads[2]!], { overloaded: false, calmTicks: 3 })], [['a', 1]]);
    assert.equal(nextStrides(loads, { overloaded: false, calmTicks: 1 }).size, 0, 'not calm long enough');
    assert.equal(nextStrides([{ key: 'x', priority: 1, stride: 8, newDrops: 5, lagMs: null }], { overloaded: true, calmTicks: 0 }).size, 0, 'never beyond stride 8');
    const eight = Array.from({ length: 8 }, (_, i) => ({ key: `j${i}`, priority: i < 4 ? 2 : 7, stride: 1, newDrops: 1, lagMs: null }));
    assert.deepEqual([...nextStrides(eight, { overloaded: true, calmTicks: 0 }).keys()], ['j0', 'j1'], 'many jobs: a quarter of them per tick, least important first');
  });

  it('starting stride: the median of the running jobs, at least 2 while overloaded', () => {
    assert.equal(startingStride([], false), 1, 'the first job runs at full rate');
    assert.equal(startingStride([], true), 2);
    assert.equal(startingStride([1, 4, 4], false), 4, 'the others were degraded: start where they are');
    assert.equal(startingStride([1, 1, 8], false), 1);
    assert.equal(startingStride([1, 1], true), 2);
    assert.equal(startingStride([8, 8, 8], true), 8, 'never beyond the largest stride');
    assert.equal(startingStride([1, 1], false, 4), 4, 'at least what the detector\'s capacity allows');
  });

  it('capacity stride: a starting job fits into what the running jobs leave of the detector (workers × 1000 / call ms)', () => {
    assert.equal(PLANNED_UTILISATION, 0.7);
    // 50 ms calls, one worker: 20 fps, 14 planned
    assert.equal(capacityStride(3, 0, { callMs: 50, workers: 1 }), 1, 'an idle detector: full rate');
    assert.equal(capacityStride(3, 10.5, { callMs: 50, workers: 1 }), 1, '3.5 fps left: 3 fps fit');
    assert.equal(capacityStride(3, 12, { callMs: 50, workers: 1 }), 2, '2 fps left: every 2nd frame (1.5 fps)');
    assert.equal(capacityStride(3, 13.5, { callMs: 50, workers: 1 }), 8, '0.5 fps left: 3/8 fits');
    assert.equal(capacityStride(3, 20, { callMs: 50, workers: 1 }), 8, 'nothing left: the largest stride');
    assert.equal(capacityStride(3, 12, { callMs: 50, workers: 2 }), 1, 'two workers: twice the capacity');
    assert.equal(capacityStride(3, 5, { callMs: 200, workers: 1 }), 8, 'slow calls (a loaded machine): 3.5 fps in all');
    assert.equal(capacityStride(3, 0, null), 1, 'capacity unknown (no detector yet): full rate');
    assert.equal(capacityStride(3, 0, { callMs: 0, workers: 1 }), 1);
  });

  it('overload verdict: dropped frames or frames analysed too late (mean lag over the limit) are overload; neither is calm', () => {
    const calm = [{ key: 'a', priority: 5, stride: 1, newDrops: 0, lagMs: 400 }, { key: 'b', priority: 5, stride: 1, newDrops: 0, lagMs: null }];
    assert.deepEqual(overloadVerdict(calm, 1000), { overloaded: false, reason: null });
    const dropping = overloadVerdict([{ ...calm[0]!, newDrops: 2 }, calm[1]!], 1000);
    assert.equal(dropping.overloaded, true);
    assert.match(dropping.reason ?? '', /2 frame\(s\) dropped/);
    const late = overloadVerdict([{ ...calm[0]!, lagMs: 2500 }, calm[1]!], 1000);
    assert.equal(late.overloaded, true);
    assert.match(late.reason ?? '', /2\.5 s after capture \(limit 1\.0 s\)/);
    assert.equal(overloadVerdict([{ ...calm[0]!, lagMs: 1000 }], 1000).overloaded, false, 'at the limit is not over it');
  });

  it('analysis load: busy share from two samples of cumulative detector time, clamped; none from one sample', () => {
    assert.equal(busyShare(null, { atMs: 1000, busyMs: 50 }, 1), null);
    assert.equal(busyShare({ atMs: 0, busyMs: 0 }, { atMs: 2000, busyMs: 1000 }, 1), 0.5);
    assert.equal(busyShare({ atMs: 0, busyMs: 0 }, { atMs: 2000, busyMs: 1000 }, 2), 0.25);
    assert.equal(busyShare({ atMs: 0, busyMs: 0 }, { atMs: 1000, busyMs: 1500 }, 1), 1);
    const log = new DegradationLog(2);
    for (let i = 0; i < 3; i++) log.add({ atMs: i, taskId: 't', cameraId: 'c', fromStride: 1, toStride: 2, reason: 'x' });
    assert.deepEqual(log.list().map((c) => c.atMs), [2, 1], 'newest first, bounded');
  });

  it('event images: a JPEG of the frame with the box drawn, and the clean crop', () => {
    const frame = { width: 64, height: 48, format: 'bgr24' as const, data: new Uint8Array(64 * 48 * 3).fill(40), ptsS: 0, index: 0 };
    const { snapshot, crop } = eventImages(frame, [{ x: 10, y: 8, w: 20, h: 30 }]);
    const s = jpeg.decode(snapshot, { useTArray: true });
    assert.equal(s.width, 64);
    assert.equal(s.height, 48);
    const o = (8 * 64 + 15) * 4;
    assert.ok(s.data[o]! > 180 && s.data[o + 1]! < 90, 'the top edge of the box is red');
    const c = jpeg.decode(crop!, { useTArray: true });
    assert.deepEqual([c.width, c.height], [20, 30]);
    assert.ok(c.data[0]! < 90, 'the crop is clean (no red frame)');
  });

  it('task domain: the deepest domain holding every camera', () => {
    assert.equal(commonDomainPath(['/r/a/s1/', '/r/a/s2/']), '/r/a/');
    assert.equal(commonDomainPath(['/r/a/s1/']), '/r/a/s1/');
    assert.equal(commonDomainPath(['/r/a/', '/r/b/']), '/r/');
    assert.equal(domainIdOf('/r/a/'), 'a');
  });
});

describe('start spacing', () => {
  it('lets the first start go at once, spaces the next ones, and lets a start after a pause go at once', async () => {
    let now = 1000;
    const spacing = new StartSpacing(100, () => now);
    const order: number[] = [];
    const t0 = Date.now();
    const turns = [0, 1, 2].map((i) => spacing.turn().then(() => order.push(i)));
    await turns[0];
    assert.deepEqual(order, [0], 'the first goes at once');
    await Promise.all(turns);
    assert.deepEqual(order, [0, 1, 2]);
    assert.ok(Date.now() - t0 >= 190, `the third waited two spacings: ${Date.now() - t0} ms`);
    now = 10_000; // long after the last turn
    const t1 = Date.now();
    await spacing.turn();
    assert.ok(Date.now() - t1 < 50, 'after a pause: no wait');
  });
});
