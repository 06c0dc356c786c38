/** Per-camera recording schedules, pure: weekly windows in a time zone. */

export interface ScheduleWindow {
  /** Days of the week the window starts on: 0 Sunday … 6 Saturday. */
  days: number[];
  /** 'HH:MM', 00:00-23:59. */
  start: string;
  /** 'HH:MM', 00:00-24:00; at or before start means the window runs past midnight into the next day. */
  end: string;
}

const HHMM = /^([01]\d|2[0-4]):([0-5]\d)$/;

export function minutesOf(hhmm: string): number {
  const m = HHMM.exec(hhmm);
  if (!m) throw new Error(`not a HH:MM time: ${hhmm}`);
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  if (minutes > 24 * 60) throw new Error(`not a HH:MM time: ${hhmm}`);
  return minutes;
}

/** Problems of a schedule as given by a user, or [] when it is sound. */
export function scheduleProblems(windows: readonly ScheduleWindow[]): Array<{ field: string; message: string }> {
  const out: Array<{ field: string; message: string }> = [];
  windows.forEach((w, i) => {
    if (w.days.length === 0 || w.days.some((d) => !Number.isInteger(d) || d < 0 || d > 6)) out.push({ field: `schedule/${i}/days`, message: 'days are 0 (Sunday) to 6 (Saturday), at least one' });
    for (const k of ['start', 'end'] as const) {
      try {
        const m = minutesOf(w[k]);
        if (k === 'start' && m >= 24 * 60) out.push({ field: `schedule/${i}/start`, message: 'must be before 24:00' });
      } catch {
        out.push({ field: `schedule/${i}/${k}`, message: 'must be HH:MM' });
      }
    }
    if (w.start === w.end) out.push({ field: `schedule/${i}/end`, message: 'must differ from start' });
  });
  return out;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formats = new Map<string, Intl.DateTimeFormat>();

/** Day of the week and minute of the day at `nowMs` in the time zone (undefined: the server's). */
export function localTime(nowMs: number, timeZone?: string): { day: number; minutes: number } {
  const key = timeZone ?? '';
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { ...(timeZone ? { timeZone } : {}), weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formats.set(key, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(nowMs)).map((p) => [p.type, p.value]));
  return { day: WEEKDAYS[parts.weekday ?? 'Sun'] ?? 0, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** Whether `nowMs` falls inside one of the windows. */
export function inSchedule(windows: readonly ScheduleWindow[], nowMs: number, timeZone?: string): boolean {
  const { day, minutes } = localTime(nowMs, timeZone);
  const yesterday = (day + 6) % 7;
  return windows.some((w) => {
    const start = minutesOf(w.start);
    const end = minutesOf(w.end);
    if (end > start) return w.days.includes(day) && minutes >= start && minutes < end;
    // Past midnight: from start to 24:00 on its day, and from 00:00 to end on the next.
    return (w.days.includes(day) && minutes >= start) || (w.days.includes(yesterday) && minutes < end);
  });
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
