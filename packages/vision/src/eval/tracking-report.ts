/**
 * Reproduces the "Tracking, counting and motion gate" tables of docs/accuracy.md:
 *   node --import tsx packages/vision/src/eval/tracking-report.ts [--model PATH]
 * Needs ../shared/datasets and the YOLOX-Nano model (default ../shared/models/yolox_nano.onnx). Prints markdown rows.
 */
import path from 'node:path';
import { REPO_ROOT, sharedDatasetsDir } from '@argus/media';
import { createYoloxDetector } from '../detect/index';
import type { ByteTrackerOptions } from '../track/byte-tracker';
import type { DetectionFilter } from '../track/detection-filter';
import type { Detection, Detector, Frame } from '../types';
import { parseLine } from './crossings';
import { readMotFile } from './mot-format';
import { TRACK_EVAL_DETECTOR, TRACK_EVAL_FILTER, TRACK_EVAL_TRACKER } from './tracking-eval';
import { runGateEval } from './tracking-gate-eval';
import { scoreTracking } from './tracking-metrics';
import { runTracking } from './tracking-run';

const args = process.argv.slice(2);
const modelArg = args.indexOf('--model');
const model = modelArg >= 0 ? args[modelArg + 1]! : path.resolve(REPO_ROOT, '../shared/models/yolox_nano.onnx');
const data = sharedDatasetsDir();
const video = path.join(data, 'videos/opencv_vtest_PETS09-S2L1.avi');
const gtFile = path.join(data, 'gt/pets09_s2l1_dev/gt_mot_480x360_frames1-400.txt');
const f3 = (x: number): string => x.toFixed(3);

interface Variant {
  name: string;
  nms: number;
  tracker?: ByteTrackerOptions;
  filter?: DetectionFilter;
  /** Offline rows: recorded with this lag, gaps filled (track/gap-filler.ts). */
  gapFillFrames?: number;
}

const variants: Variant[] = [
  { name: '**default** (NMS 0.7, min height 7 %, detection boxes, lost kept 5 s)', nms: 0.7 },
  { name: 'NMS 0.45 (COCO default)', nms: 0.45 },
  { name: 'NMS 0.6', nms: 0.6 },
  { name: 'no minimum height', nms: 0.7, filter: { classes: [0] } },
  { name: 'lost tracks kept 3 s', nms: 0.7, tracker: { ...TRACK_EVAL_TRACKER, maxLostS: 3 } },
  { name: 'Kalman-filtered boxes reported', nms: 0.7, tracker: { ...TRACK_EVAL_TRACKER, reportedBox: 'filtered' } },
  { name: '+ recovery by last observation (IoU 0.3)', nms: 0.7, tracker: { ...TRACK_EVAL_TRACKER, recoverMinIou: 0.3 } },
  { name: 'no filter restart after a gap', nms: 0.7, tracker: { ...TRACK_EVAL_TRACKER, restartAfterMissed: 0 } },
  { name: 'minHits 3', nms: 0.7, tracker: { ...TRACK_EVAL_TRACKER, minHits: 3 } },
  { name: 'new track score 0.7', nms: 0.7, tracker: { ...TRACK_EVAL_TRACKER, newTrackScore: 0.7 } },
  { name: 'high score 0.6, new track 0.7', nms: 0.7, tracker: { ...TRACK_EVAL_TRACKER, highScore: 0.6, newTrackScore: 0.7 } },
  { name: 'high score 0.65, new track 0.75', nms: 0.7, tracker: { ...TRACK_EVAL_TRACKER, highScore: 0.65, newTrackScore: 0.75 } },
  { name: 'lost tracks reported (predicted box) 1 frame', nms: 0.7, tracker: { ...TRACK_EVAL_TRACKER, reportLostForUpdates: 1 } },
  { name: '*offline*: gap fill 5 frames (0.5 s lag)', nms: 0.7, gapFillFrames: 5 },
  { name: '*offline*: gap fill 10 frames (1 s lag)', nms: 0.7, gapFillFrames: 10 },
  { name: '*offline*: gap fill 10 frames + high score 0.6, new track 0.7', nms: 0.7, gapFillFrames: 10, tracker: { ...TRACK_EVAL_TRACKER, highScore: 0.6, newTrackScore: 0.7 } },
];

