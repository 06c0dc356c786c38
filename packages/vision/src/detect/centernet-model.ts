/**
 * The CenterNet model that an npm dependency ships: @vladmandic/human's MobileNetV3-CenterNet (COCO's 80 classes,
 * TFJS graph model, 1x512x512x3 RGB 0-255 → a 128x128x80 heatmap and 128x128x4 box distances). It is the last resort
 * of model resolution (see best-detector.ts), so a fresh machine detects objects with no download.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CenternetGrid } from './centernet-decode';
import { ModelError } from './model-errors';

export const CENTERNET_PACKAGE = '@vladmandic/human';
export const CENTERNET_INPUT = 'tower_0/images';
export const CENTERNET_HEATMAP = 'tower_0/keypoints';
export const CENTERNET_DISTANCES = 'tower_0/wh';

/** The model.json that CENTERNET_PACKAGE ships, or null when the package (or its model) is not installed. */
export function packagedCenternetModelPath(resolve: (specifier: string) => string = (s) => import.meta.resolve(s)): string | null {
  let entry: string;
  try {
    entry = fileURLToPath(resolve(CENTERNET_PACKAGE));
  } catch {
    return null; // the package is not installed
  }
  const file = path.resolve(path.dirname(entry), '../models/centernet.json');
  return existsSync(file) ? file : null;
}

/** What the detector needs to know about a loaded CenterNet graph. */
export interface CenternetModelInfo extends CenternetGrid {
  inputWidth: number;
  inputHeight: number;
}

/**
 * Checks the model's input (1xHxWx3) and, from one run, its outputs: a heatmap [1, H/s, W/s, classes] with
 * `numClasses` classes and distances [1, H/s, W/s, 4]. Throws ModelError MODEL_SHAPE otherwise.
 */
export function checkCenternetShapes(
  modelPath: string,
  input: readonly number[] | undefined,
  heatmap: readonly number[],
  distances: readonly number[],
  numClasses: number,
): CenternetModelInfo {
  const bad = (why: string): ModelError => new ModelError('MODEL_SHAPE', `model ${modelPath}: ${why}`);
  if (input === undefined || input.length !== 4 || input[3] !== 3 || !(input[1]! > 0) || !(input[2]! > 0)) {
    throw bad(`expected input 1xHxWx3, got ${input?.join('x') ?? 'no shape'}`);
  }
  const [, inputHeight, inputWidth] = input as [number, number, number, number];
  if (heatmap.length !== 4 || heatmap[3] !== numClasses) throw bad(`expected heatmap 1xhxwx${numClasses}, got ${heatmap.join('x')}`);
  const [, gh, gw] = heatmap as [number, number, number, number];
  if (distances.length !== 4 || distances[1] !== gh || distances[2] !== gw || distances[3] !== 4) {
    throw bad(`expected box distances 1x${gh}x${gw}x4, got ${distances.join('x')}`);
  }
  const stride = inputWidth / gw;
  if (!Number.isInteger(stride) || stride !== inputHeight / gh) throw bad(`heatmap ${gh}x${gw} is not an integer stride of input ${inputHeight}x${inputWidth}`);
  return { inputWidth, inputHeight, width: gw, height: gh, stride, numClasses };
}
