// The async shell with in-memory sources and a scripted detector (no ffmpeg, no model): ordering, hand-off modes,
// error isolation, close(), stats and metric samples. Real ffmpeg and YOLOX: analysis-pipeline.integration.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Detection, Detector, Frame } from '../types';
import { AnalysisPipeline, type FrameSourceLike } from './analysis-pipeline';
import type { AnalysisFrame } from './analysis-types';
import { ModelError } from '../detect/model-errors';
import { cameraMetricSamples, detectorMetricSamples, formatMetricSamples } from './pipeline-metrics';
import { LatencyWindow } from './latency-window';
import { SharedDetector } from './shared-detector';

function frame(i: number): Frame {
  return { width: 64, height: 48, format: 'gray8', data: new Uint8Array(64 * 48).fill(i % 256), ptsS: i / 5, index: i };
}

/** A detector that sees one "person" whose box moves with the frame index; optionally slow. */
class ScriptedDetector implements Detector {
  readonly name = 'scripted';
  readonly inputSize = { width: 64, height: 48 };
  readonly labels = ['person'];
  constructor(private readonly delayMs = 0) {}
  async detect(frames: readonly Frame[]): Promise<Detection[][]> {
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    return frames.map((f) => [{ box: { x: 4 + (f.index % 30), y: 8, w: 12, h: 30 }, classId: 0, label: 'person', score: 0.9 }]);
  }
  async close(): Promise<void> {}
}

/** In-memory frames at a given pace (ms between frames; 0 = as fast as pulled), optionally failing after n frames. */
function memorySource(n: number, opts: { paceMs?: number; failAfter?: number } = {}): FrameSourceLike & { closed: number } {
  const src = {
    closed: 0,
    async *[Symbol.asyncIterator](): AsyncGenerator<Frame> {
      for (let i = 0; i < n; i++) {
        if (src.closed > 0) return;
        if (opts.failAfter !== undefined && i === opts.failAfter) throw Object.assign(new Error('camera stopped'), { code: 'STREAM_ENDED' });
        if ((opts.paceMs ?? 0) > 0) await new Promise((r) => setTimeout(r, opts.paceMs));
        yield frame(i);
      }
    },
    close(): void {
      src.closed += 1;
    },
  };
  return src;
}

async function collect(p: AsyncIterable<AnalysisFrame>): Promise<AnalysisFrame[]> {
  const out: AnalysisFrame[] = [];
  for await (const f of p) out.push(f);
  return out;
}

test("'block' hand-off: every frame analysed in order, one stable track, a closing item with its snapshot", async () => {
  const shared = new SharedDetector(new ScriptedDetector());
  const p = new AnalysisPipeline({ camera: 'c1', source: memorySource(20), detector: shared.register('c1'), gate: false, handoff: { overflow: 'block' } });
  const out = await collect(p);
  assert.equal(out.length, 21);
  assert.deepEqual(out.slice(0, 20).map((f) => f.frame.index), [...Array(20).keys()]);
  assert.ok(out.slice(0, 20).every((f) => f.gate.ran && f.objects.length === 1 && f.objects[0]!.trackId === 1));
  const last = out[20]!;
  assert.equal(last.end, true);
  assert.deepEqual(last.endedTracks.map((t) => [t.trackId, t.frames]), [[1, 20]]);
  assert.ok(last.endedTracks[0]!.snapshot!.crop.data.length > 0);
  const s = p.stats();
  assert.equal(s.state, 'ended');
  assert.equal(s.framesIn, 20);
  assert.equal(s.framesOut, 21);
  assert.equal(s.analysed, 20);
  assert.equal(s.drops.total, 0);
  assert.equal(s.inferenceMs.count, 20);
  await p.close();
  await shared.close();
});

test("'drop-oldest' hand-off: a slow detector makes the hand-off drop (counted) instead of stalling the source", async () => {
  const shared = new SharedDetector(new ScriptedDetector(40));
  const p = new AnalysisPipeline({ camera: 'c1', source: memorySource(30, { paceMs: 5 }), detector: shared.register('c1'), gate: false, handoff: { capacity: 2 } });
  const started = performance.now();
  const out = await collect(p);
  const s = p.stats();
  assert.equal(s.framesIn, 30, 'the source delivered everything');
  assert.ok(s.drops.handoff > 5, `dropped ${s.drops.handoff}`);
  assert.equal(s.analysed + s.drops.handoff, 30);
  assert.ok(out.at(-2)!.frame.index === 29, 'the newest frame made it');
  assert.ok(performance.now() - started < 30 * 40, 'faster than analysing every frame');
  await shared.close();
});

