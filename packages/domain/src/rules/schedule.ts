/**
 * Whether a rule's schedule is active at a wall-clock instant, in its time zone: always; weekly windows
 * ('HH:MM'–'HH:MM' on given weekdays, a window ending before it starts runs past midnight into the next day); or a
 * cron expression that opens a window of `durationMinutes` at each match. Pure apart from the tz database.
 */
import { type CronExpression, parseCron, cronMatches } from './cron';
import { localTimeAt } from './local-time';
import type { RuleSchedule, ScheduleWindow } from './types';

export function parseHhMm(text: string): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23 || min > 59) return null;
  return h * 60 + min;
}

/** Whether local minute-of-day `mod` on weekday `weekday` lies inside the window. */
export function windowContains(w: ScheduleWindow, weekday: number, mod: number): boolean {
  const start = parseHhMm(w.start);
  const end = parseHhMm(w.end);
  if (start === null || end === null || start === end) return false;
  if (start < end) return w.days.includes(weekday) && mod >= start && mod < end;
  // past midnight: the evening part belongs to `weekday`, the morning part to the day before
  if (mod >= start) return w.days.includes(weekday);
  return mod < end && w.days.includes((weekday + 6) % 7);
}

export class ScheduleEvaluator {
  private readonly cron: CronExpression | null;
  private cachedMinute = Number.NaN;
  private cachedActive = true;
  /** Latest minute (epoch minutes) at which the cron expression matched, as far as checked. */
  private lastMatch = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly schedule: RuleSchedule | undefined,
    private readonly defaultTimeZone: string,
  ) {
    this.cron = schedule?.kind === 'cron' ? parseCron(schedule.expression) : null;
  }

  isActive(wallMs: number): boolean {
    const s = this.schedule;
    if (!s || s.kind === 'always') return true;
    const minute = Math.floor(wallMs / 60_000);
    if (minute === this.cachedMinute) return this.cachedActive;
    const tz = s.timeZone ?? this.defaultTimeZone;
    let active = false;
    if (s.kind === 'windows') {
      const t = localTimeAt(wallMs, tz);
      active = s.windows.some((w) => windowContains(w, t.weekday, t.hour * 60 + t.minute));
    } else if (this.cron) {
      // active if the expression matched at some minute in (now − duration, now]; moving forward, only the minutes
      // not looked at yet are checked
      const span = Math.max(1, Math.ceil(s.durationMinutes));
      const incremental = minute > this.cachedMinute && minute - this.cachedMinute < span;
      if (!incremental) this.lastMatch = Number.NEGATIVE_INFINITY;
      const from = incremental ? this.cachedMinute + 1 : minute - span + 1;
      for (let m = minute; m >= from; m -= 1) {
        if (cronMatches(this.cron, localTimeAt(m * 60_000, tz))) {
          this.lastMatch = m;
          break;
        }
      }
      active = this.lastMatch > minute - span;
    }
    this.cachedMinute = minute;
    this.cachedActive = active;
    return active;
  }
}
