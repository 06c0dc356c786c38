import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RawFrameSplitter } from './raw-frame-splitter';

test('cuts frames whatever the chunking, each frame its own buffer', () => {
  const s = new RawFrameSplitter(4);
  assert.deepEqual(s.push(Uint8Array.from([1, 2])), []);
  const out = s.push(Uint8Array.from([3, 4, 5, 6, 7, 8, 9, 10, 11]));
  assert.deepEqual(out.map((f) => [...f]), [
    [1, 2, 3, 4],
    [5, 6, 7, 8],
  ]);
  assert.equal(s.pendingBytes, 3);
  const next = s.push(Uint8Array.from([12]));
  assert.deepEqual([...next[0]!], [9, 10, 11, 12]);
  assert.notEqual(out[0]!.buffer, out[1]!.buffer);
  assert.throws(() => new RawFrameSplitter(0));
});
