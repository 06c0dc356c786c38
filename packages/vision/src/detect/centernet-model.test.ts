import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkCenternetShapes, packagedCenternetModelPath } from './centernet-model';
import { ModelError } from './model-errors';

describe('checkCenternetShapes', () => {
  it('derives the grid and stride from the input and output shapes', () => {
    assert.deepEqual(checkCenternetShapes('m.json', [1, 512, 512, 3], [1, 128, 128, 80], [1, 128, 128, 4], 80), {
      inputWidth: 512,
      inputHeight: 512,
      width: 128,
      height: 128,
      stride: 4,
      numClasses: 80,
    });
  });

  it('refuses unexpected shapes with MODEL_SHAPE and says what it got', () => {
    const cases: [number[] | undefined, number[], number[], RegExp][] = [
      [[1, 3, 512, 512], [1, 128, 128, 80], [1, 128, 128, 4], /expected input 1xHxWx3, got 1x3x512x512/],
      [undefined, [1, 128, 128, 80], [1, 128, 128, 4], /got no shape/],
      [[1, 512, 512, 3], [1, 128, 128, 91], [1, 128, 128, 4], /heatmap 1xhxwx80, got 1x128x128x91/],
      [[1, 512, 512, 3], [1, 128, 128, 80], [1, 64, 64, 4], /box distances 1x128x128x4, got 1x64x64x4/],
      [[1, 512, 512, 3], [1, 100, 100, 80], [1, 100, 100, 4], /not an integer stride/],
    ];
    for (const [input, heatmap, distances, message] of cases) {
      assert.throws(() => checkCenternetShapes('m.json', input, heatmap, distances, 80), (err: unknown) =>
        err instanceof ModelError && err.code === 'MODEL_SHAPE' && message.test(err.message),
      );
    }
  });
});

describe('packagedCenternetModelPath', () => {
  it('is null when the package that ships the model is not installed', () => {
    assert.equal(
      packagedCenternetModelPath(() => {
        throw new Error('Cannot find package');
      }),
      null,
    );
  });
});
