import type { Detection, Frame } from '../types';
import type { DetectorRunStats } from './yolox-detector';

/**
 * Runs `frames` through `runBatch` in batches of at most `maxBatch`, in order, counting each run in `stats` (frames,
 * runs, total and last batch time). Shared by the in-thread detectors (YOLOX batches; CenterNet runs one frame at a time).
 */
export async function detectInBatches(
  frames: readonly Frame[],
  maxBatch: number,
  runBatch: (batch: readonly Frame[]) => Promise<Detection[][]>,
  stats: DetectorRunStats,
): Promise<Detection[][]> {
  const results: Detection[][] = [];
  for (let start = 0; start < frames.length; start += maxBatch) {
    const batch = frames.slice(start, start + maxBatch);
    const t0 = performance.now();
    results.push(...(await runBatch(batch)));
    const ms = performance.now() - t0;
    stats.runs++;
    stats.frames += batch.length;
    stats.totalMs += ms;
    stats.lastBatchMs = ms;
  }
  return results;
}
