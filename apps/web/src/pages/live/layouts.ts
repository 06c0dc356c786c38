// Wall layouts: a grid of cols × rows with panes placed as spans. Pure: no DOM, no I/O.

/** One pane of a layout, in grid cells (0-based), spanning colSpan × rowSpan cells. */
export interface PaneCell {
  col: number;
  row: number;
  colSpan: number;
  rowSpan: number;
}

export interface Layout {
  id: string;
  name: string;
  cols: number;
  rows: number;
  /** Panes in reading order (left to right, top to bottom). */
  cells: PaneCell[];
  /** Built in (1/4/9/16, 1+5, 1+7); cannot be deleted. */
  builtIn?: boolean;
}

export const MAX_GRID = 6;

/** An n × n grid of equal panes. */
export function gridLayout(n: number): Layout {
  const cells: PaneCell[] = [];
  for (let row = 0; row < n; row++) for (let col = 0; col < n; col++) cells.push({ col, row, colSpan: 1, rowSpan: 1 });
  return { id: `grid-${n * n}`, name: n === 1 ? '1' : `${n * n}`, cols: n, rows: n, cells, builtIn: true };
}

/**
 * A grid of `size` × `size` cells with one big pane of `big` × `big` cells at the top left and single cells
 * everywhere else (3/2 gives the classic "1 big + 5 small").
 */
export function featureLayout(size: number, big: number, id: string, name: string): Layout {
  const cells: PaneCell[] = [{ col: 0, row: 0, colSpan: big, rowSpan: big }];
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) if (!(row < big && col < big)) cells.push({ col, row, colSpan: 1, rowSpan: 1 });
  }
  return { id, name, cols: size, rows: size, cells, builtIn: false };
}

export const BUILT_IN_LAYOUTS: readonly Layout[] = [
  gridLayout(1),
  gridLayout(2),
  gridLayout(3),
  gridLayout(4),
  { ...featureLayout(3, 2, 'feature-1-5', '1+5'), builtIn: true },
  { ...featureLayout(4, 3, 'feature-1-7', '1+7'), builtIn: true },
];

/** Why a layout is not usable, or null: every cell inside the grid, no two overlapping, at least one pane. */
export function layoutProblem(l: Layout): string | null {
  if (!Number.isInteger(l.cols) || !Number.isInteger(l.rows) || l.cols < 1 || l.rows < 1 || l.cols > MAX_GRID || l.rows > MAX_GRID) {
    return `the grid must be 1 to ${MAX_GRID} cells each way`;
  }
  if (l.cells.length === 0) return 'a layout needs at least one pane';
  const taken = new Set<string>();
  for (const [i, c] of l.cells.entries()) {
    const ints = [c.col, c.row, c.colSpan, c.rowSpan].every((v) => Number.isInteger(v));
    if (!ints || c.col < 0 || c.row < 0 || c.colSpan < 1 || c.rowSpan < 1 || c.col + c.colSpan > l.cols || c.row + c.rowSpan > l.rows) {
      return `pane ${i + 1} lies outside the grid`;
    }
    for (let r = c.row; r < c.row + c.rowSpan; r++) {
      for (let k = c.col; k < c.col + c.colSpan; k++) {
        const at = `${k},${r}`;
        if (taken.has(at)) return `pane ${i + 1} overlaps another pane`;
        taken.add(at);
      }
    }
  }
  return null;
}

/** Cells sorted in reading order (top to bottom, then left to right), so "next idle pane" follows the eye. */
export function readingOrder(cells: readonly PaneCell[]): PaneCell[] {
  return [...cells].sort((a, b) => a.row - b.row || a.col - b.col);
}

/** CSS grid placement of a cell (1-based lines). */
export function gridArea(c: PaneCell): string {
  return `${c.row + 1} / ${c.col + 1} / span ${c.rowSpan} / span ${c.colSpan}`;
}

/** The user's saved custom layouts from a stored preference value; anything malformed is left out. */
export function parseSavedLayouts(value: unknown): Layout[] {
  if (!Array.isArray(value)) return [];
  const out: Layout[] = [];
  for (const v of value as unknown[]) {
    if (typeof v !== 'object' || v === null) continue;
    const o = v as Record<string, unknown>;
    if (typeof o.id !== 'string' || typeof o.name !== 'string' || typeof o.cols !== 'number' || typeof o.rows !== 'number' || !Array.isArray(o.cells)) continue;
    const cells = (o.cells as unknown[]).filter((c): c is PaneCell => {
      if (typeof c !== 'object' || c === null) return false;
      const k = c as Record<string, unknown>;
      return ['col', 'row', 'colSpan', 'rowSpan'].every((f) => typeof k[f] === 'number');
    }).map((c) => ({ col: c.col, row: c.row, colSpan: c.colSpan, rowSpan: c.rowSpan }));
    const layout: Layout = { id: o.id, name: o.name.slice(0, 40), cols: o.cols, rows: o.rows, cells: readingOrder(cells), builtIn: false };
    if (!layoutProblem(layout) && !out.some((l) => l.id === layout.id)) out.push(layout);
  }
  return out;
}

/** The layout value to store (no builtIn flag). */
export function storedLayouts(layouts: readonly Layout[]): Array<Omit<Layout, 'builtIn'>> {
  return layouts.filter((l) => !l.builtIn).map(({ id, name, cols, rows, cells }) => ({ id, name, cols, rows, cells }));
}
