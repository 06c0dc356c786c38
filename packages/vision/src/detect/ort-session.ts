/** Opens an onnxruntime-node session with clear errors and the CPU/CUDA choice (CUDA only when asked for). */
import ort from 'onnxruntime-node';
import { ModelError } from './model-errors';
import type { TensorSpec } from './model-check';

export type DetectorDevice = 'cpu' | 'cuda';

export interface OpenSessionOptions {
  /** 'cuda' tries ['cuda', 'cpu'] and falls back to CPU when CUDA cannot load; default ARGUS_DETECTOR_DEVICE or 'cpu'. */
  device?: DetectorDevice;
  /** ORT intra-op threads; default ORT's own choice (all cores). */
  intraOpNumThreads?: number;
  env?: NodeJS.ProcessEnv;
}

export interface OpenedSession {
  session: ort.InferenceSession;
  /** The provider the session actually runs on. */
  provider: DetectorDevice;
  /** Why CUDA was not used when it was asked for. */
  fallbackReason?: string;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
}

export function deviceFromEnv(env: NodeJS.ProcessEnv = process.env): DetectorDevice {
  return env.ARGUS_DETECTOR_DEVICE?.toLowerCase() === 'cuda' ? 'cuda' : 'cpu';
}

function specs(meta: readonly ort.InferenceSession.ValueMetadata[]): TensorSpec[] {
  return meta.map((m) =>
    m.isTensor ? { name: m.name, type: m.type, shape: m.shape } : { name: m.name, type: 'non-tensor' },
  );
}

async function create(file: string, providers: string[], threads: number | undefined): Promise<ort.InferenceSession> {
  const options: ort.InferenceSession.SessionOptions = { executionProviders: providers, graphOptimizationLevel: 'all' };
  // A missing CUDA provider is reported through the thrown error (and the fallback); keep ORT's own log quiet.
  if (providers.includes('cuda')) options.logSeverityLevel = 4;
  if (threads !== undefined) options.intraOpNumThreads = threads;
  return ort.InferenceSession.create(file, options);
}

export async function openSession(file: string, opts: OpenSessionOptions = {}): Promise<OpenedSession> {
  const device = opts.device ?? deviceFromEnv(opts.env);
  let session: ort.InferenceSession;
  let provider: DetectorDevice = 'cpu';
  let fallbackReason: string | undefined;
  try {
    if (device === 'cuda') {
      try {
        session = await create(file, ['cuda', 'cpu'], opts.intraOpNumThreads);
        provider = 'cuda';
      } catch (err) {
        fallbackReason = (err as Error).message;
        if (!/cuda/i.test(fallbackReason)) throw err;
        session = await create(file, ['cpu'], opts.intraOpNumThreads);
      }
    } else {
      session = await create(file, ['cpu'], opts.intraOpNumThreads);
    }
  } catch (err) {
    const why = (err as Error).message;
    throw new ModelError('MODEL_INVALID', `model ${file}: onnxruntime cannot load it as an ONNX model (${why})`, { cause: err });
  }
  const result: OpenedSession = {
    session,
    provider,
    inputs: specs(session.inputMetadata),
    outputs: specs(session.outputMetadata),
  };
  if (fallbackReason !== undefined) result.fallbackReason = fallbackReason;
  return result;
}
