// The wall: panes grouped in pages of the current layout's size, each idle or showing one camera. Pure.

export type StreamChoice = 'main' | 'sub';
export type Transport = 'mse' | 'hls' | 'webrtc';

export interface PaneAssignment {
  cameraId: string;
  stream: StreamChoice;
  transport: Transport;
  muted: boolean;
  showStats: boolean;
}

export interface Wall {
  layoutId: string;
  /** Pages of panes; every page holds exactly the layout's pane count (null: idle pane). */
  pages: Array<Array<PaneAssignment | null>>;
  page: number;
}

export interface PanePos {
  page: number;
  index: number;
}

export function emptyWall(layoutId: string, paneCount: number): Wall {
  return { layoutId, pages: [Array<PaneAssignment | null>(paneCount).fill(null)], page: 0 };
}

/** The first idle pane, reading left to right, top to bottom, page after page (from the current page on). */
export function nextIdlePane(wall: Wall): PanePos | null {
  const n = wall.pages.length;
  for (let k = 0; k < n; k++) {
    const page = (wall.page + k) % n;
    const index = wall.pages[page]?.indexOf(null) ?? -1;
    if (index >= 0) return { page, index };
  }
  return null;
}

/** Plays a camera in the next idle pane, or on a new page when none is idle; shows the page it landed on. */
export function placeCamera(wall: Wall, pane: PaneAssignment): { wall: Wall; pos: PanePos } {
  const idle = nextIdlePane(wall);
  if (idle) return { wall: { ...assign(wall, idle, pane), page: idle.page }, pos: idle };
  const size = wall.pages[0]?.length ?? 1;
  const fresh: Array<PaneAssignment | null> = Array<PaneAssignment | null>(size).fill(null);
  fresh[0] = pane;
  const pages = [...wall.pages, fresh];
  return { wall: { ...wall, pages, page: pages.length - 1 }, pos: { page: pages.length - 1, index: 0 } };
}

/** Puts something in one pane (a dropped camera, a changed setting, or null to stop it). */
export function assign(wall: Wall, pos: PanePos, pane: PaneAssignment | null): Wall {
  const row = wall.pages[pos.page];
  if (!row || pos.index < 0 || pos.index >= row.length) return wall;
  const pages = wall.pages.map((p, i) => (i === pos.page ? p.map((x, j) => (j === pos.index ? pane : x)) : p));
  return { ...wall, pages };
}

/** Changes one pane's settings when it shows a camera. */
export function updatePane(wall: Wall, pos: PanePos, change: Partial<PaneAssignment>): Wall {
  const cur = wall.pages[pos.page]?.[pos.index];
  return cur ? assign(wall, pos, { ...cur, ...change }) : wall;
}

/** Stops a pane; empty trailing pages go away (the first page always stays). */
export function stopPane(wall: Wall, pos: PanePos): Wall {
  return compact(assign(wall, pos, null));
}

export function stopAll(wall: Wall): Wall {
  return emptyWall(wall.layoutId, wall.pages[0]?.length ?? 1);
}

/** Drops empty pages after the last used one and keeps the current page in range. */
export function compact(wall: Wall): Wall {
  const pages = [...wall.pages];
  while (pages.length > 1 && pages[pages.length - 1]?.every((p) => p === null)) pages.pop();
  return { ...wall, pages, page: Math.min(wall.page, pages.length - 1) };
}

/**
 * Switches the layout: the cameras keep their order and flow into pages of the new size (pane k of the old wall
 * becomes pane k of the new one, counting across pages; idle panes between cameras are kept).
 */
export function relayout(wall: Wall, layoutId: string, paneCount: number): Wall {
  const flat = wall.pages.flat();
  while (flat.length > 0 && flat[flat.length - 1] === null) flat.pop();
  const firstShown = (wall.pages[0]?.length ?? 1) * wall.page;
  const pages: Array<Array<PaneAssignment | null>> = [];
  for (let i = 0; i < Math.max(flat.length, 1); i += paneCount) {
    const page = flat.slice(i, i + paneCount);
    while (page.length < paneCount) page.push(null);
    pages.push(page);
  }
  const page = Math.min(Math.floor(firstShown / paneCount), pages.length - 1);
  return { layoutId, pages, page };
}

export function cameraIdsOnWall(wall: Wall): Set<string> {
  return new Set(wall.pages.flat().flatMap((p) => (p ? [p.cameraId] : [])));
}

/** The wall from a stored preference value, fitted to the layout's pane count; null when unusable. */
export function parseSavedWall(value: unknown, paneCountOf: (layoutId: string) => number | null): Wall | null {
  if (typeof value !== 'object' || value === null) return null;
  const o = value as Record<string, unknown>;
  if (typeof o.layoutId !== 'string' || !Array.isArray(o.panes)) return null;
  const count = paneCountOf(o.layoutId);
  if (count === null) return null;
  const panes = (o.panes as unknown[]).slice(0, 256).map(parsePane);
  const wall = relayout({ layoutId: o.layoutId, pages: [panes], page: 0 }, o.layoutId, count);
  const page = typeof o.page === 'number' && Number.isInteger(o.page) ? Math.max(0, Math.min(o.page, wall.pages.length - 1)) : 0;
  return { ...wall, page };
}

function parsePane(v: unknown): PaneAssignment | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  if (typeof o.cameraId !== 'string' || o.cameraId === '') return null;
  return {
    cameraId: o.cameraId,
    stream: o.stream === 'main' ? 'main' : 'sub',
    transport: o.transport === 'hls' || o.transport === 'webrtc' ? o.transport : 'mse',
    muted: o.muted !== false,
    showStats: o.showStats === true,
  };
}

/** The value stored under live.wall: the layout, the current page and every pane in order. */
export function storedWall(wall: Wall): { layoutId: string; page: number; panes: Array<PaneAssignment | null> } {
  return { layoutId: wall.layoutId, page: wall.page, panes: wall.pages.flat() };
}
