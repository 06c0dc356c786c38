/**
 * (a) Throughput of the pipeline's detection path against a bare onnxruntime loop on the same frames, same process,
 * same intra-op thread count. The pipeline: in-memory camera → AnalysisPipeline (gate off) → SharedDetector →
 * WorkerDetector (letterbox, inference, grid decoding, NMS in the worker; tracking and best snapshots on the main
 * thread). The bare loop: `session.run` on input tensors letterboxed beforehand. Warm-up first, then repetitions in
 * alternating order; each repetition gives a ratio of the two times, and the median ratio is reported.
 */
import ort from 'onnxruntime-node';
import { SharedDetector, createWorkerDetector, createYoloxDetector, letterbox, openSession, type Frame } from '@argus/vision';
import { MODEL, f1, f2, f3, median, pipelineRun, timed, type Timed } from './bench-support';

export interface ThroughputResult {
  /** Median of bare time / pipeline time over the repetitions (wall clock). */
  ratio: number;
  /** The same with CPU time of the process (all threads). */
  ratioCpu: number;
  bareFps: number;
  pipeFps: number;
  /** Frames per CPU-second of the process, pipeline and bare loop. */
  pipeFpsPerCpu: number;
  bareFpsPerCpu: number;
  /** The pipeline with the detector's JS on the calling thread (YoloxDetector, no worker), vs bare. */
  inThreadRatio: number | null;
}

export async function measureThroughput(frames: readonly Frame[], threads: number, reps: number, withInThread: boolean): Promise<ThroughputResult> {
  const n = frames.length;
  const bare = await openSession(MODEL, { intraOpNumThreads: threads });
  const inputName = bare.inputs[0]!.name;
  const tensors = frames.map((f) => new ort.Tensor('float32', letterbox(f, { width: 416, height: 416 }).tensor, [1, 3, 416, 416]));
  const worker = new SharedDetector(await createWorkerDetector({ modelPath: MODEL, intraOpNumThreads: threads }));
  const local = withInThread ? new SharedDetector(await createYoloxDetector({ modelPath: MODEL, intraOpNumThreads: threads })) : null;
  const runBare = async (): Promise<void> => {
    for (const t of tensors) await bare.session.run({ [inputName]: t });
  };
  try {
    for (const t of tensors.slice(0, 8)) await bare.session.run({ [inputName]: t });
    await pipelineRun(worker, frames.slice(0, 8));
    if (local !== null) await pipelineRun(local, frames.slice(0, 8));
    const rows: Array<{ bare: Timed; pipe: Timed; local: Timed | null }> = [];
    for (let rep = 0; rep < reps; rep++) {
      const order = rep % 2 === 0 ? (['bare', 'pipe', 'local'] as const) : (['local', 'pipe', 'bare'] as const);
      const r: { bare?: Timed; pipe?: Timed; local: Timed | null } = { local: null };
      for (const what of order) {
        if (what === 'bare') r.bare = await timed(runBare);
        else if (what === 'pipe') r.pipe = await timed(() => pipelineRun(worker, frames));
        else if (local !== null) r.local = await timed(() => pipelineRun(local, frames));
      }
      const row = { bare: r.bare!, pipe: r.pipe!, local: r.local };
      rows.push(row);
      console.log(
        `  rep ${rep + 1}: bare ${f1((n * 1000) / row.bare.ms)} fps (${f1(n / row.bare.cpuS)} per CPU-s), pipeline ${f1((n * 1000) / row.pipe.ms)} fps (${f1(n / row.pipe.cpuS)} per CPU-s)` +
          (row.local !== null ? `, in-thread detector ${f1((n * 1000) / row.local.ms)} fps` : '') +
          ` → ratio ${f3(row.bare.ms / row.pipe.ms)}`,
      );
    }
    const result: ThroughputResult = {
      ratio: median(rows.map((r) => r.bare.ms / r.pipe.ms)),
      ratioCpu: median(rows.map((r) => r.bare.cpuS / r.pipe.cpuS)),
      bareFps: median(rows.map((r) => (n * 1000) / r.bare.ms)),
      pipeFps: median(rows.map((r) => (n * 1000) / r.pipe.ms)),
      pipeFpsPerCpu: median(rows.map((r) => n / r.pipe.cpuS)),
      bareFpsPerCpu: median(rows.map((r) => n / r.bare.cpuS)),
      inThreadRatio: local !== null ? median(rows.map((r) => r.bare.ms / r.local!.ms)) : null,
    };
    console.log(
      `  median: bare ${f1(result.bareFps)} fps (${f2(1000 / result.bareFps)} ms/frame), pipeline ${f1(result.pipeFps)} fps (${f2(1000 / result.pipeFps)} ms/frame); ` +
        `ratio ${f3(result.ratio)} (wall clock), ${f3(result.ratioCpu)} (CPU time); frames per CPU-second: bare ${f1(result.bareFpsPerCpu)}, pipeline ${f1(result.pipeFpsPerCpu)}` +
        (result.inThreadRatio !== null ? `; pipeline with the detector's JS on the calling thread: ratio ${f3(result.inThreadRatio)}` : ''),
    );
    return result;
  } finally {
    await worker.close();
    await local?.close();
    await bare.session.release();
  }
}
