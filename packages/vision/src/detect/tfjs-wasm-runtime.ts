/**
 * TensorFlow.js on its WebAssembly backend, from files on disk only (nothing is fetched): the wasm binaries come from
 * @tensorflow/tfjs-backend-wasm's dist folder, graph models from a model.json and its weight files read by an
 * IOHandler. TFJS keeps one engine per thread and its wasm kernels run synchronously on the calling thread (one
 * thread in Node), so a server runs models through the detector worker (detector-worker.ts).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { type GraphModel, loadGraphModel } from '@tensorflow/tfjs-converter';
import * as tf from '@tensorflow/tfjs-core';
import { ModelError } from './model-errors';

export { tf };

const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'] as const;

let backendReady: Promise<void> | null = null;

/** The folder of the installed @tensorflow/tfjs-backend-wasm binaries. */
export function tfjsWasmDir(): string {
  return path.dirname(fileURLToPath(import.meta.resolve('@tensorflow/tfjs-backend-wasm')));
}

/** Starts TFJS's wasm backend in this thread (once; a failed start is retried on the next call). */
export function initTfjsWasm(): Promise<void> {
  backendReady ??= (async () => {
    const dir = tfjsWasmDir();
    setWasmPaths(Object.fromEntries(WASM_FILES.map((f) => [f, path.join(dir, f)])), false);
    const ok = await tf.setBackend('wasm');
    if (!ok) throw new Error(`TensorFlow.js wasm backend did not start (binaries in ${dir})`);
    await tf.ready();
  })().catch((err: unknown) => {
    backendReady = null;
    throw err;
  });
  return backendReady;
}

interface ModelJson {
  modelTopology?: unknown;
  weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  signature?: object;
  userDefinedMetadata?: Record<string, object>;
}

function invalid(file: string, why: string, cause?: unknown): ModelError {
  return new ModelError('MODEL_INVALID', `model ${file}: ${why}`, cause === undefined ? undefined : { cause });
}

/** An IOHandler that reads a TFJS graph model (model.json + the weight files it names, beside it) from disk. */
export function fileModelHandler(jsonPath: string): tf.io.IOHandler {
  const dir = path.dirname(jsonPath);
  return {
    async load(): Promise<tf.io.ModelArtifacts> {
      let json: ModelJson;
      try {
        json = JSON.parse(await readFile(jsonPath, 'utf8')) as ModelJson;
      } catch (err) {
        throw invalid(jsonPath, `not a TensorFlow.js model.json (${(err as Error).message})`, err);
      }
      if (typeof json !== 'object' || json === null || typeof json.modelTopology !== 'object' || !Array.isArray(json.weightsManifest)) {
        throw invalid(jsonPath, 'not a TensorFlow.js graph model (modelTopology or weightsManifest missing)');
      }
      const files = json.weightsManifest.flatMap((g) => g.paths);
      const weightData: ArrayBuffer[] = [];
      for (const f of files) {
        const file = path.resolve(dir, f);
        if (path.relative(dir, file).startsWith('..')) throw invalid(jsonPath, `weight file ${f} is outside the model's folder`);
        let bytes: Buffer;
        try {
          bytes = await readFile(file);
        } catch (err) {
          throw invalid(jsonPath, `weight file ${f} cannot be read (${(err as Error).message})`, err);
        }
        weightData.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
      }
      return {
        modelTopology: json.modelTopology as object,
        weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
        weightData,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        signature: json.signature,
        userDefinedMetadata: json.userDefinedMetadata,
      };
    },
  };
}

/** Starts the backend and loads a graph model from a model.json on disk; a broken model is a ModelError MODEL_INVALID. */
export async function loadGraphModelFile(jsonPath: string): Promise<GraphModel> {
  await initTfjsWasm();
  try {
    return await loadGraphModel(fileModelHandler(jsonPath));
  } catch (err) {
    if (err instanceof ModelError) throw err;
    throw invalid(jsonPath, `cannot be loaded (${(err as Error).message})`, err);
  }
}
