import { test } from 'node:test';
import assert from 'node:assert/strict';
import { solveAssignment } from './linear-assignment';

/** Brute force over all partial matchings: maximise the number of matches, then minimise the cost. */
function bruteForce(cost: number[][], maxCost: number): { matches: number; total: number } {
  const rows = cost.length;
  const cols = cost[0]?.length ?? 0;
  let best = { matches: -1, total: Infinity };
  const usedCols = new Array<boolean>(cols).fill(false);
  const rec = (i: number, matches: number, total: number): void => {
    if (i === rows) {
      if (matches > best.matches || (matches === best.matches && total < best.total - 1e-9)) best = { matches, total };
      return;
    }
    rec(i + 1, matches, total);
    for (let j = 0; j < cols; j++) {
      const c = cost[i]![j]!;
      if (usedCols[j] || !(c <= maxCost)) continue;
      usedCols[j] = true;
      rec(i + 1, matches + 1, total + c);
      usedCols[j] = false;
    }
  };
  rec(0, 0, 0);
  return best;
}

test('square matrix: the classic optimum', () => {
  const { pairs } = solveAssignment([
    [4, 1, 3],
    [2, 0, 5],
    [3, 2, 2],
  ]);
  const total = pairs.reduce((s, [i, j]) => s + [[4, 1, 3], [2, 0, 5], [3, 2, 2]][i]![j]!, 0);
  assert.equal(pairs.length, 3);
  assert.equal(total, 5); // 1 + 2 + 2
});

test('rectangular and empty matrices', () => {
  const wide = solveAssignment([[5, 1, 9]]);
  assert.deepEqual(wide.pairs, [[0, 1]]);
  assert.deepEqual(wide.unmatchedCols, [0, 2]);
  const tall = solveAssignment([[3], [1], [2]]);
  assert.deepEqual(tall.pairs, [[1, 0]]);
  assert.deepEqual(tall.unmatchedRows, [0, 2]);
  assert.deepEqual(solveAssignment([]), { pairs: [], unmatchedRows: [], unmatchedCols: [] });
  assert.deepEqual(solveAssignment([[], []]).unmatchedRows, [0, 1]);
});

test('forbidden pairs (above maxCost or infinite) are never matched', () => {
  const r = solveAssignment(
    [
      [0.9, Infinity],
      [0.2, 0.6],
    ],
    { maxCost: 0.5 },
  );
  assert.deepEqual(r.pairs, [[1, 0]]);
  assert.deepEqual(r.unmatchedRows, [0]);
  assert.deepEqual(r.unmatchedCols, [1]);
});

test('default: maximum cardinality first, then minimum cost (CLEAR-MOT rule)', () => {
  // Matching (0,0) alone costs 0; matching both (0,1)+(1,0) costs 0.8 but gives two matches.
  const r = solveAssignment(
    [
      [0.0, 0.4],
      [0.4, NaN],
    ],
    { maxCost: 0.5 },
  );
  assert.deepEqual(r.pairs, [
    [0, 1],
    [1, 0],
  ]);
});

test('unmatchedCost = maxCost: a pair is matched only when it is cheaper than leaving both (ByteTrack rule)', () => {
  const r = solveAssignment(
    [
      [0.0, 0.45],
      [0.45, NaN],
    ],
    { maxCost: 0.5, unmatchedCost: 0.5 },
  );
  assert.deepEqual(r.pairs, [[0, 0]]);
});

test('agrees with brute force on random matrices', () => {
  let seed = 7;
  const rand = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let trial = 0; trial < 200; trial++) {
    const rows = 1 + Math.floor(rand() * 5);
    const cols = 1 + Math.floor(rand() * 5);
    const cost = Array.from({ length: rows }, () => Array.from({ length: cols }, () => Math.round(rand() * 100) / 100));
    const maxCost = 0.3 + rand() * 0.7;
    const expected = bruteForce(cost, maxCost);
    const { pairs } = solveAssignment(cost, { maxCost });
    const total = pairs.reduce((s, [i, j]) => s + cost[i]![j]!, 0);
    assert.equal(pairs.length, expected.matches, `trial ${trial}`);
    assert.ok(Math.abs(total - expected.total) < 1e-9, `trial ${trial}: ${total} vs ${expected.total}`);
  }
});
