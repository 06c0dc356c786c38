/**
 * MOTChallenge text format: one box per line, `frame,id,x,y,w,h,conf,class,visibility[,...]` (frames 1-based; MOT15
 * and PETS files carry `1,-1,-1,-1` after the box, MOT17 gt carries consider-flag, class and visibility). Reader,
 * writer and the groupings the metrics use. Pure except `readMotFile`.
 */
import { readFile } from 'node:fs/promises';
import type { Box } from '../types';

export interface MotRow {
  frame: number;
  id: number;
  box: Box;
  /** Column 7: detection confidence, or in MOT17 gt the "consider" flag (0 = ignore). */
  conf: number;
  /** Column 8 when present and not -1 (MOT17 gt: 1 pedestrian, 3 car, 7 static person, …). */
  classId?: number;
  /** Column 9 when present and not -1. */
  visibility?: number;
}

/** A box with a track or ground-truth identity, as the metrics consume them. */
export interface IdBox {
  id: number;
  box: Box;
}

export class MotFormatError extends Error {
  readonly code = 'MOT_FORMAT';
  constructor(message: string) {
    super(message);
    this.name = 'MotFormatError';
  }
}

/** Parses MOTChallenge text. Blank lines and `#` comments are skipped; anything else malformed throws with its line number. */
export function parseMot(text: string, source = 'MOT text'): MotRow[] {
  const rows: MotRow[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const cols = line.split(/[,\s]+/).map(Number);
    if (cols.length < 6 || cols.slice(0, 6).some((v) => !Number.isFinite(v))) {
      throw new MotFormatError(`${source}:${i + 1}: expected "frame,id,x,y,w,h,..." with numbers, got "${line.slice(0, 80)}"`);
    }
    const [frame, id, x, y, w, h] = cols as [number, number, number, number, number, number];
    if (!Number.isInteger(frame) || frame < 0) throw new MotFormatError(`${source}:${i + 1}: bad frame number ${frame}`);
    const row: MotRow = { frame, id, box: { x, y, w, h }, conf: Number.isFinite(cols[6]) ? cols[6]! : 1 };
    const cls = cols[7];
    if (cls !== undefined && Number.isFinite(cls) && cls !== -1) row.classId = cls;
    const vis = cols[8];
    if (vis !== undefined && Number.isFinite(vis) && vis !== -1) row.visibility = vis;
    rows.push(row);
  }
  return rows;
}

export async function readMotFile(file: string): Promise<MotRow[]> {
  return parseMot(await readFile(file, 'utf8'), file);
}

function num(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 100) / 100);
}

/** Writes rows as MOTChallenge text (results format: `frame,id,x,y,w,h,conf,-1,-1,-1`), sorted by frame then id. */
export function formatMot(rows: readonly MotRow[]): string {
  const sorted = [...rows].sort((a, b) => a.frame - b.frame || a.id - b.id);
  return sorted
    .map((r) =>
      [r.frame, r.id, num(r.box.x), num(r.box.y), num(r.box.w), num(r.box.h), num(r.conf), r.classId ?? -1, r.visibility ?? -1, -1].join(','),
    )
    .join('\n')
    .concat(sorted.length > 0 ? '\n' : '');
}

export interface MotFilter {
  /** Inclusive frame range (1-based MOT frames). */
  fromFrame?: number;
  toFrame?: number;
  /** Drop rows whose column 7 is 0 (MOT17 gt "do not consider"). Default true. */
  consideredOnly?: boolean;
  /** Keep only these classes when a row has a class (MOT17 gt: [1] for pedestrians). Rows without class are kept. */
  classes?: readonly number[];
}

export function filterMot(rows: readonly MotRow[], f: MotFilter = {}): MotRow[] {
  return rows.filter(
    (r) =>
      (f.fromFrame === undefined || r.frame >= f.fromFrame) &&
      (f.toFrame === undefined || r.frame <= f.toFrame) &&
      (f.consideredOnly === false || r.conf !== 0) &&
      (f.classes === undefined || r.classId === undefined || f.classes.includes(r.classId)),
  );
}

/** Rows grouped by frame: frame → boxes with ids. */
export function groupByFrame(rows: readonly MotRow[]): Map<number, IdBox[]> {
  const out = new Map<number, IdBox[]>();
  for (const r of rows) {
    const list = out.get(r.frame);
    if (list === undefined) out.set(r.frame, [{ id: r.id, box: r.box }]);
    else list.push({ id: r.id, box: r.box });
  }
  return out;
}

/** Rows grouped by id: id → its boxes in frame order (a trajectory). */
export function groupById(rows: readonly MotRow[]): Map<number, Array<{ frame: number; box: Box }>> {
  const out = new Map<number, Array<{ frame: number; box: Box }>>();
  for (const r of [...rows].sort((a, b) => a.frame - b.frame)) {
    const list = out.get(r.id);
    if (list === undefined) out.set(r.id, [{ frame: r.frame, box: r.box }]);
    else list.push({ frame: r.frame, box: r.box });
  }
  return out;
}
