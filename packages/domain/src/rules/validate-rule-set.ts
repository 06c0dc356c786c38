/**
 * Checks an untrusted rule set (JSON from a file or a request) and returns every problem with its field path:
 * polygons with fewer than 3 points or self-intersecting, zero-length lines, coordinates outside 0..1 or not finite,
 * unknown classes, rules naming missing zones/lines (or a line where a zone is needed), schedules that never fire,
 * duplicate names, negative or non-finite numbers. Pure.
 */
import type { Point } from '../geometry/point';
import { polygonSelfIntersects } from '../geometry/polygon';
import { cronFiresWithinAYear, parseCron } from './cron';
import { isValidTimeZone } from './local-time';
import { parseHhMm } from './schedule';
import { RULE_SEVERITIES, RULE_TYPES, type RuleProblem, type RuleSchedule, type RuleSetValidation, type RuleSpec, type RuleType } from './types';

const ZONE_RULES: ReadonlySet<RuleType> = new Set(['intrusion', 'loitering', 'counting', 'crowd', 'left_behind', 'removed']);
const MAX_SCHEDULE_MINUTES = 7 * 24 * 60;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

class Checker {
  readonly problems: RuleProblem[] = [];
  add(field: string, message: string): void {
    this.problems.push({ field, message });
  }

  name(v: unknown, field: string): string | null {
    if (typeof v !== 'string' || v.trim() === '' || v.length > 100) {
      this.add(field, 'must be a non-empty string of at most 100 characters');
      return null;
    }
    return v;
  }

  optionalString(v: unknown, field: string): void {
    if (v !== undefined && (typeof v !== 'string' || v.length === 0 || v.length > 200)) this.add(field, 'must be a non-empty string of at most 200 characters');
  }

  point(v: unknown, field: string): Point | null {
    if (!Array.isArray(v) || v.length !== 2) {
      this.add(field, 'must be a point [x, y]');
      return null;
    }
    const [x, y] = v as unknown[];
    let ok = true;
    for (const [k, c] of [['0', x], ['1', y]] as const) {
      if (typeof c !== 'number' || !Number.isFinite(c)) {
        this.add(`${field}/${k}`, 'must be a finite number');
        ok = false;
      } else if (c < 0 || c > 1) {
        this.add(`${field}/${k}`, `must be within 0..1 (normalised image coordinates), got ${c}`);
        ok = false;
      }
    }
    return ok ? [x as number, y as number] : null;
  }

  number(v: unknown, field: string, opts: { min?: number; max?: number; integer?: boolean; positive?: boolean } = {}): void {
    if (v === undefined) return;
    if (typeof v !== 'number' || !Number.isFinite(v)) return this.add(field, 'must be a finite number');
    if (opts.integer && !Number.isInteger(v)) return this.add(field, 'must be a whole number');
    if (v < (opts.min ?? 0)) return this.add(field, `must be at least ${opts.min ?? 0}`);
    if (opts.positive && v <= 0) return this.add(field, 'must be greater than 0');
    if (opts.max !== undefined && v > opts.max) return this.add(field, `must be at most ${opts.max}`);
  }
}

function checkUnique(c: Checker, items: readonly { name: string | null; field: string }[], what: string): void {
  const seen = new Set<string>();
  for (const i of items) {
    if (i.name === null) continue;
    if (seen.has(i.name)) c.add(i.field, `duplicate ${what} name "${i.name}"`);
    seen.add(i.name);
  }
}

