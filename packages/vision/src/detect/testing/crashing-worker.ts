/** Test worker: says it is ready like detector-worker.ts, then dies on the first detect request. */
import { parentPort } from 'node:worker_threads';
import type { FromWorker, ToWorker } from '../worker-protocol';

const port = parentPort;
if (port === null) throw new Error('run me in a worker');
port.postMessage({
  kind: 'ready',
  name: 'crashing',
  inputSize: { width: 32, height: 32 },
  labels: ['thing'],
  batch: 1,
  provider: 'cpu',
  modelPath: 'none',
} satisfies FromWorker);
port.on('message', (msg: ToWorker) => {
  if (msg.kind === 'detect') process.exit(3);
});
