/**
 * A pure 5-field cron matcher: minute hour day-of-month month day-of-week, each `*`, a number, a range `a-b`, a step
 * `*\/n` or `a-b/n`, or a comma list of those. Day of week 0–7 (0 and 7 are Sunday). As in Vixie cron, when both
 * day-of-month and day-of-week are restricted a day matches if either does.
 */
export interface CronExpression {
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  daysOfMonth: ReadonlySet<number>;
  months: ReadonlySet<number>;
  daysOfWeek: ReadonlySet<number>;
  domRestricted: boolean;
  dowRestricted: boolean;
}

/** Local calendar time, as the schedule sees it. */
export interface LocalTime {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday */
  weekday: number;
}

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

function parseField(text: string, min: number, max: number, name: string): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!m) throw new Error(`${name}: "${part}" is not a number, range, step or *`);
    const lo = m[1] === '*' ? min : Number(m[2]);
    const hi = m[1] === '*' ? max : m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? max : lo;
    const step = m[4] !== undefined ? Number(m[4]) : 1;
    if (lo < min || hi > max) throw new Error(`${name}: ${part} is outside ${min}-${max}`);
    if (lo > hi) throw new Error(`${name}: the range ${part} is backwards`);
    if (step < 1) throw new Error(`${name}: the step in ${part} must be at least 1`);
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

/** Parses a 5-field expression; throws an Error with a readable message when it is malformed. */
export function parseCron(expression: string): CronExpression {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5 || parts[0] === '') throw new Error(`a cron expression has 5 fields (minute hour day month weekday), got ${parts[0] === '' ? 0 : parts.length}`);
  const sets = parts.map((p, i) => parseField(p, FIELDS[i]!.min, FIELDS[i]!.max, FIELDS[i]!.name));
  const dow = sets[4]!;
  if (dow.has(7)) {
    dow.delete(7);
    dow.add(0);
  }
  return {
    minutes: sets[0]!,
    hours: sets[1]!,
    daysOfMonth: sets[2]!,
    months: sets[3]!,
    daysOfWeek: dow,
    domRestricted: parts[2] !== '*',
    dowRestricted: parts[4] !== '*',
  };
}

export function cronDayMatches(cron: CronExpression, month: number, day: number, weekday: number): boolean {
  if (!cron.months.has(month)) return false;
  const dom = cron.daysOfMonth.has(day);
  const dow = cron.daysOfWeek.has(weekday);
  if (cron.domRestricted && cron.dowRestricted) return dom || dow;
  return dom && dow;
}

export function cronMatches(cron: CronExpression, t: LocalTime): boolean {
  return cron.minutes.has(t.minute) && cron.hours.has(t.hour) && cronDayMatches(cron, t.month, t.day, t.weekday);
}

/** Whether the expression matches at least one minute in a (leap) year, whatever year it is. */
export function cronFiresWithinAYear(cron: CronExpression): boolean {
  // Every weekday occurs on every date within 7 years' cycle, so check a leap year's dates against all weekdays
  // they can fall on: a date matches if its month/day matches and some weekday rule allows it.
  const daysIn = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  for (let month = 1; month <= 12; month += 1) {
    for (let day = 1; day <= daysIn[month - 1]!; day += 1) {
      for (let weekday = 0; weekday < 7; weekday += 1) {
        if (cronDayMatches(cron, month, day, weekday)) return true;
      }
    }
  }
  return false;
}
