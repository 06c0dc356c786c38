// Integration: real ffmpeg on real clips from the shared datasets; an in-process HTTP server plays a live stream
// that stops or stalls.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { findMediaTools, requireSharedFile, runProcess, sharedDatasetsDir, startTestRtspServer, type MediaTools } from '@argus/media';
import { FrameSourceError, openFrameSource } from './frame-source';
import type { Frame } from '../types';

const PETS = 'videos/opencv_vtest_PETS09-S2L1.avi';
const DARK = 'videos/beweging_dark-stand_lowlight.mp4';

function processGone(pid: number | undefined): boolean {
  if (pid === undefined) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

async function collect(it: AsyncIterable<Frame>, limit = Number.POSITIVE_INFINITY): Promise<Frame[]> {
  const out: Frame[] = [];
  for await (const f of it) {
    out.push(f);
    if (out.length >= limit) break;
  }
  return out;
}

describe('frame source (ffmpeg)', () => {
  let tools: MediaTools;
  let dir: string;
  before(async () => {
    tools = await findMediaTools();
    dir = await mkdtemp(path.join(tmpdir(), 'argus-frames-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('decodes a file at a low rate, scaled, gray, with pts and source frame indices', async (t) => {
    const file = requireSharedFile(PETS, t);
    if (file === undefined) return;
    const src = await openFrameSource({ input: file, fps: 5, width: 160, format: 'gray8', durationS: 2, ffmpegPath: tools.ffmpeg });
    const frames = await collect(src);
    assert.equal(frames.length, 10);
    assert.deepEqual(frames.map((f) => f.index), [0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
    assert.ok(frames.every((f, i) => Math.abs(f.ptsS - i * 0.2) < 1e-6 && f.width === 160 && f.height === 120 && f.format === 'gray8'));
    assert.equal(frames[0]!.data.length, 160 * 120);
    const s = src.stats();
    assert.equal(s.framesIn, 10);
    assert.equal(s.framesOut, 10);
    assert.equal(s.framesDropped, 0);
    assert.equal(s.sourceFps, 10);
    assert.equal(s.running, false);
    await src.close();
  });

  test('every frame of the source (fps "source"), BGR at native size; frame index = gt frame − 1', async (t) => {
    const file = requireSharedFile(PETS, t);
    if (file === undefined) return;
    const src = await openFrameSource({ input: file, fps: 'source', durationS: 1, ffmpegPath: tools.ffmpeg });
    const frames = await collect(src);
    assert.deepEqual(frames.map((f) => f.index), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal(frames[3]!.data.length, 480 * 360 * 3);
    assert.ok(Math.abs(frames[9]!.ptsS - 0.9) < 1e-6);
  });

  test('keyframes only: about one frame per GOP', async (t) => {
    const file = requireSharedFile(DARK, t);
    if (file === undefined) return;
    const src = await openFrameSource({ input: file, keyframesOnly: true, width: 160, format: 'gray8', ffmpegPath: tools.ffmpeg });
    const frames = await collect(src);
    assert.ok(frames.length >= 5 && frames.length <= 40, `${frames.length} key frames`);
    assert.ok(frames.slice(1).every((f, i) => f.index - frames[i]!.index >= 10), frames.map((f) => f.index).join(','));
  });

  test('a slow consumer of a file at full speed gets every frame (backpressure), in order', async (t) => {
    const file = requireSharedFile(PETS, t);
    if (file === undefined) return;
    const src = await openFrameSource({ input: file, fps: 10, width: 96, durationS: 1.5, bufferFrames: 2, ffmpegPath: tools.ffmpeg });
    const seen: number[] = [];
    for await (const f of src) {
      seen.push(f.index);
      await new Promise((r) => setTimeout(r, 30));
    }
    assert.deepEqual(seen, Array.from({ length: 15 }, (_, i) => i));
    assert.equal(src.stats().framesDropped, 0);
  });

  test('drop-oldest: a consumer that falls behind gets the newest frames and the drops are counted', async (t) => {
    const file = requireSharedFile(PETS, t);
    if (file === undefined) return;
    const src = await openFrameSource({ input: file, fps: 10, width: 96, durationS: 3, bufferFrames: 3, overflow: 'drop-oldest', ffmpegPath: tools.ffmpeg });
    const first = await src.next();
    assert.equal(first.done, false);
    await new Promise((r) => setTimeout(r, 1500)); // ffmpeg decodes the remaining 29 frames meanwhile
    const rest = await collect(src);
    const s = src.stats();
    assert.ok(s.framesDropped > 0, JSON.stringify(s));
    assert.equal(s.framesIn, 30);
    assert.equal(rest.length + 1 + s.framesDropped, 30);
    assert.equal(rest.at(-1)!.index, 29, 'the newest frame survives');
  });

  test('real-time pacing takes about as long as the clip', async (t) => {
    const file = requireSharedFile(PETS, t);
    if (file === undefined) return;
    const started = performance.now();
    const src = await openFrameSource({ input: file, fps: 5, width: 96, durationS: 1.5, pacing: 'realtime', ffmpegPath: tools.ffmpeg });
    const frames = await collect(src);
    assert.ok(frames.length >= 7);
    assert.ok(performance.now() - started >= 1000, 'not faster than real time');
  });

  test('close() mid-stream kills ffmpeg, is idempotent, and ends the iteration', async (t) => {
    const file = requireSharedFile(PETS, t);
    if (file === undefined) return;
    const src = await openFrameSource({ input: file, fps: 5, width: 96, pacing: 'realtime', ffmpegPath: tools.ffmpeg });
    assert.equal((await src.next()).done, false);
    const pid = src.pid;
    assert.equal(processGone(pid), false);
    const pending = src.next();
    await Promise.all([src.close(), src.close()]);
    assert.deepEqual(await pending, { done: true, value: undefined });
    assert.ok(processGone(pid), 'ffmpeg exited and was reaped');
    assert.equal((await src.next()).done, true);
    await src.close();
  });

  test('breaking out of for-await closes the source', async (t) => {
    const file = requireSharedFile(PETS, t);
    if (file === undefined) return;
    const src = await openFrameSource({ input: file, fps: 5, width: 96, ffmpegPath: tools.ffmpeg });
    const frames = await collect(src, 2);
    assert.equal(frames.length, 2);
    assert.ok(processGone(src.pid));
  });

  test('a file that is not a video, and a missing file: clear errors', async () => {
    const text = path.join(dir, 'notes.mp4');
    await writeFile(text, 'this is not a video\n'.repeat(100));
    const bad = await openFrameSource({ input: text, ffmpegPath: tools.ffmpeg });
    await assert.rejects(bad.next(), (e: unknown) => e instanceof FrameSourceError && e.code === 'NOT_A_VIDEO' && e.message.includes('is not a video'));
    await bad.close();
    const missing = await openFrameSource({ input: path.join(dir, 'nope.mp4'), ffmpegPath: tools.ffmpeg });
    await assert.rejects(missing.next(), (e: unknown) => e instanceof FrameSourceError && e.code === 'SOURCE_NOT_FOUND');
    const noFfmpeg = await openFrameSource({ input: text, ffmpegPath: path.join(dir, 'no-ffmpeg') });
    await assert.rejects(noFfmpeg.next(), (e: unknown) => e instanceof FrameSourceError && e.code === 'FFMPEG_MISSING');
    await noFfmpeg.close();
  });

  test('an RTSP camera (real RTSP server on 127.0.0.1): live frames at a low rate; the camera going away is an error', async (t) => {
    const file = requireSharedFile(PETS, t);
    if (file === undefined) return;
    const server = await startTestRtspServer({ mounts: { cam: file } });
    try {
      const src = await openFrameSource({ input: server.url('cam'), fps: 2, width: 160, format: 'gray8', stallTimeoutMs: 3000, ffmpegPath: tools.ffmpeg });
      const frames: Frame[] = [];
      for await (const f of src) {
        frames.push(f);
        if (frames.length === 3) break;
      }
      assert.equal(frames.length, 3);
      assert.ok(frames.every((f) => f.width === 160 && f.height === 120));
      assert.ok(frames[2]!.ptsS > frames[0]!.ptsS);
      assert.ok(processGone(src.pid));
      const live = await openFrameSource({ input: server.url('cam'), fps: 2, width: 160, format: 'gray8', stallTimeoutMs: 3000, ffmpegPath: tools.ffmpeg });
      assert.equal((await live.next()).done, false);
      await server.stop();
      await assert.rejects(
        (async () => {
          for await (const _f of live) {
            // drain what was buffered before the camera went away
          }
        })(),
        (e: unknown) => e instanceof FrameSourceError && ['STREAM_ENDED', 'STREAM_STALLED'].includes(e.code),
      );
      await live.close();
    } finally {
      await server.stop();
    }
  });

  describe('live stream over HTTP', () => {
    let ts: Buffer;
    let server: Server;
    let port = 0;
    let mode: 'end' | 'stall' = 'end';
    const open: ServerResponse[] = [];
    before(async () => {
      const file = path.join(sharedDatasetsDir(), PETS);
      if (!existsSync(file)) return; // the tests below skip (or fail in CI) through requireSharedFile
      const out = path.join(dir, 'live.ts');
      const run = await runProcess(
        tools.ffmpeg,
        ['-nostdin', '-v', 'error', '-y', '-i', file, '-t', '14', '-an', '-c:v', 'libx264', '-preset', 'veryfast', '-g', '10', '-f', 'mpegts', out],
        { timeoutMs: 60_000 },
      );
      assert.equal(run.exitCode, 0, run.stderr);
      ts = await readFile(out);
      server = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'video/mp2t' });
        res.write(ts.subarray(0, Math.floor(ts.length / 2))); // about 7 s of video (more than ffmpeg probes), then the camera "stops"
        if (mode === 'end') res.end();
        else open.push(res); // stalls: connection open, no more data
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      port = typeof address === 'object' && address !== null ? address.port : 0;
    });
    after(async () => {
      for (const r of open) r.destroy();
      server?.closeAllConnections();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    });

    test('a stream that ends mid-way: frames first, then STREAM_ENDED', async (t) => {
      if (requireSharedFile(PETS, t) === undefined) return;
      mode = 'end';
      const src = await openFrameSource({ input: `http://127.0.0.1:${port}/cam.ts`, fps: 5, width: 96, ffmpegPath: tools.ffmpeg });
      const got: Frame[] = [];
      await assert.rejects(
        (async () => {
          for await (const f of src) got.push(f);
        })(),
        (e: unknown) => e instanceof FrameSourceError && e.code === 'STREAM_ENDED',
      );
      assert.ok(got.length >= 5, `${got.length} frames before the end`);
      await src.close();
    });

    test('a stream that stalls: STREAM_STALLED after the stall timeout, ffmpeg killed', async (t) => {
      if (requireSharedFile(PETS, t) === undefined) return;
      mode = 'stall';
      const src = await openFrameSource({ input: `http://127.0.0.1:${port}/cam.ts`, fps: 5, width: 96, stallTimeoutMs: 1500, ffmpegPath: tools.ffmpeg });
      const got: Frame[] = [];
      await assert.rejects(
        (async () => {
          for await (const f of src) got.push(f);
        })(),
        (e: unknown) => e instanceof FrameSourceError && e.code === 'STREAM_STALLED',
      );
      assert.ok(got.length >= 5);
      await src.close();
      assert.ok(processGone(src.pid));
    });
  });
});
