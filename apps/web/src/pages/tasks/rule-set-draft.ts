// Pure helpers of the task editor: the draft rule set, and the client-side checks that mirror the server's.
export type Pt = [number, number];
export interface DraftZone { name: string; polygon: Pt[] }
export interface DraftLine { name: string; from: Pt; to: Pt }
export interface DraftRule {
  name?: string;
  type: 'intrusion' | 'crossing' | 'loitering' | 'counting' | 'crowd' | 'left_behind' | 'removed';
  zone?: string;
  line?: string;
  classes?: string[];
  minSeconds?: number;
  threshold?: number;
  cooldownSeconds?: number;
  direction?: 'a2b' | 'b2a' | 'both';
  schedule?: { kind: 'always' } | { kind: 'windows'; windows: Array<{ days: number[]; start: string; end: string }> };
}
export interface DraftRuleSet { zones: DraftZone[]; lines: DraftLine[]; rules: DraftRule[] }

export const ZONE_RULES: ReadonlySet<string> = new Set(['intrusion', 'loitering', 'counting', 'crowd', 'left_behind', 'removed']);

function cross(o: Pt, a: Pt, b: Pt): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

export function selfIntersects(poly: readonly Pt[]): boolean {
  const n = poly.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue;
      const [a, b, c, d] = [poly[i]!, poly[(i + 1) % n]!, poly[j]!, poly[(j + 1) % n]!];
      const d1 = cross(c, d, a), d2 = cross(c, d, b), d3 = cross(a, b, c), d4 = cross(a, b, d);
      if (d1 * d2 < 0 && d3 * d4 < 0) return true;
    }
  }
  return false;
}

/** Problems keyed like the server's field paths (`zones/0/polygon`, `rules/1/zone`). */
export function checkDraft(set: DraftRuleSet): Array<{ field: string; message: string }> {
  const out: Array<{ field: string; message: string }> = [];
  const zones = new Set(set.zones.map((z) => z.name));
  const lines = new Set(set.lines.map((l) => l.name));
  set.zones.forEach((z, i) => {
    if (z.polygon.length < 3) out.push({ field: `zones/${i}/polygon`, message: 'a zone needs at least 3 points' });
    else if (selfIntersects(z.polygon)) out.push({ field: `zones/${i}/polygon`, message: 'the polygon crosses itself' });
  });
  set.lines.forEach((l, i) => {
    if (l.from[0] === l.to[0] && l.from[1] === l.to[1]) out.push({ field: `lines/${i}`, message: 'a line must have a length' });
  });
  if (set.rules.length === 0) out.push({ field: 'rules', message: 'add at least one rule' });
  set.rules.forEach((r, i) => {
    if (ZONE_RULES.has(r.type) && (!r.zone || !zones.has(r.zone))) out.push({ field: `rules/${i}/zone`, message: 'pick a zone' });
    if (r.type === 'crossing' && (!r.line || !lines.has(r.line))) out.push({ field: `rules/${i}/line`, message: 'pick a line' });
    if (r.type === 'crowd' && !r.threshold) out.push({ field: `rules/${i}/threshold`, message: 'a crowd rule needs a threshold' });
  });
  return out;
}

/** Normalised 0..1 point of a click on an element of the given size (clamped). */
export function normalisedPoint(x: number, y: number, width: number, height: number): Pt {
  const c = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 1000) / 1000;
  return [c(x / width), c(y / height)];
}