test('one camera failing (source error, bad detector) does not stop another on the same shared detector', async () => {
  const shared = new SharedDetector(new ScriptedDetector(2));
  const good = new AnalysisPipeline({ camera: 'good', source: memorySource(25, { paceMs: 2 }), detector: shared.register('good'), gate: false, handoff: { overflow: 'block' } });
  const broken = new AnalysisPipeline({ camera: 'broken', source: memorySource(25, { failAfter: 6 }), detector: shared.register('broken'), gate: false, handoff: { overflow: 'block' } });
  const noModel = new AnalysisPipeline({
    camera: 'nomodel',
    source: memorySource(5),
    detector: Promise.reject(new ModelError('MODEL_INVALID', 'model /x.onnx: onnxruntime cannot load it')),
  });
  const brokenOut: AnalysisFrame[] = [];
  const brokenRun = (async () => {
    for await (const f of broken) brokenOut.push(f);
  })();
  const [goodOut] = await Promise.all([
    collect(good),
    assert.rejects(brokenRun, (err: { code: string; camera: string; stage: string; message: string }) => {
      assert.equal(err.code, 'STREAM_ENDED');
      assert.equal(err.camera, 'broken');
      assert.equal(err.stage, 'source');
      assert.match(err.message, /camera broken: source failed: camera stopped/);
      return true;
    }),
    assert.rejects(collect(noModel), { code: 'MODEL_INVALID', camera: 'nomodel', stage: 'detector' }),
  ]);
  assert.equal(goodOut.length, 26);
  assert.equal(brokenOut.length, 7, '6 frames, then the closing item');
  assert.equal(brokenOut.at(-1)!.end, true);
  assert.equal(brokenOut.at(-1)!.endedTracks.length, 1);
  assert.equal(broken.stats().state, 'failed');
  assert.equal(broken.stats().error?.code, 'STREAM_ENDED');
  assert.equal(noModel.stats().state, 'failed');
  assert.equal(good.stats().state, 'ended');
  assert.deepEqual(await broken.next(), { done: true, value: undefined }, 'the error is thrown once');
  await Promise.all([good.close(), broken.close(), noModel.close()]);
  await shared.close();
});

test('close() is idempotent, ends a pending next(), closes the source and leaves the shared detector', async () => {
  const shared = new SharedDetector(new ScriptedDetector());
  const src = memorySource(1000, { paceMs: 20 });
  const p = new AnalysisPipeline({ camera: 'c', source: src, detector: shared.register('c'), gate: false });
  assert.equal((await p.next()).done, false);
  const pending = p.next();
  await Promise.all([p.close(), p.close()]);
  assert.equal((await pending).done, true);
  assert.equal(src.closed, 1);
  assert.equal(p.stats().state, 'closed');
  assert.deepEqual(Object.keys(shared.stats().cameras), []);
  assert.equal((await p.next()).done, true);
  await shared.close();
});

test('stats export as Prometheus samples', async () => {
  const shared = new SharedDetector(new ScriptedDetector());
  const p = new AnalysisPipeline({ camera: 'door "A"', source: memorySource(5), detector: shared.register('door "A"'), gate: false, handoff: { overflow: 'block' } });
  await collect(p);
  const samples = [...cameraMetricSamples(p.stats()), ...detectorMetricSamples('yolox', shared.stats())];
  const find = (name: string, labels: Record<string, string> = {}) =>
    samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  assert.equal(find('argus_analysis_frames_in_total')?.value, 5);
  assert.equal(find('argus_analysis_frames_analysed_total')?.value, 5);
  assert.equal(find('argus_analysis_frames_dropped_total', { stage: 'handoff' })?.value, 0);
  assert.equal(find('argus_analysis_up')?.value, 0, 'ended');
  assert.ok(find('argus_analysis_inference_seconds', { quantile: '0.95' }) !== undefined);
  assert.equal(find('argus_detector_frames_total', { detector: 'yolox' })?.value, 5);
  const text = formatMetricSamples(samples);
  assert.match(text, /# TYPE argus_analysis_frames_in_total counter\nargus_analysis_frames_in_total\{camera="door \\"A\\""\} 5\n/);
  assert.equal(text.split('\n').filter((l) => l.startsWith('# TYPE argus_analysis_frames_dropped_total')).length, 1);
  await shared.close();
});

test('latency window: nearest-rank percentiles over the most recent samples', () => {
  const w = new LatencyWindow(100);
  assert.deepEqual(w.summary(), { count: 0, p50: 0, p95: 0, max: 0, total: 0 });
  for (let i = 1; i <= 300; i++) w.record(i);
  const s = w.summary();
  assert.deepEqual(s, { count: 100, p50: 250, p95: 295, max: 300, total: 300 });
});
