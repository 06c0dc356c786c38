/** Shared helpers of the analysis benchmark: paths, decoding clips once, in-memory cameras, timing, formatting. */
import path from 'node:path';
import { REPO_ROOT, sharedDatasetsDir } from '@argus/media';
import { AnalysisPipeline, openFrameSource, type AnalysisFrame, type Frame, type FrameSourceLike, type SharedDetector } from '@argus/vision';
import { selfCpuSeconds } from './proc-stats';

const modelsDir = process.env.ARGUS_MODELS_DIR !== undefined && process.env.ARGUS_MODELS_DIR !== '' ? process.env.ARGUS_MODELS_DIR : path.resolve(REPO_ROOT, '../shared/models');
export const MODEL = path.join(modelsDir, 'yolox_nano.onnx');
export const VIDEOS = path.join(sharedDatasetsDir(), 'videos');

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? Number.NaN : s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
export const f1 = (x: number): string => x.toFixed(1);
export const f2 = (x: number): string => x.toFixed(2);
export const f3 = (x: number): string => x.toFixed(3);
export const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);

/** Frames of a clip, decoded once at the model's input width (fast pacing: every sampled frame). */
export async function decodeClip(file: string, opts: { fps: number; durationS: number; startS?: number; width?: number }): Promise<Frame[]> {
  const src = await openFrameSource({ input: path.join(VIDEOS, file), fps: opts.fps, durationS: opts.durationS, startS: opts.startS, width: opts.width ?? 416 });
  const out: Frame[] = [];
  for await (const f of src) out.push(f);
  return out;
}

/** An in-memory camera: yields the given frames (the pipeline never modifies pixels, so they can be reused). */
export function memorySource(frames: readonly Frame[]): FrameSourceLike {
  return {
    async *[Symbol.asyncIterator](): AsyncGenerator<Frame> {
      for (const f of frames) yield f;
    },
  };
}

let cameraSeq = 0;

/** Runs frames through a fresh AnalysisPipeline on `shared` (gate off: every frame takes the full detection path). */
export async function pipelineRun(shared: SharedDetector, frames: readonly Frame[]): Promise<AnalysisFrame[]> {
  const camera = `bench-${++cameraSeq}`;
  const p = new AnalysisPipeline({ camera, source: memorySource(frames), detector: shared.register(camera), gate: false, handoff: { overflow: 'block' } });
  const out: AnalysisFrame[] = [];
  for await (const f of p) out.push(f);
  await p.close();
  if (p.error !== null) throw p.error;
  return out;
}

export interface Timed {
  ms: number;
  /** CPU seconds of the whole process (all threads) meanwhile. */
  cpuS: number;
}

export async function timed(fn: () => Promise<unknown>): Promise<Timed> {
  const cpu0 = selfCpuSeconds();
  const t0 = performance.now();
  await fn();
  return { ms: performance.now() - t0, cpuS: selfCpuSeconds() - cpu0 };
}
