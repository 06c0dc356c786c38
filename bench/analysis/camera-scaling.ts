/**
 * (b) Memory and CPU per analysed camera from 1 to 16 cameras: real clips decoded by ffmpeg at 5 fps in real time
 * (as live cameras would be), scaled to the model's input width, motion gate on, all sharing one detector. Node's
 * RSS growth over a baseline taken with the detector loaded, each ffmpeg's RSS and PSS (shared library pages split
 * among the processes), CPU of node (all threads) and of the ffmpeg processes, over a window after a warm-up.
 */
import path from 'node:path';
import { AnalysisPipeline, SharedDetector, createWorkerDetector, type CameraAnalysisStats, type Frame } from '@argus/vision';
import { MODEL, VIDEOS, f1, f2, median, mib, pipelineRun } from './bench-support';
import { collectGarbage, cpuSecondsOf, pssOf, rssOf, selfCpuSeconds } from './proc-stats';

const CLIPS = [
  'opencv_vtest_PETS09-S2L1.avi',
  'intel_people-detection.mp4',
  'beweging_walking-by_lightchange.mp4',
  'intel_car-detection.mp4',
  'bgslibrary_highway_cdnet.avi',
  'intel_person-bicycle-car-detection.mp4',
  'beweging_dark-stand_lowlight.mp4',
  'intel_one-by-one-person-detection.mp4',
];

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function measureCameraScaling(warmupFrames: readonly Frame[], opts: { threads: number; windowS: number; maxCameras: number }): Promise<void> {
  const shared = new SharedDetector(await createWorkerDetector({ modelPath: MODEL, intraOpNumThreads: opts.threads }));
  try {
    await pipelineRun(shared, warmupFrames.slice(0, 4));
    collectGarbage();
    await sleep(300);
    const base = process.memoryUsage();
    const baseHeap = base.heapUsed + base.external;
    console.log(`  baseline: node RSS ${mib(base.rss)} MiB, JS heap + external ${mib(baseHeap)} MiB, with the detector loaded (worker thread and model included)`);
    console.log(
      '  | cameras | node RSS Δ MiB (per camera) | heap + external Δ after GC, MiB (per camera) | ffmpeg RSS / PSS per camera, MiB | CPU cores node + ffmpeg (per camera) | frames in /s | analysed /s | gate skipped | dropped | inference p95 ms | frames in /s per camera min–max |',
    );
    console.log('  |---|---|---|---|---|---|---|---|---|---|---|');
    for (const n of [1, 2, 4, 8, 16].filter((x) => x <= opts.maxCameras)) {
      for (const keyframesOnly of n === opts.maxCameras ? [false, true] : [false]) {
        const cams = Array.from({ length: n }, (_, i) => {
          const camera = `cam${i + 1}${keyframesOnly ? '-key' : ''}`;
          return new AnalysisPipeline({
            camera,
            // Cameras beyond the eighth reuse a clip from a later start.
            source: { input: path.join(VIDEOS, CLIPS[i % CLIPS.length]!), fps: 5, pacing: 'realtime', keyframesOnly, startS: Math.floor(i / CLIPS.length) * 3 },
            detector: shared.register(camera),
          });
        });
        const runs = cams.map((p) => p.run(() => undefined).catch((err: unknown) => console.log(`  camera ${p.camera} failed: ${(err as Error).message}`)));
        await sleep(2000);
        const pids = cams.map((p) => p.stats().sourcePid).filter((x): x is number => x !== null);
        const before = cams.map((p) => p.stats());
        const ffCpu0 = pids.reduce((a, p) => a + cpuSecondsOf(p), 0);
        const cpu0 = selfCpuSeconds();
        const t0 = performance.now();
        let maxRss = 0;
        let ffRss = 0;
        let ffPss = 0;
        while (performance.now() - t0 < opts.windowS * 1000) {
          await sleep(500);
          maxRss = Math.max(maxRss, process.memoryUsage().rss);
          ffRss = Math.max(ffRss, pids.reduce((a, p) => a + rssOf(p), 0));
          ffPss = Math.max(ffPss, pids.reduce((a, p) => a + pssOf(p), 0));
        }
        const wallS = (performance.now() - t0) / 1000;
        const nodeCores = (selfCpuSeconds() - cpu0) / wallS;
        const ffCores = (pids.reduce((a, p) => a + cpuSecondsOf(p), 0) - ffCpu0) / wallS;
        const after = cams.map((p) => p.stats());
        collectGarbage();
        const mem = process.memoryUsage();
        const heapDelta = mem.heapUsed + mem.external - baseHeap;
        const delta = (f: (s: CameraAnalysisStats) => number): number[] => after.map((s, i) => f(s) - f(before[i]!));
        const sum = (xs: number[]): number => xs.reduce((a, x) => a + x, 0);
        const inPerCam = delta((s) => s.framesIn).map((x) => x / wallS);
        const out = sum(delta((s) => s.framesOut));
        const p95 = median(after.map((s) => s.inferenceMs.p95).filter((x) => x > 0));
        const k = Math.max(1, pids.length);
        console.log(
          `  | ${n}${keyframesOnly ? ' (key frames only)' : ''} | ${mib(maxRss - base.rss)} (${mib((maxRss - base.rss) / n)}) | ${mib(heapDelta)} (${mib(heapDelta / n)}) | ${mib(ffRss / k)} / ${mib(ffPss / k)} | ${f2(nodeCores)} + ${f2(ffCores)} (${f2((nodeCores + ffCores) / n)}) | ` +
            `${f1(sum(inPerCam))} | ${f1(sum(delta((s) => s.analysed)) / wallS)} | ${f1((100 * sum(delta((s) => s.skippedByGate))) / Math.max(1, out))} % | ${sum(delta((s) => s.drops.total))} | ${f1(p95)} | ${f2(Math.min(...inPerCam))}–${f2(Math.max(...inPerCam))} |`,
        );
        await Promise.all(cams.map((p) => p.close()));
        await Promise.all(runs);
        const left = pids.filter((p) => rssOf(p) > 0);
        if (left.length > 0) console.log(`  WARNING: ${left.length} ffmpeg processes still alive after close()`);
      }
    }
  } finally {
    await shared.close();
  }
}
