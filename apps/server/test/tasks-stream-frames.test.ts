import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { Fmp4Splitter, OPENCV_VTEST_PATH, type SplitFragment, type SplitInit } from '@argus/media';
import type { CameraStreams, StreamSubscriber } from '../src/features/live/camera-streams-port';
import { StreamFrameSource } from '../src/features/tasks/stream-frames';

/**
 * StreamFrameSource over real fMP4 (ffmpeg encodes 4 s of vtest.avi with one fragment per frame) and the real ffmpeg
 * decoder; only the live upstream is replaced by this fake CameraStreams, which the test feeds by hand.
 */
function encodeFragments(): { init: SplitInit; frags: SplitFragment[] } {
  const r = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', OPENCV_VTEST_PATH, '-t', '4', '-c:v', 'libx264', '-g', '10', '-bf', '0', '-an',
    '-movflags', 'empty_moov+default_base_moof+frag_every_frame', '-f', 'mp4', 'pipe:1'], { maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.status, 0, r.stderr?.toString());
  const out = new Fmp4Splitter().push(r.stdout);
  const init = out.find((o): o is SplitInit => o.kind === 'init');
  assert.ok(init);
  return { init, frags: out.filter((o): o is SplitFragment => o.kind === 'fragment') };
}

class FakeStreams implements CameraStreams {
  sub: StreamSubscriber | null = null;
  closed = 0;
  subscribe(_cameraId: string, _stream: 'main' | 'sub', subscriber: StreamSubscriber) {
    this.sub = subscriber;
    return Promise.resolve({ dropped: 0, close: () => void this.closed++ });
  }
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));
/**
 * The clip is 10 fps with a fragment per frame: fed at the stream's own pace, as a camera delivers it (fragments fed
 * faster than real time are dated back by fragment-clock.ts, like a replayed burst).
 */
const FRAGMENT_MS = 100;

