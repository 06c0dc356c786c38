import { sql, type Kysely } from 'kysely';
import type { Database } from '../../adapters/db';
import { forbidden, invalid } from '../../errors';
import type { Clock } from '../../util/clock';
import type { RequestContext } from '../request-context';
import { parseRange } from '../recordings/time-range';
import type { CountsSource } from './counts-port';
import { toCsv } from './csv';
import { prefixUpper } from './events.repo';
import type { CountsReportQueryT, EventsReportQueryT } from './events.schemas';
import type { EventsService } from './events.service';
import { bucketStart, bucketStarts, MAX_BUCKETS, type Bucket } from './report-buckets';

const SPAN_MS: Record<Bucket, number> = { hour: 3_600_000, day: 86_400_000 };

export interface EventsReport {
  from: number;
  to: number;
  bucket: Bucket;
  groupBy: string;
  buckets: number[];
  series: { key: string; label: string; counts: number[]; total: number }[];
  total: number;
  meanTimeToAcknowledgeMs: number | null;
  reviewed: number;
}

export interface CountsReport {
  from: number;
  to: number;
  bucket: Bucket;
  points: { t: number; in: number; out: number; samples: number; mean: number; peak: number }[];
  totals: { in: number; out: number };
}

const GROUP_COLUMN = {
  camera: { key: 'camera_id', label: 'camera_name' },
  rule: { key: "coalesce(rule_id, '')", label: "coalesce(rule_name, coalesce(rule_id, ''))" },
  type: { key: 'type', label: 'type' },
  class: { key: "coalesce(class_name, '')", label: "coalesce(class_name, '')" },
  outcome: { key: 'state', label: 'state' },
} as const;

