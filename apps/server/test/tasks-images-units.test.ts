import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { after, before, describe, it } from 'node:test';
import jpeg from 'jpeg-js';
import type { BlobStore } from '../src/adapters/blob/blob-store';
import { createBlobStore } from '../src/adapters/blob/blob-store-factory';
import { EventImagePool } from '../src/features/tasks/event-image-pool';
import { badBox } from '../src/features/events/dedup';
import { frameBox } from '../src/features/tasks/frame-box';
import { overlayMessage } from '../src/features/tasks/overlay-message';
import { frameTiming, scaledHeight, showinfoPtsTime, streamDecodeArgs } from '../src/features/tasks/stream-frames';

const frameOf = (width: number, height: number) => ({ width, height, format: 'rgb24' as const, data: new Uint8Array(width * height * 3).fill(60), ptsS: 0, index: 0 });

describe('event image pool (real worker threads, local blob store)', () => {
  let dir: string;
  let blobs: BlobStore;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'argus-images-'));
    blobs = createBlobStore({ kind: 'local', dir });
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('encodes off the main thread and stores the snapshot (at most 640 wide) and the crop under the given keys', { timeout: 60_000 }, async () => {
    const pool = new EventImagePool(blobs, { workers: 2 });
    try {
      const frame = frameOf(1280, 720);
      assert.equal(pool.submit({ frame, boxes: [{ x: 100, y: 100, w: 64, h: 128 }], snapshotKey: 'events/c/a-snapshot.jpg', cropKey: 'events/c/a-crop.jpg' }), true);
      assert.equal(pool.submit({ frame, boxes: [], snapshotKey: 'events/c/b-snapshot.jpg', cropKey: null }), true);
      assert.equal(frame.data.length, 1280 * 720 * 3, 'the caller keeps its frame: the pool transfers a copy');
      await pool.whenIdle();
      const s = pool.stats();
      assert.deepEqual([s.written, s.failed, s.dropped, s.queued, s.inFlight], [2, 0, 0, 0, 0]);
      const snap = jpeg.decode((await blobs.get('events/c/a-snapshot.jpg'))!, { useTArray: true });
      assert.deepEqual([snap.width, snap.height], [640, 360]);
      const crop = jpeg.decode((await blobs.get('events/c/a-crop.jpg'))!, { useTArray: true });
      assert.deepEqual([crop.width, crop.height], [64, 128], 'the crop keeps full resolution');
      assert.ok(await blobs.get('events/c/b-snapshot.jpg'));
      assert.equal(s.encodeMs.length, 2);
    } finally {
      await pool.close();
      await pool.close();
    }
    assert.equal(pool.submit({ frame: frameOf(8, 8), boxes: [], snapshotKey: 'events/c/z.jpg', cropKey: null }), false, 'closed: refused');
  });

  it('refuses (and counts) jobs beyond its queue, and survives a worker that dies', { timeout: 60_000 }, async () => {
    let starts = 0;
    const pool = new EventImagePool(blobs, {
      workers: 1,
      capacity: 1,
      startWorker: () => {
        starts++;
        return new Worker('require("node:worker_threads").parentPort.on("message", () => process.exit(3))', { eval: true });
      },
    });
    try {
      const job = (k: string) => ({ frame: frameOf(16, 16), boxes: [], snapshotKey: `events/x/${k}.jpg`, cropKey: null });
      assert.equal(pool.submit(job('1')), true, 'goes to the worker at once');
      assert.equal(pool.submit(job('2')), true, 'waits in the queue of one');
      assert.equal(pool.submit(job('3')), false, 'the queue is full');
      assert.equal(pool.stats().dropped, 1);
      await pool.whenIdle();
      const s = pool.stats();
      assert.equal(s.failed, 2, 'both admitted jobs failed with their dying workers');
      assert.equal(s.written, 0);
      assert.equal(starts, 2, 'the dead worker was replaced for the next job');
    } finally {
      await pool.close();
    }
  });
});

describe('stream frames and overlays (pure parts)', () => {
  it('computes the decoded size and the ffmpeg arguments like scale=W:-2', () => {
    assert.equal(scaledHeight(416, 768, 576), 312);
    assert.equal(scaledHeight(416, 1920, 1080), 234);
    const args = streamDecodeArgs(3, 416, 312);
    assert.deepEqual(args.slice(args.indexOf('-f'), args.indexOf('-f') + 4), ['-f', 'mp4', '-i', 'pipe:0']);
    assert.ok(args.includes("select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,0.300)',scale=416:312,showinfo"), args.join(' '));
    assert.ok(args.includes('-copyts'), 'frame times stay on the fragments\' timeline');
    assert.equal(args.at(-1), 'pipe:1');
    assert.equal(showinfoPtsTime('[Parsed_showinfo_2 @ 0x1] n:   3 pts:  92160 pts_time:7.2     duration: 1'), 7.2);
    assert.equal(showinfoPtsTime('Stream #0:0: Video: h264'), null);
  });

  it('stamps frame n with t0 + n/fps and the arrival of the fragment holding that time', () => {
    const marks = [{ decodeTimeS: 10, receivedAtMs: 1000 }, { decodeTimeS: 11, receivedAtMs: 2000 }, { decodeTimeS: 12, receivedAtMs: 3000 }];
    assert.deepEqual(frameTiming(10, 0, 2, marks), { decodeTimeS: 10, wallMs: 1000 });
    assert.deepEqual(frameTiming(10, 3, 2, marks), { decodeTimeS: 11.5, wallMs: 2000 });
    assert.deepEqual(frameTiming(10, 9, 2, marks), { decodeTimeS: 14.5, wallMs: 3000 }, 'past the last fragment: its arrival');
  });

  it('keeps the part of a tracked box inside the frame, so the event center accepts it (regression: boxes past the edge made publishes fail)', () => {
    const box = frameBox({ x: -64, y: 288, w: 192, h: 403 }, 640, 576);
    assert.deepEqual([box.x, box.y], [0, 0.5]);
    assert.ok(Math.abs(box.w - 0.2) < 1e-9 && Math.abs(box.h - 0.5) < 1e-9, `${box.w} ${box.h}`);
    const raw = { x: -0.1, y: 0.5, w: 0.3, h: 0.7, className: 'person', confidence: 0.8 };
    assert.match(String(badBox([raw])), /within 0\.\.1|outside the frame/, 'the event center refuses the raw box');
    assert.equal(badBox([{ ...box, className: 'person', confidence: 0.8 }]), null);
  });

  it('builds overlays from the tracks, with zones only when asked', () => {
    const tracks = [{ trackId: '7', className: 'person', confidence: 0.8, box: { x: 0, y: 0.5, w: 0.2, h: 0.5 } }];
    const m = overlayMessage(12.5, tracks, null);
    assert.equal(m.decodeTimeS, 12.5);
    assert.equal(m.zones, undefined);
    assert.deepEqual(m.objects[0], { id: '7', className: 'person', box: [0, 0.5, 0.2, 0.5], confidence: 0.8 });
    const z = overlayMessage(1, [], { zones: [{ name: 'a', polygon: [[0, 0], [1, 0], [1, 1]] }], lines: [] });
    assert.equal(z.zones?.zones[0]?.name, 'a');
  });
});
