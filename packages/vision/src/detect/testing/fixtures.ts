/** Test helpers: temporary model files built with onnx-builder, and synthetic frames. */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Skippable, requireFile } from '@argus/media';
import type { Frame } from '../../types';
import { YOLOX_NANO_MODEL, modelFolders } from '../model-resolve';
import { fakeYoloxModel, identityModel } from './onnx-builder';

export interface TestModels {
  dir: string;
  /** YOLOX-shaped stand-in, batch fixed at 1. */
  fixedBatch: string;
  /** The same with a symbolic batch dimension. */
  dynamicBatch: string;
  /** A valid ONNX model with the wrong shapes (Identity 1x3x320x320). */
  wrongShape: string;
  /** Not ONNX at all. */
  garbage: string;
  cleanup(): Promise<void>;
}

export async function writeTestModels(): Promise<TestModels> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'argus-test-models-'));
  const file = (n: string) => path.join(dir, n);
  await writeFile(file('fixed.onnx'), fakeYoloxModel({ size: 416, anchors: 3549, numClasses: 80, batch: 1 }));
  await writeFile(file('dynamic.onnx'), fakeYoloxModel({ size: 416, anchors: 3549, numClasses: 80, batch: 'N' }));
  await writeFile(file('wrong-shape.onnx'), identityModel('images', [1, 3, 320, 320]));
  await writeFile(file('garbage.onnx'), 'this is not an ONNX model\n');
  return {
    dir,
    fixedBatch: file('fixed.onnx'),
    dynamicBatch: file('dynamic.onnx'),
    wrongShape: file('wrong-shape.onnx'),
    garbage: file('garbage.onnx'),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A deterministic pseudo-random bgr24 frame. */
export function noiseFrame(width: number, height: number, seed: number, index = 0): Frame {
  const data = new Uint8Array(width * height * 3);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < data.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    data[i] = (s >>> 0) & 0xff;
  }
  return { width, height, format: 'bgr24', data, ptsS: index / 10, index };
}

/**
 * The YOLOX-Nano file from the models folders (ARGUS_MODELS_DIR, ../shared/models), so real-model tests never
 * fall through to a download: fails in CI when missing, else skips the test (returns undefined).
 */
export function requireYoloxNano(t: Skippable): string | undefined {
  const files = modelFolders().map((d) => path.join(d, YOLOX_NANO_MODEL.fileName));
  const found = files.find((f) => existsSync(f));
  return requireFile(found ?? files[files.length - 1]!, t, 'YOLOX-Nano is not in ARGUS_MODELS_DIR or ../shared/models');
}