describe('stream frames: decoding the shared live upstream', () => {
  it('decodes init + fragments at ~fps, stamps stream time and arrival, restarts on a new init, ends with the upstream', { timeout: 90_000 }, async () => {
    const { init, frags } = encodeFragments();
    const streams = new FakeStreams();
    const src = new StreamFrameSource('ffmpeg', 5, 320);
    await src.attach(streams, 'cam_x');
    const got: Array<{ ptsS: number; index: number; width: number; height: number; decodeTimeS: number; wallMs: number }> = [];
    const reading = (async () => {
      for await (const f of src) {
        const t = src.timing(f.index)!;
        got.push({ ptsS: f.ptsS, index: f.index, width: f.width, height: f.height, ...t });
      }
    })();
    const feed = async (from: number, to: number) => {
      for (const f of frags.slice(from, to)) {
        streams.sub!.onFragment({ data: f.data, keyframe: f.keyframe, decodeTimeS: f.decodeTimeS, durationS: f.durationS, receivedAtMs: Date.now() });
        await tick(FRAGMENT_MS);
      }
    };
    streams.sub!.onInit({ data: init.data, mime: init.mime, width: init.width, height: init.height, videoCodec: init.videoCodec });
    await feed(0, 30); // 3 s of stream
    await tick(1500);
    const first = got.length;
    assert.ok(first >= 8 && first <= 20, `about 5 frames per stream second: ${first}`);
    assert.deepEqual([got[0]!.width, got[0]!.height], [320, 240]);
    for (let i = 1; i < got.length; i++) {
      assert.ok(got[i]!.ptsS > got[i - 1]!.ptsS, 'ptsS advances');
      assert.ok(got[i]!.decodeTimeS - got[i - 1]!.decodeTimeS >= 0.15, 'frames are ~1/fps apart on the stream');
    }
    assert.ok(got.at(-1)!.decodeTimeS <= frags[29]!.decodeTimeS + 1e-6, 'no frame beyond what was fed');
    // a new init (e.g. the recorder took over the upstream): the decoder restarts and frames go on
    streams.sub!.onInit({ data: init.data, mime: init.mime, width: init.width, height: init.height, videoCodec: init.videoCodec });
    await feed(0, 20);
    await tick(1500);
    assert.ok(got.length > first + 3, `frames after the new init: ${got.length - first}`);
    for (let i = 1; i < got.length; i++) assert.ok(got[i]!.ptsS > got[i - 1]!.ptsS, 'ptsS stays monotonic across the restart');
    streams.sub!.onEnd('camera deleted');
    await assert.rejects(reading, /the live stream ended: camera deleted/);
    src.close();
    src.close();
    assert.equal(streams.closed, 1, 'the subscription is closed once');
  });

  it('a new subscriber skips the hub\'s cached GOP: decoding starts at the first key frame that arrives live', { timeout: 60_000 }, async () => {
    const { init, frags } = encodeFragments();
    const streams = new FakeStreams();
    const src = new StreamFrameSource('ffmpeg', 5, 320);
    const attachedAt = Date.now();
    await src.attach(streams, 'cam_z');
    const got: Array<{ wallMs: number; decodeTimeS: number }> = [];
    const reading = (async () => {
      for await (const f of src) got.push(src.timing(f.index)!);
    })();
    // the hub replays its init and the current GOP (key frame at 10, here 10..19) as it received them, seconds ago
    streams.sub!.onInit({ data: init.data, mime: init.mime, width: init.width, height: init.height, videoCodec: init.videoCodec });
    const oldArrival = attachedAt - 5000;
    for (const f of frags.slice(10, 20)) streams.sub!.onFragment({ data: f.data, keyframe: f.keyframe, decodeTimeS: f.decodeTimeS, durationS: f.durationS, receivedAtMs: oldArrival });
    for (const f of frags.slice(20, 35)) {
      streams.sub!.onFragment({ data: f.data, keyframe: f.keyframe, decodeTimeS: f.decodeTimeS, durationS: f.durationS, receivedAtMs: Date.now() });
      await tick(FRAGMENT_MS);
    }
    await tick(1500);
    assert.equal(src.staleSkipped, 0, 'the cached GOP is not even decoded');
    assert.ok(got.length >= 3, `live frames after the cached GOP: ${got.length}`);
    for (const t of got) {
      assert.ok(t.wallMs >= attachedAt, 'no frame older than the subscription is analysed');
      assert.ok(t.decodeTimeS >= frags[20]!.decodeTimeS - 1e-6, 'only frames of fragments that arrived live');
    }
    src.close();
    await reading;
  });

  it('hands a frame on as soon as it is decoded (regression: ffmpeg held every frame until the next one was selected)', { timeout: 60_000 }, async () => {
    // ffmpeg 5.1's rawvideo encoder runs frame threads unless told -threads 1: each frame came out only when the
    // next selected frame went in, 1/fps later (0.33-0.4 s at 3 fps). One fragment in must give one frame out.
    const { init, frags } = encodeFragments();
    const streams = new FakeStreams();
    const src = new StreamFrameSource('ffmpeg', 3, 320);
    await src.attach(streams, 'cam_h');
    const it = src[Symbol.asyncIterator]();
    streams.sub!.onInit({ data: init.data, mime: init.mime, width: init.width, height: init.height, videoCodec: init.videoCodec });
    assert.ok(frags[0]!.keyframe);
    streams.sub!.onFragment({ data: frags[0]!.data, keyframe: true, decodeTimeS: frags[0]!.decodeTimeS, durationS: frags[0]!.durationS, receivedAtMs: Date.now() });
    const first = await Promise.race([it.next(), tick(10_000).then(() => null)]);
    assert.ok(first !== null && first.done !== true, 'the key frame came out without a second frame behind it');
    assert.equal(src.timing(first.value.index)!.decodeTimeS, frags[0]!.decodeTimeS);
    src.close();
  });

  it('a GOP replayed in one burst after subscribing is not decoded: the decoder starts at the next key frame', { timeout: 60_000 }, async () => {
    // The recorder's feed starts a new listener at the last key frame of the segment being written: that GOP arrives
    // all at once, after the subscription, stamped when it was read (regression: its frames passed for live ones,
    // and every starting decoder first worked through up to a GOP of the past).
    const { init, frags } = encodeFragments();
    const streams = new FakeStreams();
    const src = new StreamFrameSource('ffmpeg', 5, 320);
    const attachedAt = Date.now();
    await src.attach(streams, 'cam_b');
    const got: Array<{ wallMs: number; decodeTimeS: number; at: number }> = [];
    const reading = (async () => {
      for await (const f of src) got.push({ ...src.timing(f.index)!, at: Date.now() });
    })();
    streams.sub!.onInit({ data: init.data, mime: init.mime, width: init.width, height: init.height, videoCodec: init.videoCodec });
    const burstAt = Date.now();
    for (const f of frags.slice(10, 20)) streams.sub!.onFragment({ data: f.data, keyframe: f.keyframe, decodeTimeS: f.decodeTimeS, durationS: f.durationS, receivedAtMs: burstAt });
    await tick(FRAGMENT_MS); // the live edge: the next fragment comes a frame later
    for (const f of frags.slice(20, 35)) {
      streams.sub!.onFragment({ data: f.data, keyframe: f.keyframe, decodeTimeS: f.decodeTimeS, durationS: f.durationS, receivedAtMs: Date.now() });
      await tick(FRAGMENT_MS);
    }
    await tick(1500);
    assert.equal(src.replaysSkipped, 1, 'the replayed key frame does not start the decoder');
    assert.equal(src.staleSkipped, 0, 'nothing of the replayed GOP is decoded');
    assert.ok(frags[20]!.keyframe);
    assert.ok(got.length >= 3, `live frames: ${got.length}`);
    for (const t of got) {
      assert.ok(t.wallMs >= attachedAt, 'nothing captured before the subscription is analysed');
      assert.ok(t.decodeTimeS >= frags[20]!.decodeTimeS - 1e-6, `frames from the first live key frame on: ${t.decodeTimeS}`);
      assert.ok(t.wallMs <= t.at, 'a capture time is never after the frame came out');
    }
    src.close();
    await reading;
  });

  it('keyframesOnly decodes only the key frames (one per GOP: here a second of stream)', { timeout: 60_000 }, async () => {
    const { init, frags } = encodeFragments();
    const streams = new FakeStreams();
    const src = new StreamFrameSource('ffmpeg', 5, 320, undefined, undefined, 'main', true);
    await src.attach(streams, 'cam_k');
    const got: number[] = [];
    const reading = (async () => {
      for await (const f of src) got.push(src.timing(f.index)!.decodeTimeS);
    })();
    streams.sub!.onInit({ data: init.data, mime: init.mime, width: init.width, height: init.height, videoCodec: init.videoCodec });
    for (const f of frags.slice(0, 40)) {
      streams.sub!.onFragment({ data: f.data, keyframe: f.keyframe, decodeTimeS: f.decodeTimeS, durationS: f.durationS, receivedAtMs: Date.now() });
      await tick(FRAGMENT_MS);
    }
    await tick(1500);
    const keyTimes = frags.slice(0, 40).filter((f) => f.keyframe).map((f) => f.decodeTimeS);
    assert.ok(got.length >= 2 && got.length <= keyTimes.length, `about one frame per key frame: ${got.length} of ${keyTimes.length} key frames`);
    for (const t of got) assert.ok(keyTimes.some((k) => Math.abs(k - t) < 0.05), `frame at ${t} is a key frame (${keyTimes.join(', ')})`);
    src.close();
    await reading;
  });

  it('refuses a stream without a picture size and closes cleanly before any frame', { timeout: 30_000 }, async () => {
    const streams = new FakeStreams();
    const src = new StreamFrameSource('ffmpeg', 5, 320);
    await src.attach(streams, 'cam_y');
    const reading = (async () => {
      for await (const _ of src) void _;
    })();
    streams.sub!.onInit({ data: new Uint8Array(8), mime: 'video/mp4', width: null, height: null, videoCodec: 'h264' });
    await assert.rejects(reading, /picture size/);
    src.close();
    assert.equal(streams.closed, 1);
  });
});
