import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runEvalCommand } from '../src/cli/eval-commands';
import { UsageError } from '../src/cli/usage-error';

describe('argus eval detect: choosing the detector', () => {
  const base = ['detect', '--images', '/nonexistent/images', '--labels', '/nonexistent/labels'];

  it('refuses an unknown --detector, and --model with --detector centernet, before touching any file', async () => {
    await assert.rejects(runEvalCommand([...base, '--detector', 'foo']), (err: unknown) =>
      err instanceof UsageError && /--detector must be yolox or centernet, not foo/.test(err.message),
    );
    await assert.rejects(runEvalCommand([...base, '--detector', 'centernet', '--model', 'x.onnx']), (err: unknown) =>
      err instanceof UsageError && /--model names a YOLOX model file/.test(err.message),
    );
  });

  it('accepts --detector centernet and goes on to read the dataset (a missing folder is its own clear error)', async () => {
    await assert.rejects(runEvalCommand([...base, '--detector', 'centernet']), (err: unknown) =>
      !(err instanceof UsageError) && err instanceof Error && /nonexistent/.test(err.message),
    );
  });
});

describe('argus eval track: the offline gap-fill option', () => {
  it('refuses a --gap-fill that is not a whole number, before reading the video', async () => {
    const base = ['track', '--video', '/nonexistent/video.avi', '--gt', '/nonexistent/gt.txt'];
    for (const bad of ['-1', '2.5', 'ten']) {
      await assert.rejects(runEvalCommand([...base, `--gap-fill=${bad}`]), (err: unknown) =>
        err instanceof UsageError && /--gap-fill must be a whole number/.test(err.message),
      );
    }
    await assert.rejects(runEvalCommand([...base, '--gap-fill', '10']), (err: unknown) => !(err instanceof UsageError) && err instanceof Error);
  });
});
