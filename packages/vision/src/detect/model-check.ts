/**
 * Checks, as a pure function, that a model's declared inputs and outputs are what a YOLOX head needs:
 * one float32 input Bx3xHxW (B = 1 or symbolic, H and W multiples of 32) and one float32 output
 * Bx(anchors for HxW)x(5 + classes). Throws ModelError('MODEL_SHAPE') with both the expectation and what was found.
 */
import { ModelError } from './model-errors';
import { YOLOX_STRIDES, yoloxAnchorCount } from './yolox-decode';

/** A model input or output as onnxruntime describes it (dims are numbers, or strings/-1 for symbolic ones). */
export interface TensorSpec {
  name: string;
  type?: string;
  shape?: readonly (number | string)[];
}

export interface YoloxModelInfo {
  inputName: string;
  outputName: string;
  inputWidth: number;
  inputHeight: number;
  anchors: number;
  numClasses: number;
  /** 'dynamic' when the batch dimension is symbolic (several frames in one run), else the fixed batch size. */
  batch: number | 'dynamic';
}

export interface YoloxShapeExpectation {
  /** Number of classes the labels list has (80 for COCO); default: accept what the model has. */
  numClasses?: number;
  /** Required input size; default: whatever the model declares (a multiple of 32). */
  inputWidth?: number;
  inputHeight?: number;
  strides?: readonly number[];
}

function fmtShape(shape: readonly (number | string)[] | undefined): string {
  if (shape === undefined) return '(unknown shape)';
  return shape.map((d) => (typeof d === 'number' && d >= 0 ? String(d) : typeof d === 'string' && d !== '' ? d : '?')).join('x');
}

function fmtSpec(t: TensorSpec): string {
  return `'${t.name}' ${fmtShape(t.shape)}${t.type !== undefined ? ` ${t.type}` : ''}`;
}

function isFixed(d: number | string | undefined): d is number {
  return typeof d === 'number' && d > 0;
}

export function checkYoloxModel(
  label: string,
  inputs: readonly TensorSpec[],
  outputs: readonly TensorSpec[],
  expect: YoloxShapeExpectation = {},
): YoloxModelInfo {
  const strides = expect.strides ?? YOLOX_STRIDES;
  const wantW = expect.inputWidth;
  const wantH = expect.inputHeight;
  const inWant = `1x3x${wantH ?? 'H'}x${wantW ?? 'W'} float32${wantW === undefined ? ' (H, W multiples of 32, e.g. 1x3x416x416)' : ''}`;
  const got = `got ${inputs.length} input(s) [${inputs.map(fmtSpec).join(', ')}] and ${outputs.length} output(s) [${outputs.map(fmtSpec).join(', ')}]`;
  const fail = (what: string): never => {
    throw new ModelError('MODEL_SHAPE', `model ${label}: ${what}; ${got}`);
  };
  const input = inputs[0];
  if (inputs.length !== 1 || input === undefined) return fail(`expected one input ${inWant}`);
  const s = input.shape;
  if (input.type !== undefined && input.type !== 'float32') fail(`expected input ${inWant}`);
  if (s === undefined || s.length !== 4) return fail(`expected input ${inWant}`);
  const [b, c, h, w] = s;
  const batch: number | 'dynamic' = isFixed(b) ? b : 'dynamic';
  if (batch !== 'dynamic' && batch !== 1) fail(`expected input ${inWant} (batch 1 or symbolic)`);
  if (c !== 3 || !isFixed(h) || !isFixed(w) || h % 32 !== 0 || w % 32 !== 0) fail(`expected input ${inWant}`);
  if ((wantW !== undefined && w !== wantW) || (wantH !== undefined && h !== wantH)) fail(`expected input ${inWant}`);
  const height = h as number;
  const width = w as number;
  const anchors = yoloxAnchorCount(width, height, strides);
  const output = outputs[0];
  const outWant = `1x${anchors}x${expect.numClasses !== undefined ? 5 + expect.numClasses : '(5+classes)'} float32 for a ${width}x${height} input`;
  if (outputs.length !== 1 || output === undefined) return fail(`expected one output ${outWant}`);
  const o = output.shape;
  if (output.type !== undefined && output.type !== 'float32') fail(`expected output ${outWant}`);
  if (o === undefined || o.length !== 3) return fail(`expected output ${outWant}`);
  const [ob, oa, oc] = o;
  if (isFixed(ob) && ob !== 1) fail(`expected output ${outWant}`);
  if (oa !== anchors || !isFixed(oc) || oc < 6) fail(`expected output ${outWant}`);
  const numClasses = (oc as number) - 5;
  if (expect.numClasses !== undefined && numClasses !== expect.numClasses) fail(`expected output ${outWant}`);
  return { inputName: input.name, outputName: output.name, inputWidth: width, inputHeight: height, anchors, numClasses, batch };
}
