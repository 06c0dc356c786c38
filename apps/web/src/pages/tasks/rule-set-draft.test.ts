import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkDraft, normalisedPoint, selfIntersects } from './rule-set-draft';

describe('task editor checks', () => {
  it('mirror the server: short or crossing polygons, zero-length lines, missing zones', () => {
    assert.equal(selfIntersects([[0, 0], [1, 1], [1, 0], [0, 1]]), true);
    assert.equal(selfIntersects([[0, 0], [1, 0], [1, 1], [0, 1]]), false);
    const problems = checkDraft({
      zones: [{ name: 'z', polygon: [[0, 0], [1, 1]] }],
      lines: [{ name: 'l', from: [0.5, 0.5], to: [0.5, 0.5] }],
      rules: [{ type: 'intrusion', zone: 'nope' }, { type: 'crossing', line: 'l' }],
    });
    assert.deepEqual(problems.map((p) => p.field), ['zones/0/polygon', 'lines/0', 'rules/0/zone']);
    assert.deepEqual(normalisedPoint(50, 300, 200, 200), [0.25, 1]);
  });
});
