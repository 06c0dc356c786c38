/**
 * (d) Does batching frames of several cameras into one detect() call help on this CPU? Four in-memory cameras share
 * one SharedDetector over a WorkerDetector: the official model (batch fixed at 1: a "batch" is frames run one by one
 * in one worker request) and a copy patched to a symbolic batch (one batched inference), maxBatch 1 vs 4, and
 * maxInFlight 2. Total frames per second, medians of 3 alternating repetitions.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ort from 'onnxruntime-node';
import { SharedDetector, createWorkerDetector, letterbox, type Detector, type Frame, type SharedDetectorOptions } from '@argus/vision';
import { writeDynamicBatchYolox } from './dynamic-batch-model';
import { MODEL, f1, f2, f3, median, pipelineRun } from './bench-support';

interface Run {
  fps: number;
  meanBatch: number;
  p95: number;
}

async function run(detector: Detector, cameras: readonly Frame[][], opts: SharedDetectorOptions): Promise<Run> {
  const shared = new SharedDetector(detector, { ...opts, closeDetector: false });
  const t0 = performance.now();
  await Promise.all(cameras.map((frames) => pipelineRun(shared, frames)));
  const ms = performance.now() - t0;
  const s = shared.stats();
  await shared.close();
  return { fps: (s.frames * 1000) / ms, meanBatch: s.meanBatchSize, p95: s.batchMs.p95 };
}

/** Checks that the patched model gives the official model's outputs, batched. */
async function checkPatched(dynModel: string, frame: Frame): Promise<void> {
  const a = await ort.InferenceSession.create(MODEL, { intraOpNumThreads: 1 });
  const b = await ort.InferenceSession.create(dynModel, { intraOpNumThreads: 1 });
  try {
    const x = letterbox(frame, { width: 416, height: 416 }).tensor;
    const x2 = new Float32Array(2 * x.length);
    x2.set(x, 0);
    x2.set(x, x.length);
    const one = (await a.run({ images: new ort.Tensor('float32', x, [1, 3, 416, 416]) })).output!.data as Float32Array;
    const two = (await b.run({ images: new ort.Tensor('float32', x2, [2, 3, 416, 416]) })).output!.data as Float32Array;
    let maxDiff = 0;
    for (let i = 0; i < one.length; i++) maxDiff = Math.max(maxDiff, Math.abs(one[i]! - two[one.length + i]!));
    if (two.length !== 2 * one.length || maxDiff > 1e-3) throw new Error(`patched model differs (max |Δ| ${maxDiff})`);
  } finally {
    await a.release();
    await b.release();
  }
}

export async function measureBatching(cameras: readonly Frame[][], threads: number): Promise<void> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'argus-bench-'));
  const dynModel = path.join(tmp, 'yolox_nano_dynamic_batch.onnx');
  await writeDynamicBatchYolox(MODEL, dynModel);
  await checkPatched(dynModel, cameras[0]![0]!);
  const configs: Array<{ name: string; model: 'fixed' | 'dynamic'; opts: SharedDetectorOptions }> = [
    { name: 'official model, maxBatch 1 (default)', model: 'fixed', opts: { maxBatch: 1 } },
    { name: 'official model, maxBatch 4 (frames one by one in one request)', model: 'fixed', opts: { maxBatch: 4 } },
    { name: 'official model, maxBatch 1, maxInFlight 2', model: 'fixed', opts: { maxBatch: 1, maxInFlight: 2 } },
    { name: 'symbolic-batch model, maxBatch 1', model: 'dynamic', opts: { maxBatch: 1 } },
    { name: 'symbolic-batch model, maxBatch 4 (one batched inference)', model: 'dynamic', opts: { maxBatch: 4 } },
  ];
  const detectors = {
    fixed: await createWorkerDetector({ modelPath: MODEL, intraOpNumThreads: threads }),
    dynamic: await createWorkerDetector({ modelPath: dynModel, intraOpNumThreads: threads }),
  };
  const results = new Map<string, Run[]>();
  try {
    for (const c of configs) await run(detectors[c.model], cameras.map((f) => f.slice(0, 4)), c.opts); // warm-up
    for (let rep = 0; rep < 3; rep++) {
      for (const c of rep % 2 === 0 ? configs : [...configs].reverse()) {
        results.set(c.name, [...(results.get(c.name) ?? []), await run(detectors[c.model], cameras, c.opts)]);
      }
    }
  } finally {
    await detectors.fixed.close();
    await detectors.dynamic.close();
    await rm(tmp, { recursive: true, force: true });
  }
  const base = median(results.get(configs[0]!.name)!.map((r) => r.fps));
  for (const c of configs) {
    const rs = results.get(c.name)!;
    const fps = median(rs.map((r) => r.fps));
    console.log(`  ${c.name}: ${f1(fps)} fps (×${f3(fps / base)}), mean batch ${f2(median(rs.map((r) => r.meanBatch)))}, detector call p95 ${f1(median(rs.map((r) => r.p95)))} ms`);
  }
}
