/**
 * Scores found firings against expected ones (e.g. the same rules run over ground-truth tracks): per rule, a found
 * firing matches an unused expected one of the same rule (and crossing direction) within `toleranceS` of video time
 * and `placeTolerance` (normalised distance between the boxes' bottom centres). Track ids are not compared (a
 * tracker numbers differently). Greedy by time difference, one-to-one. Pure.
 */
import { bottomCentreOf } from '../geometry/point';
import type { RuleFiring, RuleType } from './types';

export interface FiringMatchOptions {
  toleranceS?: number;
  placeTolerance?: number;
}

export interface TypeScore {
  expected: number;
  found: number;
  matched: number;
  precision: number;
  recall: number;
}

function place(f: RuleFiring): readonly [number, number] | null {
  const b = f.boxes[0];
  return b ? bottomCentreOf(b.box) : null;
}

export function matchFirings(expected: readonly RuleFiring[], found: readonly RuleFiring[], opts: FiringMatchOptions = {}): Map<RuleType, TypeScore> {
  const tol = opts.toleranceS ?? 1;
  const placeTol = opts.placeTolerance ?? 0.1;
  const pairs: { e: number; f: number; dt: number }[] = [];
  expected.forEach((e, ei) => {
    found.forEach((f, fi) => {
      if (e.ruleIndex !== f.ruleIndex || e.details.direction !== f.details.direction) return;
      const dt = Math.abs(e.timeS - f.timeS);
      if (dt > tol) return;
      const pe = place(e);
      const pf = place(f);
      if (pe && pf && e.trackId !== null && Math.hypot(pe[0] - pf[0], pe[1] - pf[1]) > placeTol) return;
      pairs.push({ e: ei, f: fi, dt });
    });
  });
  pairs.sort((a, b) => a.dt - b.dt || a.e - b.e || a.f - b.f);
  const usedE = new Set<number>();
  const usedF = new Set<number>();
  for (const p of pairs) {
    if (usedE.has(p.e) || usedF.has(p.f)) continue;
    usedE.add(p.e);
    usedF.add(p.f);
  }
  const out = new Map<RuleType, TypeScore>();
  const get = (t: RuleType): TypeScore => {
    let s = out.get(t);
    if (!s) out.set(t, (s = { expected: 0, found: 0, matched: 0, precision: 1, recall: 1 }));
    return s;
  };
  expected.forEach((e, i) => {
    const s = get(e.type);
    s.expected += 1;
    if (usedE.has(i)) s.matched += 1;
  });
  for (const f of found) get(f.type).found += 1;
  for (const s of out.values()) {
    s.precision = s.found === 0 ? 1 : s.matched / s.found;
    s.recall = s.expected === 0 ? 1 : s.matched / s.expected;
  }
  return out;
}