/** Event reports (counts per bucket and group, mean time to acknowledge) and people-counting series; CSV export. */
export class ReportsService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly eventsSvc: EventsService,
    private readonly counting: () => CountsSource,
    private readonly clock: Clock,
  ) {}

  private range(from: string, to: string, bucket: Bucket) {
    const r = parseRange(from, to, { nowMs: this.clock.now(), maxSpanMs: 400 * 86_400_000, maxSpanText: '400 days' });
    if ((r.toMs - r.fromMs) / SPAN_MS[bucket] > MAX_BUCKETS) throw invalid('bucket', `the range holds more than ${MAX_BUCKETS} ${bucket} buckets; use a coarser bucket`);
    return r;
  }

  async events(ctx: RequestContext, q: EventsReportQueryT): Promise<EventsReport> {
    if (!ctx.access.hasAnywhere('events.read')) throw forbidden('You have no events.read right anywhere');
    const bucket = q.bucket ?? 'day';
    const groupBy = q.groupBy ?? 'type';
    const { fromMs, toMs } = this.range(q.from, q.to, bucket);
    const buckets = bucketStarts(fromMs, toMs, bucket);
    const base = await this.eventsSvc.filterOf(ctx, q.domainId ? { domainId: q.domainId } : {});
    const empty: EventsReport = { from: fromMs, to: toMs, bucket, groupBy, buckets, series: [], total: 0, meanTimeToAcknowledgeMs: null, reviewed: 0 };
    if (base.scope !== null && base.scope.length === 0) return empty;
    const col = GROUP_COLUMN[groupBy];
    const span = SPAN_MS[bucket];
    let query = this.db
      .selectFrom('events')
      .select([
        sql<string>`(occurred_ms / ${sql.lit(span)}) * ${sql.lit(span)}`.as('b'),
        sql<string>`${sql.raw(col.key)}`.as('k'),
        sql<string>`max(${sql.raw(col.label)})`.as('l'),
        sql<string>`count(*)`.as('n'),
      ])
      .where('occurred_ms', '>=', fromMs)
      .where('occurred_ms', '<', toMs);
    const scope = base.scope;
    if (scope !== null) query = query.where((eb) => eb.or(scope.map((p) => eb.and([eb('domain_path', '>=', p), eb('domain_path', '<', prefixUpper(p))]))));
    const dp = base.domainPrefix;
    if (dp !== undefined) query = query.where((eb) => eb.and([eb('domain_path', '>=', dp), eb('domain_path', '<', prefixUpper(dp))]));
    const rows = await query.groupBy([sql`(occurred_ms / ${sql.lit(span)}) * ${sql.lit(span)}`, sql.raw(col.key)]).execute();
    const index = new Map(buckets.map((b, i) => [b, i]));
    const series = new Map<string, { key: string; label: string; counts: number[]; total: number }>();
    let total = 0;
    for (const r of rows) {
      const i = index.get(bucketStart(Number(r.b), bucket));
      if (i === undefined) continue;
      const key = String(r.k);
      let s = series.get(key);
      if (!s) {
        s = { key, label: String(r.l), counts: buckets.map(() => 0), total: 0 };
        series.set(key, s);
      }
      const n = Number(r.n);
      s.counts[i] = (s.counts[i] ?? 0) + n;
      s.total += n;
      total += n;
    }
    let mtta = this.db
      .selectFrom('events')
      .select([sql<string | null>`avg(first_reviewed_ms - created_ms)`.as('m'), sql<string>`count(*)`.as('n')])
      .where('occurred_ms', '>=', fromMs)
      .where('occurred_ms', '<', toMs)
      .where('first_reviewed_ms', 'is not', null);
    if (scope !== null) mtta = mtta.where((eb) => eb.or(scope.map((p) => eb.and([eb('domain_path', '>=', p), eb('domain_path', '<', prefixUpper(p))]))));
    if (dp !== undefined) mtta = mtta.where((eb) => eb.and([eb('domain_path', '>=', dp), eb('domain_path', '<', prefixUpper(dp))]));
    const m = await mtta.executeTakeFirst();
    const reviewed = Number(m?.n ?? 0);
    return {
      ...empty,
      series: [...series.values()].sort((a, b) => b.total - a.total || a.key.localeCompare(b.key)),
      total,
      meanTimeToAcknowledgeMs: reviewed > 0 && m?.m !== null && m?.m !== undefined ? Math.round(Number(m.m)) : null,
      reviewed,
    };
  }

  eventsCsv(r: EventsReport): string {
    const rows: (string | number)[][] = [];
    for (const s of r.series) s.counts.forEach((n, i) => rows.push([new Date(r.buckets[i] ?? 0).toISOString(), r.groupBy, s.key, s.label, n]));
    return toCsv(['bucket_start', 'group_by', 'key', 'label', 'count'], rows);
  }

  /**
   * People-counting series of a counting task (rule index `ruleId` when it is a number): per bucket the samples of
   * `task_counts` (objects in the zone: mean and peak) and the line crossings of the task's events by direction
   * (`details.direction` 'in' / 'out'), both limited to cameras in the caller's events.read scope.
   */
  async counts(ctx: RequestContext, q: CountsReportQueryT): Promise<CountsReport> {
    if (!ctx.access.hasAnywhere('events.read')) throw forbidden('You have no events.read right anywhere');
    if (!q.taskId && !q.ruleId) throw invalid('taskId', 'name a taskId or a ruleId');
    const bucket = q.bucket ?? 'hour';
    const { fromMs, toMs } = this.range(q.from, q.to, bucket);
    const starts = bucketStarts(fromMs, toMs, bucket);
    const points = starts.map((t) => ({ t, in: 0, out: 0, samples: 0, mean: 0, peak: 0 }));
    const index = new Map(starts.map((b, i) => [b, i]));
    const at = (ms: number) => points[index.get(bucketStart(ms, bucket)) ?? -1];
    const ruleIndex = q.ruleId !== undefined && /^\d{1,4}$/.test(q.ruleId) ? Number(q.ruleId) : undefined;
    const samples = await this.counting().samples({ ...(q.taskId ? { taskId: q.taskId } : {}), ...(ruleIndex !== undefined ? { ruleIndex } : {}), fromMs, toMs });
    for (const s of samples) {
      const p = at(s.atMs);
      if (!p || !ctx.access.can('events.read', s.domainPath)) continue;
      p.mean += s.count;
      p.samples++;
      p.peak = Math.max(p.peak, s.count);
    }
    for (const p of points) p.mean = p.samples > 0 ? Math.round((p.mean / p.samples) * 100) / 100 : 0;
    let crossings = this.db
      .selectFrom('events')
      .select(['occurred_ms', 'details', 'domain_path', 'count'])
      .where('type', '=', 'crossing')
      .where('occurred_ms', '>=', fromMs)
      .where('occurred_ms', '<', toMs);
    if (q.taskId) crossings = crossings.where('task_id', '=', q.taskId);
    if (q.ruleId && ruleIndex === undefined) crossings = crossings.where('rule_id', '=', q.ruleId);
    for (const e of await crossings.limit(200_000).execute()) {
      const p = at(Number(e.occurred_ms));
      if (!p || !ctx.access.can('events.read', e.domain_path)) continue;
      const dir = /"direction"\s*:\s*"(in|out)"/.exec(e.details)?.[1];
      if (dir === 'in') p.in += e.count;
      else if (dir === 'out') p.out += e.count;
    }
    return { from: fromMs, to: toMs, bucket, points, totals: { in: points.reduce((a, p) => a + p.in, 0), out: points.reduce((a, p) => a + p.out, 0) } };
  }

  countsCsv(r: CountsReport): string {
    return toCsv(['bucket_start', 'in', 'out', 'samples', 'mean', 'peak'], r.points.map((p) => [new Date(p.t).toISOString(), p.in, p.out, p.samples, p.mean, p.peak]));
  }
}
