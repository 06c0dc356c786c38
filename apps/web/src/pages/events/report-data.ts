// Turning the report answers into chart data: totals per time bucket, totals per group, durations in words.
import type { CountsReport, EventsReport, ReportBucket } from './event-types';

export interface Datum {
  label: string;
  value: number;
  title?: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Axis label of a bucket start in local time: "14:00" for hours, "Jun 10" for days. */
export function bucketLabel(ms: number, bucket: ReportBucket): string {
  const d = new Date(ms);
  if (bucket === 'hour') return `${pad(d.getHours())}:00`;
  return `${d.toLocaleString('en', { month: 'short' })} ${d.getDate()}`;
}

/** All groups summed per bucket. */
export function bucketTotals(r: EventsReport): Datum[] {
  return r.buckets.map((start, i) => {
    const value = r.series.reduce((sum, s) => sum + (s.counts[i] ?? 0), 0);
    return { label: bucketLabel(start, r.bucket), value, title: `${new Date(start).toLocaleString()}: ${value}` };
  });
}

/** One bar per group, largest first; groups past `max` are summed into "other". */
export function groupTotals(r: EventsReport, max = 12): Datum[] {
  const sorted = [...r.series].sort((a, b) => b.total - a.total);
  const head = sorted.slice(0, max).map((s) => ({ label: s.label || s.key || '(none)', value: s.total }));
  const rest = sorted.slice(max).reduce((sum, s) => sum + s.total, 0);
  return rest > 0 ? [...head, { label: 'other', value: rest }] : head;
}

/** People counting: in and out series as chart points. */
export function countSeries(r: CountsReport): { name: string; points: { x: number; y: number }[] }[] {
  return [
    { name: 'in', points: r.points.map((p) => ({ x: p.t, y: p.in })) },
    { name: 'out', points: r.points.map((p) => ({ x: p.t, y: p.out })) },
  ];
}

/** 95_000 → "1 min 35 s"; null → "—". */
export function duration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  return `${h} h ${m % 60} min`;
}

export type ReportRange = '24h' | '7d' | '30d';
export const REPORT_RANGES: Record<ReportRange, { label: string; ms: number; bucket: ReportBucket }> = {
  '24h': { label: 'Last 24 hours', ms: 86_400_000, bucket: 'hour' },
  '7d': { label: 'Last 7 days', ms: 7 * 86_400_000, bucket: 'day' },
  '30d': { label: 'Last 30 days', ms: 30 * 86_400_000, bucket: 'day' },
};

/** The report window for a range at `now`: `to` rounded up to the next full minute so repeated loads agree. */
export function reportWindow(range: ReportRange, now: number): { from: number; to: number; bucket: ReportBucket } {
  const r = REPORT_RANGES[range];
  const to = Math.ceil(now / 60_000) * 60_000;
  return { from: to - r.ms, to, bucket: r.bucket };
}
