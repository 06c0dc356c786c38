/**
 * Analysis pipeline benchmark (≤ 5 minutes on 2 cores):
 *
 *   node --import tsx bench/analysis/analysis.bench.ts [--reps 9] [--threads 1] [--seconds 6] [--max-cameras 16] [--only a,b,c,d]
 *
 * (a) throughput.ts — the pipeline's detection path (letterbox, inference, grid decoding, NMS, tracking, through
 *     AnalysisPipeline → SharedDetector → WorkerDetector) against a bare onnxruntime loop (`session.run` on
 *     pre-made input tensors) on the same frames at the model's input width, same process, same intra-op threads;
 *     warm-up, alternating repetitions, median ratio. "fps per core" = the pipeline's frames per CPU-second of the
 *     process (all threads), which does not depend on what else the machine runs.
 * (b) camera-scaling.ts — memory and CPU per camera from 1 to 16 real-time cameras sharing one detector.
 * (c) gate-skip.ts — motion-gate skip share on static stretches of real clips.
 * (d) batching.ts — whether batching frames of several cameras into one detect() call helps on this CPU.
 * Last line: `analysis throughput: <ratio>x bare runtime; fps per core: <x>; motion skip: <percent>%`.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import ort from 'onnxruntime-node';
import { MODEL, decodeClip, f1, f2, f3 } from './bench-support';
import { measureBatching } from './batching';
import { measureCameraScaling } from './camera-scaling';
import { measureGateSkip } from './gate-skip';
import { measureThroughput, type ThroughputResult } from './throughput';

const { values } = parseArgs({
  options: {
    reps: { type: 'string', default: '9' },
    threads: { type: 'string', default: '1' },
    seconds: { type: 'string', default: '6' },
    'max-cameras': { type: 'string', default: '16' },
    only: { type: 'string', default: 'a,b,c,d' },
  },
});
const REPS = Math.max(3, Number(values.reps));
const THREADS = Math.max(1, Number(values.threads));
const ONLY = new Set(values.only.split(',').map((x) => x.trim()));
const started = performance.now();
const elapsed = (): string => `[${((performance.now() - started) / 1000).toFixed(0)} s]`;

console.log(
  `# Analysis pipeline benchmark — ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? '?'}), load ${os.loadavg()[0]!.toFixed(2)}, ` +
    `Node ${process.version}, onnxruntime-node ${ort.env.versions.common ?? '?'}, model ${MODEL}`,
);
const pets = await decodeClip('opencv_vtest_PETS09-S2L1.avi', { fps: 5, durationS: 8 });

let main: ThroughputResult | null = null;
if (ONLY.has('a')) {
  console.log(`\n## (a) Throughput at the model's input size: ${pets.length} PETS09 frames ${pets[0]!.width}x${pets[0]!.height} → 416x416, onnxruntime intra-op threads ${THREADS}`);
  main = await measureThroughput(pets, THREADS, REPS, true);
  const cores = os.availableParallelism();
  if (cores > THREADS) {
    console.log(`  with ${cores} intra-op threads (all cores):`);
    const all = await measureThroughput(pets, cores, Math.max(3, Math.floor(REPS / 2)), false);
    console.log(`  → ${f1(all.bareFps / cores)} (bare) and ${f1(all.pipeFps / cores)} (pipeline) fps per core by wall clock, ratio ${f3(all.ratio)}`);
  }
  console.log(`  ${elapsed()}`);
}

if (ONLY.has('d')) {
  console.log(`\n## (d) Batching frames of 4 cameras into one detect() call (SharedDetector over a worker detector, intra-op threads ${THREADS})`);
  const clips = ['opencv_vtest_PETS09-S2L1.avi', 'intel_people-detection.mp4', 'beweging_walking-by_lightchange.mp4', 'intel_car-detection.mp4'];
  const cameras = await Promise.all(clips.map((c) => decodeClip(c, { fps: 5, durationS: 4 })));
  await measureBatching(cameras, THREADS);
  console.log(`  ${elapsed()}`);
}

let motionSkip = Number.NaN;
if (ONLY.has('c')) {
  console.log('\n## (c) Motion gate at 5 fps on clips with static stretches (stretches as in docs/accuracy.md)');
  motionSkip = await measureGateSkip(THREADS);
  console.log(`  ${elapsed()}`);
}

if (ONLY.has('b')) {
  console.log(`\n## (b) Cameras sharing one detector (intra-op threads ${THREADS}): clips decoded by ffmpeg at 5 fps in real time, 416 wide, gate on; ${values.seconds} s measured after 2 s`);
  await measureCameraScaling(pets, { threads: THREADS, windowS: Math.max(2, Number(values.seconds)), maxCameras: Math.max(1, Number(values['max-cameras'])) });
  console.log(`  ${elapsed()}`);
}

console.log(`\nanalysis throughput: ${f2(main?.ratio ?? Number.NaN)}x bare runtime; fps per core: ${f1(main?.pipeFpsPerCpu ?? Number.NaN)}; motion skip: ${f1(100 * motionSkip)}%`);
