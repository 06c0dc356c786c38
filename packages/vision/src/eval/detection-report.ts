/**
 * Measures YOLOX (or, with --detector centernet, the packaged CenterNet fallback on TensorFlow.js wasm) on the shared
 * detection sets and prints the rows of docs/accuracy.md's Detection table:
 *   node --import tsx packages/vision/src/eval/detection-report.ts [--model PATH | --detector centernet]
 * AP50 over every detection with score >= 0.01; precision/recall at 0.3; NMS IoU 0.45; ms per frame is the median
 * of detect() per frame (letterbox + inference + decode + NMS, one frame at a time, score threshold 0.3, after a
 * warm-up), beside the median of a bare session.run on the same letterboxed tensors in the same run, and the
 * process CPU time per frame of each (all threads; robust to other load on a shared machine). CenterNet has no bare
 * baseline here (its column shows detect() only).
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import ort from 'onnxruntime-node';
import { sharedDatasetsDir } from '@argus/media';
import { createBestDetector } from '../detect/best-detector';
import { letterbox } from '../detect/letterbox';
import { createYoloxDetector } from '../detect/yolox-detector';
import { decodeImageFile } from '../io/image-decode';
import type { Detector, Frame } from '../types';
import { type DetectionDataset, loadMotDetectionDataset, loadYoloDataset } from './detection-dataset';
import { evaluateDetector, fmtMetric, formatDetectReport } from './detection-eval';

const AP_SCORE = 0.01;
const PR_SCORE = 0.3;
const NMS_IOU = 0.45;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : (s[Math.floor((s.length - 1) / 2)]! + s[Math.ceil((s.length - 1) / 2)]!) / 2;
}

interface Timing {
  /** Median wall time per frame. */
  detectMs: number;
  bareMs: number;
  /** Process CPU time (user + system, all threads) per frame: less sensitive to other load on the machine. */
  detectCpuMs: number;
  bareCpuMs: number;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
}

async function timing(frames: Frame[], modelPath: string): Promise<Timing> {
  const detector = await createYoloxDetector({ modelPath, scoreThreshold: PR_SCORE, nmsIouThreshold: NMS_IOU });
  const session = await ort.InferenceSession.create(modelPath, { executionProviders: ['cpu'], graphOptimizationLevel: 'all' });
  try {
    const { width, height } = detector.inputSize;
    const tensors = frames.map((f) => letterbox(f, { width, height }).tensor);
    for (const f of frames.slice(0, 3)) await detector.detect([f]);
    const detect: number[] = [];
    const bare: number[] = [];
    let detectCpu = 0;
    let bareCpu = 0;
    for (const [i, f] of frames.entries()) {
      let c0 = process.cpuUsage();
      let t0 = performance.now();
      await detector.detect([f]);
      detect.push(performance.now() - t0);
      detectCpu += cpuMs(c0);
      c0 = process.cpuUsage();
      t0 = performance.now();
      await session.run({ images: new ort.Tensor('float32', tensors[i]!, [1, 3, height, width]) });
      bare.push(performance.now() - t0);
      bareCpu += cpuMs(c0);
    }
    return { detectMs: median(detect), bareMs: median(bare), detectCpuMs: detectCpu / frames.length, bareCpuMs: bareCpu / frames.length };
  } finally {
    await detector.close();
    await session.release();
  }
}

/** detect() alone (no bare baseline): median wall time and CPU time per frame, after a warm-up. */
async function detectorTiming(frames: Frame[], detector: Detector): Promise<Timing> {
  for (const f of frames.slice(0, 3)) await detector.detect([f]);
  const wall: number[] = [];
  let cpu = 0;
  for (const f of frames) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await detector.detect([f]);
    wall.push(performance.now() - t0);
    cpu += cpuMs(c0);
  }
  return { detectMs: median(wall), bareMs: Number.NaN, detectCpuMs: cpu / frames.length, bareCpuMs: Number.NaN };
}

async function centernetTiming(frames: Frame[]): Promise<Timing> {
  const detector = await createBestDetector({ kind: 'centernet', worker: 'none', scoreThreshold: PR_SCORE, nmsIouThreshold: NMS_IOU });
  try {
    return await detectorTiming(frames, detector);
  } finally {
    await detector.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { model: { type: 'string' }, detector: { type: 'string' } } });
  const centernet = values.detector === 'centernet';
  if (values.detector !== undefined && values.detector !== 'yolox' && !centernet) throw new Error(`--detector must be yolox or centernet, not ${values.detector}`);
  const data = sharedDatasetsDir();
  const sets: DetectionDataset[] = [
    await loadYoloDataset(path.join(data, 'stills/coco64_dev/images'), path.join(data, 'stills/coco64_dev/labels'), { name: 'coco64_dev' }),
    await loadMotDetectionDataset(path.join(data, 'gt/mot17_mini'), { name: 'mot17_mini' }),
  ];
  const detector = centernet
    ? await createBestDetector({ kind: 'centernet', worker: 'none', modelPath: values.model, scoreThreshold: AP_SCORE, nmsIouThreshold: NMS_IOU })
    : await createYoloxDetector({ modelPath: values.model, scoreThreshold: AP_SCORE, nmsIouThreshold: NMS_IOU });
  const { modelPath } = detector;
  const rows: string[] = [];
  try {
    for (const ds of sets) {
      const frames = new Map<string, Frame>();
      const loadImage = async (file: string): Promise<Frame> => {
        const f = await decodeImageFile(file);
        frames.set(file, f);
        return f;
      };
      const r = await evaluateDetector(detector, ds, { scoreThreshold: PR_SCORE, loadImage });
      for (const line of formatDetectReport(r)) console.log(line);
      const t = centernet ? await centernetTiming([...frames.values()]) : await timing([...frames.values()], modelPath);
      const ap = (c: number) => fmtMetric(r.perClass.find((x) => x.classId === c)?.ap50);
      const bare = Number.isNaN(t.bareMs) ? '' : ` (bare run ${t.bareMs.toFixed(1)})`;
      rows.push(
        `| ${ds.name} | ${path.basename(modelPath)} | ${r.inputSize.width}x${r.inputSize.height} | ${PR_SCORE} (AP: all ≥ ${AP_SCORE}) | ` +
          `${ap(0)} | ${ap(2)} | ${fmtMetric(r.precision)} | ${fmtMetric(r.recall)} | ${t.detectMs.toFixed(1)}${bare} |`,
      );
      console.log(`  timing: CPU time per frame ${t.detectCpuMs.toFixed(1)} ms detect()${Number.isNaN(t.bareCpuMs) ? '' : `, ${t.bareCpuMs.toFixed(1)} ms bare run`} (all threads)`);
    }
  } finally {
    await detector.close();
  }
  console.log(
    `\nmachine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), load average ${os.loadavg()[0]!.toFixed(1)}, ` +
      `onnxruntime-node ${ort.env.versions.common}, node ${process.version}`,
  );
  console.log('| dataset | model | input | score threshold | AP50 person | AP50 car | precision | recall | ms per frame |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
}

await main();
