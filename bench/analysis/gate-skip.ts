/** (c) Motion-gate skip share at 5 fps on clips with static stretches (the stretches of docs/accuracy.md). */
import path from 'node:path';
import { AnalysisPipeline, SharedDetector, createWorkerDetector, staticSkipShare, type GateTraceEntry } from '@argus/vision';
import { MODEL, VIDEOS, f1 } from './bench-support';

const CLIPS: Array<{ file: string; stretches: Array<[number, number]> }> = [
  { file: 'beweging_dark-stand_lowlight.mp4', stretches: [[1.5, 15]] },
  { file: 'beweging_walking-by_lightchange.mp4', stretches: [[0, 5], [8.5, 10.4], [13.5, 18.6]] },
  { file: 'intel_people-detection.mp4', stretches: [[7.5, 13.5], [21.5, 26.5], [35.5, 42.5]] },
];

/** Share of frames on the static stretches of all clips that the gate skipped. */
export async function measureGateSkip(threads: number): Promise<number> {
  const shared = new SharedDetector(await createWorkerDetector({ modelPath: MODEL, intraOpNumThreads: threads, scoreThreshold: 0.1, nmsIouThreshold: 0.7, classes: [0] }));
  let frames = 0;
  let skipped = 0;
  try {
    for (const c of CLIPS) {
      const camera = `gate-${c.file}`;
      const p = new AnalysisPipeline({
        camera,
        source: { input: path.join(VIDEOS, c.file), fps: 5 },
        detector: shared.register(camera),
        filter: { classes: [0], minHeightFraction: 0.07 },
      });
      const trace: GateTraceEntry[] = [];
      for await (const f of p) {
        if (f.end !== true) trace.push({ index: f.frame.index, ptsS: f.frame.ptsS, run: f.gate.ran, reason: 'motion' });
      }
      await p.close();
      if (p.error !== null) throw p.error;
      const s = staticSkipShare(trace, c.stretches);
      frames += s.frames;
      skipped += s.skipped;
      const overall = trace.filter((e) => !e.run).length;
      const reasons = Object.entries(p.stats().gateReasons ?? {})
        .filter(([, v]) => v > 0)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      console.log(`  ${c.file}: skipped on static stretches ${f1(100 * s.share)} % (${s.skipped}/${s.frames}), overall ${f1((100 * overall) / trace.length)} % (${overall}/${trace.length}); ${reasons}`);
    }
  } finally {
    await shared.close();
  }
  const share = frames > 0 ? skipped / frames : 0;
  console.log(`  all static stretches: ${f1(100 * share)} % skipped (${skipped}/${frames})`);
  return share;
}
