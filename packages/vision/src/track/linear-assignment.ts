/**
 * Minimum-cost bipartite assignment (Hungarian algorithm with potentials, O(n³)) for rectangular cost matrices
 * where some pairs are forbidden and leaving a row or column unmatched has a price. Used by the tracker
 * (IoU association) and the evaluation (CLEAR-MOT per frame, IDF1 over whole trajectories). Pure.
 */

export interface AssignmentOptions {
  /**
   * Pairs with cost above this are never matched. Default Infinity (only non-finite costs are forbidden).
   */
  maxCost?: number;
  /**
   * Price of leaving one row and one column unmatched instead of matching them to each other; a pair is worth
   * matching only when its cost is below this. Default: so large that the number of matches is maximised first
   * and the total cost minimised among maximum matchings (the rule of CLEAR-MOT and IDF1).
   * ByteTrack's rule (lapjv with cost_limit) is `unmatchedCost = maxCost`.
   */
  unmatchedCost?: number;
}

export interface Assignment {
  /** Matched [row, column] pairs, by row. */
  pairs: Array<[number, number]>;
  unmatchedRows: number[];
  unmatchedCols: number[];
}

/** Square Hungarian (e-maxx formulation): returns for each row its column. `cost` is row-major n×n. */
function hungarianSquare(cost: Float64Array, n: number): Int32Array {
  const INF = Number.POSITIVE_INFINITY;
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const p = new Int32Array(n + 1); // p[j]: row (1-based) assigned to column j
  const way = new Int32Array(n + 1);
  const minv = new Float64Array(n + 1);
  const used = new Uint8Array(n + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(INF);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = p[j0]!;
      let delta = INF;
      let j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j] === 1) continue;
        const cur = cost[(i0 - 1) * n + (j - 1)]! - u[i0]! - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j] === 1) {
          u[p[j]!] = u[p[j]!]! + delta;
          v[j] = v[j]! - delta;
        } else {
          minv[j] = minv[j]! - delta;
        }
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0]!;
      p[j0] = p[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  const rowToCol = new Int32Array(n).fill(-1);
  for (let j = 1; j <= n; j++) if (p[j]! > 0) rowToCol[p[j]! - 1] = j - 1;
  return rowToCol;
}

/**
 * Solves the assignment for an r×c matrix (rows may have different lengths only if all equal c). The problem is
 * padded to (r+c)×(r+c): each row and each column has its own "unmatched" partner at half the unmatched price.
 */
export function solveAssignment(cost: readonly (readonly number[])[], opts: AssignmentOptions = {}): Assignment {
  const rows = cost.length;
  const cols = rows > 0 ? cost[0]!.length : 0;
  if (rows === 0 || cols === 0) {
    return { pairs: [], unmatchedRows: [...Array(rows).keys()], unmatchedCols: [...Array(cols).keys()] };
  }
  const maxCost = opts.maxCost ?? Number.POSITIVE_INFINITY;
  let finiteMax = 0;
  for (const row of cost) {
    if (row.length !== cols) throw new Error('solveAssignment: ragged cost matrix');
    for (const c of row) if (Number.isFinite(c) && c <= maxCost) finiteMax = Math.max(finiteMax, Math.abs(c));
  }
  const allowedSpan = (2 * finiteMax + 1) * (Math.min(rows, cols) + 1);
  // "Match as many as possible": leaving a pair unmatched costs more than any sum of allowed costs.
  const unmatched = opts.unmatchedCost ?? allowedSpan;
  const forbidden = (Math.max(unmatched, allowedSpan) + 1) * (rows + cols + 1);
  const n = rows + cols;
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let c: number;
      if (i < rows && j < cols) {
        const x = cost[i]![j]!;
        c = Number.isFinite(x) && x <= maxCost ? x : forbidden;
      } else if (i < rows) {
        c = j - cols === i ? unmatched / 2 : forbidden; // row i left unmatched
      } else if (j < cols) {
        c = i - rows === j ? unmatched / 2 : forbidden; // column j left unmatched
      } else {
        c = 0;
      }
      m[i * n + j] = c;
    }
  }
  const rowToCol = hungarianSquare(m, n);
  const pairs: Array<[number, number]> = [];
  const colUsed = new Uint8Array(cols);
  const unmatchedRows: number[] = [];
  for (let i = 0; i < rows; i++) {
    const j = rowToCol[i]!;
    if (j >= 0 && j < cols && m[i * n + j]! < forbidden) {
      pairs.push([i, j]);
      colUsed[j] = 1;
    } else {
      unmatchedRows.push(i);
    }
  }
  const unmatchedCols: number[] = [];
  for (let j = 0; j < cols; j++) if (colUsed[j] === 0) unmatchedCols.push(j);
  return { pairs, unmatchedRows, unmatchedCols };
}
