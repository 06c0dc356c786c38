// Time helpers of the Recordings page: zoom levels, axis ticks and local date-time input values.

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** Timeline windows, narrowest first. */
export const ZOOMS = [
  { label: '10 min', ms: 10 * MINUTE },
  { label: '1 h', ms: HOUR },
  { label: '6 h', ms: 6 * HOUR },
  { label: '24 h', ms: 24 * HOUR },
] as const;

const STEPS = [MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR];

/** Tick times inside [from, to], about `count` of them, on round local minutes/hours. */
export function ticks(from: number, to: number, count = 8): number[] {
  const step = STEPS.find((s) => (to - from) / s <= count) ?? 6 * HOUR;
  const offset = new Date(from).getTimezoneOffset() * MINUTE;
  const out: number[] = [];
  for (let t = Math.ceil((from - offset) / step) * step + offset; t <= to; t += step) out.push(t);
  return out;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** 'HH:MM', or 'HH:MM:SS' when `seconds`. */
export function clock(ms: number, seconds = false): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}${seconds ? `:${pad(d.getSeconds())}` : ''}`;
}

/** Value of an <input type="datetime-local" step="1"> for a time, in local time. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${clock(ms, true)}`;
}

/** Parses a datetime-local value (local time); NaN when it is not one. */
export function fromLocalInput(value: string): number {
  return value ? new Date(value).getTime() : Number.NaN;
}

/** '1 h 05 min', '42 s'. */
export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${pad(s % 60)} s`;
  return `${Math.floor(m / 60)} h ${pad(m % 60)} min`;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}