const gt = await readMotFile(gtFile);
console.log('| variant | MOTA | IDF1 | IDP | IDR | ID sw. | MOTP (IoU) | FP | FN | MT/ML of 10 | tracks | MOTA 1-200 / 201-400 | ms/frame |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
let mainRows: Awaited<ReturnType<typeof runTracking>> | null = null;
// Detections are computed once per NMS setting and replayed for the tracker variants (same frames, same boxes).
const cache = new Map<number, { detector: Detector; byFrame: Map<number, Detection[]>; ms: number | null }>();
try {
  for (const v of variants) {
    let entry = cache.get(v.nms);
    if (entry === undefined) {
      const inner = await createYoloxDetector({ modelPath: model, ...TRACK_EVAL_DETECTOR, nmsIouThreshold: v.nms });
      entry = { detector: inner, byFrame: new Map(), ms: null };
      cache.set(v.nms, entry);
    }
    const { byFrame } = entry;
    const inner = entry.detector;
    const replaying: Detector = {
      name: inner.name,
      inputSize: inner.inputSize,
      labels: inner.labels,
      detect: async (frames: readonly Frame[]) => {
        const missing = frames.filter((f) => !byFrame.has(f.index));
        if (missing.length > 0) (await inner.detect(missing)).forEach((d, i) => byFrame.set(missing[i]!.index, d));
        return frames.map((f) => byFrame.get(f.index)!);
      },
      close: async () => undefined,
    };
    const run = await runTracking({
      video,
      detector: replaying,
      toIndex: 399,
      tracker: v.tracker ?? TRACK_EVAL_TRACKER,
      filter: v.filter ?? TRACK_EVAL_FILTER,
      gapFillFrames: v.gapFillFrames ?? 0,
    });
    const ms = entry.ms === null ? run.detectMsPerFrame.toFixed(0) : '';
    entry.ms ??= run.detectMsPerFrame;
    mainRows ??= run;
    const s = scoreTracking(gt, run.rows, { fromFrame: 1, toFrame: 400, frameSize: run.frameSize });
    const c = s.clear;
    // The two halves, scored from the same run: a change chosen on all 400 frames should help in both.
    const half = (from: number, to: number): string => f3(scoreTracking(gt, run.rows, { fromFrame: from, toFrame: to, frameSize: run.frameSize }).clear.mota);
    console.log(
      `| ${v.name} | ${f3(c.mota)} | ${f3(s.id.idf1)} | ${f3(s.id.idp)} | ${f3(s.id.idr)} | ${c.idsw} | ${f3(c.motp)} | ${c.fp} | ${c.fn} | ${c.mostlyTracked}/${c.mostlyLost} | ${s.predictedTracks} | ${half(1, 200)} / ${half(201, 400)} | ${ms} |`,
    );
  }
} finally {
  for (const e of cache.values()) await e.detector.close();
}

console.log('\n| counting line (x1,y1,x2,y2) | predicted A→B / gt | predicted B→A / gt | counting error |');
console.log('|---|---|---|---|');
let errors = 0;
let gtCrossings = 0;
for (const line of ['0,0.5,1,0.5', '0,0.4,1,0.4', '0,0.6,1,0.6', '0.5,0,0.5,1', '0,0.3,1,0.7', '0.3,0,0.7,1']) {
  const s = scoreTracking(gt, mainRows!.rows, { fromFrame: 1, toFrame: 400, frameSize: mainRows!.frameSize, line: parseLine(line) });
  const k = s.crossings;
  errors += Math.abs(k.a2b - k.gtA2b) + Math.abs(k.b2a - k.gtB2a);
  gtCrossings += k.gtA2b + k.gtB2a;
  console.log(`| ${line} | ${k.a2b} / ${k.gtA2b} | ${k.b2a} / ${k.gtB2a} | ${(100 * s.countingError.total).toFixed(1)} % |`);
}
console.log(`| all six lines | | | ${(100 * errors / Math.max(1, gtCrossings)).toFixed(1)} % (${errors} of ${gtCrossings}) |`);

const detector = await createYoloxDetector({ modelPath: model, ...TRACK_EVAL_DETECTOR });
const clips: Array<{ name: string; file: string; stretches: Array<[number, number]>; gate?: object; gt?: boolean }> = [
  { name: 'beweging_dark-stand_lowlight (near dark)', file: 'beweging_dark-stand_lowlight.mp4', stretches: [[1.5, 15]] },
  { name: 'beweging_walking-by_lightchange', file: 'beweging_walking-by_lightchange.mp4', stretches: [[0, 5], [8.5, 10.4], [13.5, 18.6]] },
  { name: 'intel_people-detection (empty room stretches)', file: 'intel_people-detection.mp4', stretches: [[7.5, 13.5], [21.5, 26.5], [35.5, 42.5]] },
  { name: 'PETS09-S2L1 frames 1-400', file: 'opencv_vtest_PETS09-S2L1.avi', stretches: [], gt: true },
  { name: 'PETS09-S2L1 frames 1-400, keep-alive only (motion off)', file: 'opencv_vtest_PETS09-S2L1.avi', stretches: [], gt: true, gate: { minBlobBlocks: 1e9 } },
];
console.log('\n| clip (5 fps) | static stretches (s) | skipped on static stretches | skipped overall | gt persons missed > 1 s | longest gap with a person | runs by reason |');
console.log('|---|---|---|---|---|---|---|');
try {
  for (const c of clips) {
    const r = await runGateEval({
      video: path.join(data, 'videos', c.file),
      detector,
      staticStretches: c.stretches,
      gate: c.gate,
      ...(c.gt === true ? { gt: gtFile, sourceFps: 10, toIndex: 399 } : {}),
    });
    const reasons = Object.entries(r.gate.byReason)
      .filter(([k, n]) => n > 0 && k !== 'idle' && k !== 'lighting')
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    console.log(
      `| ${c.name} | ${c.stretches.map(([a, b]) => `${a}-${b}`).join(', ') || '—'} | ${c.stretches.length > 0 ? `${(100 * r.static.share).toFixed(1)} % (${r.static.skipped}/${r.static.frames})` : '—'} | ${(100 * r.skipShare).toFixed(1)} % (${r.frames - r.detectorRuns}/${r.frames}) | ${c.gt === true ? `${new Set(r.misses.map((m) => m.gtId)).size} of ${r.gtPersons}` : '—'} | ${c.gt === true ? `${r.maxGapWithPersonS.toFixed(1)} s` : '—'} | ${reasons} |`,
    );
  }
} finally {
  await detector.close();
}
