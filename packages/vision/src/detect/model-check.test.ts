import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkYoloxModel } from './model-check';
import { ModelError } from './model-errors';

const input = (shape: (number | string)[]) => [{ name: 'images', type: 'float32', shape }];
const output = (shape: (number | string)[]) => [{ name: 'output', type: 'float32', shape }];

describe('checkYoloxModel', () => {
  it('accepts YOLOX-Nano (fixed batch 1) and a symbolic batch', () => {
    const info = checkYoloxModel('m.onnx', input([1, 3, 416, 416]), output([1, 3549, 85]), { numClasses: 80 });
    assert.deepEqual(info, { inputName: 'images', outputName: 'output', inputWidth: 416, inputHeight: 416, anchors: 3549, numClasses: 80, batch: 1 });
    assert.equal(checkYoloxModel('m', input(['N', 3, 640, 640]), output(['N', 8400, 85])).batch, 'dynamic');
    assert.equal(checkYoloxModel('m', input([-1, 3, 640, 640]), output([-1, 8400, 85])).batch, 'dynamic');
  });

  it('names the model, the expected shapes and what it found', () => {
    assert.throws(
      () => checkYoloxModel('/m/x.onnx', input([1, 3, 300, 300]), output([1, 3549, 85]), { numClasses: 80 }),
      (err: unknown) =>
        err instanceof ModelError &&
        err.code === 'MODEL_SHAPE' &&
        err.message.startsWith('model /m/x.onnx: expected input 1x3xHxW float32 (H, W multiples of 32, e.g. 1x3x416x416)') &&
        err.message.includes("got 1 input(s) ['images' 1x3x300x300 float32]"),
    );
    assert.throws(
      () => checkYoloxModel('x', input([1, 3, 320, 320]), output([1, 3549, 85]), { numClasses: 80 }),
      /model x: expected output 1x2100x85 float32 for a 320x320 input; got .*'output' 1x3549x85 float32/,
    );
    assert.throws(() => checkYoloxModel('x', input([1, 3, 416, 416]), output([1, 3549, 6]), { numClasses: 80 }), /expected output 1x3549x85/);
    assert.throws(() => checkYoloxModel('x', input([4, 3, 416, 416]), output([4, 3549, 85])), /batch 1 or symbolic/);
    assert.throws(() => checkYoloxModel('x', input([1, 416, 416, 3]), output([1, 3549, 85])), /expected input 1x3xHxW/);
    assert.throws(() => checkYoloxModel('x', [{ name: 'images', type: 'uint8', shape: [1, 3, 416, 416] }], output([1, 3549, 85])), /expected input/);
    assert.throws(() => checkYoloxModel('x', [], output([1, 3549, 85])), /expected one input/);
    assert.throws(() => checkYoloxModel('x', input([1, 3, 416, 416]), [...output([1, 3549, 85]), ...output([1])]), /expected one output/);
    assert.throws(() => checkYoloxModel('x', input([1, 3, 416, 416]), output([1, 3549, 85]), { inputWidth: 640, inputHeight: 640 }), /expected input 1x3x640x640/);
  });
});
