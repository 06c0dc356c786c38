import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withMember } from './sets';

describe('withMember', () => {
  it('adds and removes without touching the original', () => {
    const before = new Set(['a']);
    assert.deepEqual([...withMember(before, 'b', true)], ['a', 'b']);
    assert.deepEqual([...withMember(before, 'a', false)], []);
    assert.deepEqual([...before], ['a']);
  });

  it('returns a new set even when nothing changes, and is idempotent', () => {
    const before = new Set([1]);
    const same = withMember(before, 1, true);
    assert.notEqual(same, before);
    assert.deepEqual([...same], [1]);
    assert.deepEqual([...withMember(before, 2, false)], [1]);
  });
});