function checkSchedule(c: Checker, v: unknown, field: string): void {
  if (v === undefined) return;
  if (!isObj(v)) return c.add(field, 'must be an object with kind always, windows or cron');
  const s = v as Partial<RuleSchedule> & Obj;
  if (s.timeZone !== undefined && (typeof s.timeZone !== 'string' || !isValidTimeZone(s.timeZone))) c.add(`${field}/timeZone`, `unknown time zone ${JSON.stringify(s.timeZone)}`);
  if (s.kind === 'always') return;
  if (s.kind === 'windows') {
    const windows = s.windows;
    if (!Array.isArray(windows) || windows.length === 0) return c.add(`${field}/windows`, 'must list at least one window, otherwise the rule never fires');
    windows.forEach((w: unknown, i) => {
      const wf = `${field}/windows/${i}`;
      if (!isObj(w)) return c.add(wf, 'must be an object {days, start, end}');
      const days = w.days;
      if (!Array.isArray(days) || days.length === 0) c.add(`${wf}/days`, 'must list at least one weekday (0 = Sunday … 6 = Saturday), otherwise the window never opens');
      else if (days.some((d) => !Number.isInteger(d) || (d as number) < 0 || (d as number) > 6)) c.add(`${wf}/days`, 'weekdays are whole numbers 0 (Sunday) … 6 (Saturday)');
      const start = typeof w.start === 'string' ? parseHhMm(w.start) : null;
      const end = typeof w.end === 'string' ? parseHhMm(w.end) : null;
      if (start === null) c.add(`${wf}/start`, 'must be a time HH:MM (00:00–23:59)');
      if (end === null) c.add(`${wf}/end`, 'must be a time HH:MM (00:00–23:59)');
      if (start !== null && end !== null && start === end) c.add(wf, 'start equals end: the window is empty and never opens');
    });
    return;
  }
  if (s.kind === 'cron') {
    if (typeof s.expression !== 'string') c.add(`${field}/expression`, 'must be a 5-field cron expression');
    else {
      try {
        if (!cronFiresWithinAYear(parseCron(s.expression))) c.add(`${field}/expression`, `"${s.expression}" matches no date in a year: the rule would never fire`);
      } catch (err) {
        c.add(`${field}/expression`, (err as Error).message);
      }
    }
    if (s.durationMinutes === undefined) c.add(`${field}/durationMinutes`, 'is required: how long the rule stays active after each match');
    else c.number(s.durationMinutes, `${field}/durationMinutes`, { positive: true, max: MAX_SCHEDULE_MINUTES });
    return;
  }
  c.add(`${field}/kind`, 'must be always, windows or cron');
}

const RULE_KEYS = new Set(['id', 'name', 'type', 'zone', 'line', 'classes', 'minConfidence', 'minBoxArea', 'minSeconds', 'event', 'direction', 'threshold', 'intervalSeconds', 'cooldownSeconds', 'schedule', 'severity']);

