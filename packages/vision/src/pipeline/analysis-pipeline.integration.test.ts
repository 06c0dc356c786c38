// Integration: real ffmpeg, real YOLOX-Nano (in a worker thread), real clips from ../shared/datasets.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findMediaTools, requireSharedFile, runProcess, sharedDatasetsDir, type MediaTools } from '@argus/media';
import { requireYoloxNano } from '../detect/testing/fixtures';
import { createWorkerDetector, type WorkerDetector } from '../detect/worker-detector';
import { AnalysisGroup } from './analysis-group';
import { AnalysisPipeline } from './analysis-pipeline';
import type { AnalysisFrame } from './analysis-types';
import type { AnalysisPipelineError } from './pipeline-errors';
import { SharedDetector } from './shared-detector';

const PETS = 'videos/opencv_vtest_PETS09-S2L1.avi';
const DARK = 'videos/beweging_dark-stand_lowlight.mp4';
const PEOPLE = 'videos/intel_people-detection.mp4';
/** Tracking settings for pedestrians (as in the tracking evaluation). */
const PERSONS = { classes: [0], minHeightFraction: 0.07 };

function processGone(pid: number | null | undefined): boolean {
  if (pid === undefined || pid === null) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

async function collect(p: AsyncIterable<AnalysisFrame>): Promise<AnalysisFrame[]> {
  const out: AnalysisFrame[] = [];
  for await (const f of p) out.push(f);
  return out;
}

describe('analysis pipeline (ffmpeg → gate → YOLOX-Nano worker → ByteTrack)', () => {
  let tools: MediaTools;
  let modelPath: string | undefined;
  let worker: WorkerDetector | undefined;
  let shared: SharedDetector | undefined;
  let dir: string;

  before(async () => {
    tools = await findMediaTools();
    dir = await mkdtemp(path.join(tmpdir(), 'argus-pipeline-'));
    const candidate = requireYoloxNano({ skip: () => undefined });
    if (candidate === undefined) return;
    modelPath = candidate;
    worker = await createWorkerDetector({ modelPath, scoreThreshold: 0.1, nmsIouThreshold: 0.7, classes: [0] });
    shared = new SharedDetector(worker, { closeDetector: false });
  });
  after(async () => {
    await shared?.close();
    await worker?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** The model and the clip, or a skip (a failure in CI). */
  function need(t: { skip(m?: string): void }, clip: string): string | undefined {
    if (requireYoloxNano(t) === undefined || shared === undefined) return undefined;
    return requireSharedFile(clip, t);
  }

  test('a real clip: tracked people with stable ids, best snapshots when the tracks end, no ffmpeg left', async (t) => {
    const file = need(t, PETS);
    if (file === undefined) return;
    const p = new AnalysisPipeline({
      camera: 'pets',
      source: { input: file, fps: 5, durationS: 8, ffmpegPath: tools.ffmpeg },
      detector: shared!.register('pets'),
      gate: false,
      filter: PERSONS,
      tracker: { maxLostS: 5 },
    });
    let pid: number | null = null;
    const frames: AnalysisFrame[] = [];
    for await (const f of p) {
      pid ??= p.stats().sourcePid;
      frames.push(f);
    }
    assert.ok(pid !== null, 'ffmpeg ran');
    assert.ok(processGone(pid), 'ffmpeg exited at the end of the clip');
    assert.equal(frames.length, 41, '40 frames at 5 fps, then the closing item');
    assert.equal(frames[0]!.frame.width, 416, 'scaled to the model input width');
    assert.ok(frames.slice(0, 40).every((f, i) => f.gate.ran && Math.abs(f.frame.ptsS - i * 0.2) < 1e-6));
    // Stable ids: the people walking through the whole 8 s keep one id each.
    const seen = new Map<number, number>();
    for (const f of frames) for (const o of f.objects) seen.set(o.trackId, (seen.get(o.trackId) ?? 0) + 1);
    const longLived = [...seen.values()].filter((n) => n >= 25).length;
    assert.ok(longLived >= 3, `tracks seen in ≥ 25 of 40 frames: ${longLived} (${JSON.stringify([...seen])})`);
    assert.ok(seen.size <= 14, `${seen.size} ids for about 8 people`);
    const perFrame = frames.slice(0, 40).map((f) => f.objects.length);
    assert.ok(Math.max(...perFrame) >= 4, `objects per frame ${perFrame.join(',')}`);
    // An id never jumps: consecutive boxes of one track overlap or are close.
    const lastBox = new Map<number, { x: number; y: number; w: number; h: number }>();
    for (const f of frames) {
      for (const o of f.objects) {
        const b = lastBox.get(o.trackId);
        if (b !== undefined) {
          const d = Math.hypot(o.box.x + o.box.w / 2 - (b.x + b.w / 2), o.box.y + o.box.h / 2 - (b.y + b.h / 2));
          assert.ok(d < 2 * Math.max(b.h, o.box.h), `track ${o.trackId} jumped ${d.toFixed(0)} px at frame ${f.frame.index}`);
        }
        lastBox.set(o.trackId, o.box);
      }
    }
    // Every track ends exactly once (the rest at the end of the clip), each with a bgr24 crop of its best view.
    const ended = frames.flatMap((f) => f.endedTracks);
    assert.equal(frames.at(-1)!.end, true);
    assert.deepEqual(ended.map((e) => e.trackId).sort((a, b) => a - b), [...seen.keys()].sort((a, b) => a - b));
    for (const e of ended) {
      const s = e.snapshot!;
      assert.ok(s !== null, `track ${e.trackId} has a snapshot`);
      assert.equal(s.crop.format, 'bgr24');
      assert.equal(s.crop.data.length, s.crop.width * s.crop.height * 3);
      assert.ok(s.crop.height >= 20 && s.score >= 0.1 && s.ptsS >= e.firstPtsS && s.ptsS <= e.lastPtsS);
    }
    const st = p.stats();
    assert.equal(st.state, 'ended');
    assert.equal(st.analysed, 40);
    assert.equal(st.drops.total, 0, 'a file at full speed loses nothing');
    assert.ok(st.inferenceMs.p50 > 0 && st.inferenceMs.p95 >= st.inferenceMs.p50);
    await p.close();
  });

  test('static stretches are skipped by the motion gate (near-dark room, nobody in view)', async (t) => {
    const file = need(t, DARK);
    if (file === undefined) return;
    const p = new AnalysisPipeline({
      camera: 'dark',
      source: { input: file, fps: 5, durationS: 12, ffmpegPath: tools.ffmpeg },
      detector: shared!.register('dark'),
      filter: PERSONS,
    });
    const frames = (await collect(p)).filter((f) => f.end !== true);
    assert.equal(frames.length, 60);
    const still = frames.filter((f) => f.frame.ptsS >= 1.5 && f.frame.ptsS <= 12);
    const skipped = still.filter((f) => !f.gate.ran).length;
    assert.ok(skipped / still.length >= 0.8, `skipped ${skipped} of ${still.length} static frames`);
    const st = p.stats();
    assert.equal(st.skippedByGate + st.analysed, 60);
    assert.ok(st.analysed <= 15, `${st.analysed} detector runs`);
    assert.equal(st.gateReasons!.warmup, 1);
  });

  test('two cameras sharing one detector both progress, interleaved', async (t) => {
    const a = need(t, PETS);
    const b = requireSharedFile(PEOPLE, t);
    if (a === undefined || b === undefined) return;
    const order: string[] = [];
    const cams = [
      new AnalysisPipeline({ camera: 'A', source: { input: a, fps: 5, durationS: 5, ffmpegPath: tools.ffmpeg }, detector: shared!.register('A'), gate: false, filter: PERSONS }),
      new AnalysisPipeline({ camera: 'B', source: { input: b, fps: 5, durationS: 5, ffmpegPath: tools.ffmpeg }, detector: shared!.register('B'), gate: false, filter: PERSONS }),
    ];
    const outs = await Promise.all(
      cams.map(async (p) => {
        const out: AnalysisFrame[] = [];
        for await (const f of p) {
          if (f.gate.ran) order.push(p.camera);
          out.push(f);
        }
        return out;
      }),
    );
    assert.deepEqual(outs.map((o) => o.filter((f) => f.gate.ran).length), [25, 25]);
    // Round robin: while both are running (ffmpeg may start one a little later), they take turns.
    const start = Math.max(order.indexOf('A'), order.indexOf('B'));
    const end = Math.min(order.lastIndexOf('A'), order.lastIndexOf('B'));
    const both = order.slice(start, end + 1);
    assert.ok(both.length >= 20, `both cameras were analysed concurrently for ${both.length} frames (${order.join('')})`);
    let run = 1;
    let longest = 1;
    for (let i = 1; i < both.length; i++) {
      run = both[i] === both[i - 1] ? run + 1 : 1;
      longest = Math.max(longest, run);
    }
    assert.ok(longest <= 4, `longest run of one camera: ${longest} (${order.join('')})`);
    const shareA = both.filter((c) => c === 'A').length / both.length;
    assert.ok(shareA >= 0.35 && shareA <= 0.65, `camera A got ${(100 * shareA).toFixed(0)} % (${order.join('')})`);
    const ds = shared!.stats();
    assert.ok(ds.frames >= 50);
  });

  describe('bad input stays on its camera', () => {
    let server: Server | undefined;
    let liveUrl = '';
    before(async () => {
      const file = path.join(sharedDatasetsDir(), PETS);
      if (!existsSync(file)) return;
      // A live camera over HTTP that sends about 4 s of video and then stops (remuxed, no re-encoding).
      const ts = path.join(dir, 'live.ts');
      const r = await runProcess(tools.ffmpeg, ['-nostdin', '-v', 'error', '-y', '-fflags', '+genpts', '-i', file, '-t', '12', '-an', '-c:v', 'copy', '-f', 'mpegts', ts], { timeoutMs: 30_000 });
      assert.equal(r.exitCode, 0, r.stderr);
      const bytes = await readFile(ts);
      server = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'video/mp2t' });
        res.end(bytes.subarray(0, Math.floor(bytes.length / 3)));
      });
      await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      liveUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/cam.ts`;
    });
    after(async () => {
      server?.closeAllConnections();
      await new Promise<void>((resolve) => (server !== undefined ? server.close(() => resolve()) : resolve()));
    });

    test('not a video, a camera that stops mid-stream, an invalid model: clear errors on those cameras only', async (t) => {
      const good = need(t, PETS);
      if (good === undefined || modelPath === undefined) return;
      const notVideo = path.join(dir, 'camera.mp4');
      await writeFile(notVideo, 'this is not a video\n'.repeat(200));
      const garbageModel = path.join(dir, 'garbage.onnx');
      await writeFile(garbageModel, 'not an onnx model\n');
      const group = new AnalysisGroup({
        createDetector: (key) =>
          createWorkerDetector({ modelPath: key === 'broken' ? garbageModel : modelPath, scoreThreshold: 0.1, nmsIouThreshold: 0.7, classes: [0] }),
      });
      const errors = new Map<string, AnalysisPipelineError>();
      const frames = new Map<string, number>();
      const done = new Map<string, Promise<void>>();
      const add = (camera: string, source: { input: string; durationS?: number }, detector = 'yolox'): void => {
        let resolve!: () => void;
        done.set(camera, new Promise<void>((r) => (resolve = r)));
        group.addCamera({
          camera,
          detector,
          source: { ...source, fps: 5, ffmpegPath: tools.ffmpeg, stallTimeoutMs: 5000 },
          gate: false,
          filter: PERSONS,
          onFrame: (f) => {
            frames.set(camera, (frames.get(camera) ?? 0) + 1);
            if (f.end === true && f.gate.reason === 'end' && !errors.has(camera)) queueMicrotask(resolve);
          },
          onError: (err) => {
            errors.set(camera, err);
            resolve();
          },
        });
      };
      try {
        add('good', { input: good, durationS: 6 });
        add('not-a-video', { input: notVideo });
        add('stops', { input: liveUrl });
        add('bad-model', { input: good, durationS: 2 }, 'broken');
        await Promise.all(done.values());
        const st = group.stats();
        assert.equal(errors.has('good'), false, errors.get('good')?.message);
        assert.equal(st.cameras.good!.state, 'ended');
        assert.equal(st.cameras.good!.analysed, 30, 'the good camera analysed every frame');
        assert.equal(errors.get('not-a-video')?.code, 'NOT_A_VIDEO');
        assert.match(errors.get('not-a-video')!.message, /camera not-a-video: source failed: .*is not a video/);
        assert.equal(errors.get('stops')?.code, 'STREAM_ENDED');
        // The "camera" sends its 4 s at once and the hand-off keeps only the newest frames (a live input drops).
        const stops = st.cameras.stops!;
        assert.ok(stops.framesIn >= 10 && stops.analysed >= 1, `the live camera delivered ${stops.framesIn} frames first`);
        assert.equal(stops.analysed + stops.drops.handoff, stops.framesIn);
        assert.equal(errors.get('bad-model')?.code, 'MODEL_INVALID');
        assert.equal(errors.get('bad-model')?.stage, 'detector');
        assert.equal(st.cameras['bad-model']!.state, 'failed');
        assert.deepEqual(Object.keys(st.detectors), ['yolox']);
        const samples = group.metricSamples();
        assert.equal(samples.find((s) => s.name === 'argus_analysis_frames_analysed_total' && s.labels.camera === 'good')?.value, 30);
      } finally {
        await group.close();
        await group.close();
      }
    });

    test('close() mid-stream stops ffmpeg at once and is idempotent', async (t) => {
      const file = need(t, PETS);
      if (file === undefined) return;
      const p = new AnalysisPipeline({
        camera: 'live',
        source: { input: file, fps: 5, pacing: 'realtime', ffmpegPath: tools.ffmpeg },
        detector: shared!.register('live'),
        gate: false,
      });
      assert.equal((await p.next()).done, false);
      const pid = p.stats().sourcePid;
      assert.ok(pid !== null && !processGone(pid));
      const pending = p.next();
      await Promise.all([p.close(), p.close()]);
      assert.ok(processGone(pid), 'ffmpeg exited and was reaped');
      assert.equal((await pending).done, true);
      assert.equal(p.stats().state, 'closed');
    });
  });
});
