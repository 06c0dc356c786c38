/**
 * Worker-thread entry: owns one detector — a YoloxDetector (onnxruntime session) or, for the packaged fallback, a
 * CenternetDetector (TensorFlow.js wasm) — and answers detect requests one at a time, in order. Started by
 * worker-detector.ts; never imported by other code.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { CenternetDetector } from './centernet-detector';
import type { DetectorWorkerData, FromWorker, ToWorker } from './worker-protocol';
import { type YoloxDetector, createYoloxDetector } from './yolox-detector';

async function createDetector(data: DetectorWorkerData): Promise<YoloxDetector | CenternetDetector> {
  if (data.kind !== 'centernet') return createYoloxDetector(data.config);
  // Loaded only here: TensorFlow.js costs a YOLOX worker ~1.5 s and ~60 MB it does not need.
  const { createCenternetDetector } = await import('./centernet-detector');
  return createCenternetDetector(data.config);
}

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function main(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('detector-worker.ts must run in a worker thread');
  const post = (msg: FromWorker): void => port.postMessage(msg);
  let detector: YoloxDetector | CenternetDetector;
  try {
    detector = await createDetector(workerData as DetectorWorkerData);
  } catch (err) {
    post({ kind: 'init-error', message: errorMessage(err), code: codeOf(err) });
    port.close();
    return;
  }
  post({
    kind: 'ready',
    name: detector.name,
    inputSize: detector.inputSize,
    labels: [...detector.labels],
    batch: detector.batch,
    provider: detector.provider,
    modelPath: detector.modelPath,
  });
  port.on('message', (msg: ToWorker) => {
    switch (msg.kind) {
      case 'detect':
        detector.detect(msg.frames).then(
          (detections) => post({ kind: 'result', id: msg.id, detections }),
          (err: unknown) => post({ kind: 'error', id: msg.id, message: errorMessage(err), code: codeOf(err) }),
        );
        break;
      case 'close':
        detector.close().then(
          () => {
            post({ kind: 'closed' });
            port.close();
          },
          (err: unknown) => {
            post({ kind: 'init-error', message: `close failed: ${errorMessage(err)}` });
            port.close();
          },
        );
        break;
    }
  });
}

main().catch((err: unknown) => {
  // Surfaces as the Worker's 'error' event on the main thread.
  throw err;
});