export function validateRuleSet(input: unknown, knownClasses: readonly string[]): RuleSetValidation {
  const c = new Checker();
  if (!isObj(input)) return { ok: false, problems: [{ field: '', message: 'must be an object {zones, lines, rules}' }] };
  const zonesIn = input.zones ?? [];
  const linesIn = input.lines ?? [];
  const rulesIn = input.rules;
  const zoneNames = new Map<string, number>();
  const lineNames = new Map<string, number>();

  if (!Array.isArray(zonesIn)) c.add('zones', 'must be an array');
  else {
    const names = zonesIn.map((z: unknown, i) => {
      const f = `zones/${i}`;
      if (!isObj(z)) {
        c.add(f, 'must be an object {name, polygon}');
        return { name: null, field: `${f}/name` };
      }
      c.optionalString(z.id, `${f}/id`);
      const name = c.name(z.name, `${f}/name`);
      if (!Array.isArray(z.polygon)) c.add(`${f}/polygon`, 'must be an array of points [x, y]');
      else if (z.polygon.length < 3) c.add(`${f}/polygon`, `needs at least 3 points, got ${z.polygon.length}`);
      else if (z.polygon.length > 100) c.add(`${f}/polygon`, 'has more than 100 points');
      else {
        const pts = z.polygon.map((p: unknown, k) => c.point(p, `${f}/polygon/${k}`));
        if (pts.every((p): p is Point => p !== null) && polygonSelfIntersects(pts)) c.add(`${f}/polygon`, 'intersects itself (edges cross or a point repeats)');
      }
      if (name !== null && !zoneNames.has(name)) zoneNames.set(name, i);
      return { name, field: `${f}/name` };
    });
    checkUnique(c, names, 'zone');
  }

  if (!Array.isArray(linesIn)) c.add('lines', 'must be an array');
  else {
    const names = linesIn.map((l: unknown, i) => {
      const f = `lines/${i}`;
      if (!isObj(l)) {
        c.add(f, 'must be an object {name, from, to}');
        return { name: null, field: `${f}/name` };
      }
      c.optionalString(l.id, `${f}/id`);
      const name = c.name(l.name, `${f}/name`);
      const from = c.point(l.from, `${f}/from`);
      const to = c.point(l.to, `${f}/to`);
      if (from && to && from[0] === to[0] && from[1] === to[1]) c.add(f, 'has zero length (from equals to)');
      if (name !== null && !lineNames.has(name)) lineNames.set(name, i);
      return { name, field: `${f}/name` };
    });
    checkUnique(c, names, 'line');
  }

  if (!Array.isArray(rulesIn)) c.add('rules', 'must be an array');
  else {
    const named: { name: string | null; field: string }[] = [];
    rulesIn.forEach((r: unknown, i) => {
      const f = `rules/${i}`;
      if (!isObj(r)) return c.add(f, 'must be an object with a type');
      for (const k of Object.keys(r)) if (!RULE_KEYS.has(k)) c.add(`${f}/${k}`, 'is not a rule field');
      c.optionalString(r.id, `${f}/id`);
      if (r.name !== undefined) named.push({ name: c.name(r.name, `${f}/name`), field: `${f}/name` });
      const type = r.type as RuleType;
      if (!RULE_TYPES.includes(type)) return c.add(`${f}/type`, `must be one of ${RULE_TYPES.join(', ')}`);
      if (ZONE_RULES.has(type)) {
        if (typeof r.zone !== 'string') c.add(`${f}/zone`, `a ${type} rule needs the name of a zone`);
        else if (!zoneNames.has(r.zone)) c.add(`${f}/zone`, lineNames.has(r.zone) ? `"${r.zone}" is a line; a ${type} rule needs a zone` : `no zone is named "${r.zone}"`);
        if (r.line !== undefined) c.add(`${f}/line`, `a ${type} rule takes a zone, not a line`);
      } else {
        if (typeof r.line !== 'string') c.add(`${f}/line`, 'a crossing rule needs the name of a line');
        else if (!lineNames.has(r.line)) c.add(`${f}/line`, zoneNames.has(r.line) ? `"${r.line}" is a zone; a crossing rule needs a line` : `no line is named "${r.line}"`);
        if (r.zone !== undefined) c.add(`${f}/zone`, 'a crossing rule takes a line, not a zone');
      }
      if (r.classes !== undefined) {
        if (!Array.isArray(r.classes) || r.classes.length === 0) c.add(`${f}/classes`, 'must be a non-empty array of class names');
        else {
          r.classes.forEach((cls: unknown, k) => {
            if (typeof cls !== 'string' || !knownClasses.includes(cls)) c.add(`${f}/classes/${k}`, `unknown class ${JSON.stringify(cls)}; the detector knows ${knownClasses.slice(0, 8).join(', ')}, …`);
          });
        }
      }
      c.number(r.minConfidence, `${f}/minConfidence`, { max: 1 });
      c.number(r.minBoxArea, `${f}/minBoxArea`, { max: 1 });
      c.number(r.minSeconds, `${f}/minSeconds`, { max: 86_400 });
      c.number(r.cooldownSeconds, `${f}/cooldownSeconds`, { max: 86_400 });
      c.number(r.threshold, `${f}/threshold`, { integer: true, min: 1, max: 10_000 });
      c.number(r.intervalSeconds, `${f}/intervalSeconds`, { positive: true, max: 86_400 });
      if (r.event !== undefined && (type !== 'intrusion' || !['enter', 'exit', 'presence'].includes(r.event as string))) {
        c.add(`${f}/event`, type === 'intrusion' ? 'must be enter, exit or presence' : 'only intrusion rules take an event');
      }
      if (r.direction !== undefined && (type !== 'crossing' || !['a2b', 'b2a', 'both'].includes(r.direction as string))) {
        c.add(`${f}/direction`, type === 'crossing' ? 'must be a2b, b2a or both' : 'only crossing rules take a direction');
      }
      if (type === 'crowd' && r.threshold === undefined) c.add(`${f}/threshold`, 'a crowd rule needs a threshold (people count)');
      if (r.threshold !== undefined && type !== 'crowd') c.add(`${f}/threshold`, 'only crowd rules take a threshold');
      if (r.intervalSeconds !== undefined && type !== 'counting') c.add(`${f}/intervalSeconds`, 'only counting rules take an interval');
      if (r.severity !== undefined && !RULE_SEVERITIES.includes(r.severity as never)) c.add(`${f}/severity`, `must be one of ${RULE_SEVERITIES.join(', ')}`);
      checkSchedule(c, r.schedule, `${f}/schedule`);
    });
    checkUnique(c, named, 'rule');
  }
  for (const k of Object.keys(input)) if (!['zones', 'lines', 'rules'].includes(k)) c.add(k, 'is not a rule-set field (zones, lines, rules)');
  if (c.problems.length > 0) return { ok: false, problems: c.problems };
  return { ok: true, value: normalise(input) };
}

/** A clean copy of validated input (only known fields). */
function normalise(input: Obj): import('./types').RuleSetSpec {
  const zones = ((input.zones ?? []) as Obj[]).map((z) => ({
    ...(z.id !== undefined ? { id: z.id as string } : {}),
    name: z.name as string,
    polygon: (z.polygon as [number, number][]).map((p) => [p[0], p[1]] as const),
  }));
  const lines = ((input.lines ?? []) as Obj[]).map((l) => ({
    ...(l.id !== undefined ? { id: l.id as string } : {}),
    name: l.name as string,
    from: [(l.from as number[])[0]!, (l.from as number[])[1]!] as const,
    to: [(l.to as number[])[0]!, (l.to as number[])[1]!] as const,
  }));
  const rules = (input.rules as Obj[]).map((r) => structuredClone(r) as unknown as RuleSpec);
  return { zones, lines, rules };
}
