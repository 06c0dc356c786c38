/**
 * Event center benchmark (issue 7).
 *
 *   npm run bench:events [-- --ingest-seconds 60 --rate 1000 --rows 10000000 --samples 40 --skip-postgres]
 *
 * (a) Ingest: `rate` events/s for `ingest-seconds` through EventSink.publish (the real event center of a running
 *     server, embedded SQLite), while GET /api/events is requested every ~100 ms over HTTP; reports the list p95
 *     during the load against the p95 of the same request on the idle server measured first (baseline), and counts
 *     lost (published, not stored) and duplicated (stored twice) events.
 * (b) 10 M stored events, generated straight into SQLite (recursive CTE) and PostgreSQL (generate_series) with the
 *     migration's schema and indexes; the generated databases are cached (data/bench-events/ and the PostgreSQL
 *     database argus_bench_events_<rows>) and re-used when present, because generating them takes longer than the 5-minute
 *     budget on a 2-core machine. Common list queries (the repo's real SQL) are timed: p95 per query and overall.
 *
 * Last line: `events: ingested=<n> lost=<n> duplicated=<n>; list p95 at 10M: sqlite=<ms>ms postgres=<ms>ms`.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { migrate, openDb, type Db } from '../../apps/server/src/adapters/db';
import { EventsRepo, type EventFilter } from '../../apps/server/src/features/events/events.repo';
import { POSTGRES_URL, postgresAvailable } from '../../apps/server/test/support/postgres';
import { startTestServer } from '../../apps/server/test/support/harness';

const { values } = parseArgs({
  options: {
    'ingest-seconds': { type: 'string', default: '60' },
    rate: { type: 'string', default: '1000' },
    rows: { type: 'string', default: '10000000' },
    samples: { type: 'string', default: '40' },
    'skip-postgres': { type: 'boolean', default: false },
  },
});
const INGEST_S = Number(values['ingest-seconds']);
const RATE = Number(values.rate);
const ROWS = Number(values.rows);
const SAMPLES = Number(values.samples);

const p95 = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)] ?? 0;
};
const fmt = (ms: number): string => ms.toFixed(1);
const log = (line: string): void => console.log(line);

// ---------------------------------------------------------------------------------------------------------------
// (a) ingest through the real event center while the list endpoint is polled
// ---------------------------------------------------------------------------------------------------------------
async function ingest(): Promise<{ ingested: number; lost: number; duplicated: number }> {
  const t = await startTestServer({ overrides: { 'events.dedupWindowSeconds': 0 } });
  try {
    const domain = (await t.admin.post('/api/domains', { parentId: t.rootDomainId, name: 'Bench region' })).body;
    const cams: string[] = [];
    for (let i = 0; i < 10; i++) cams.push((await t.admin.post('/api/cameras', { domainId: domain.id, name: `bench-${i}`, kind: 'rtsp', mainUrl: `rtsp://127.0.0.1:9/b${i}` })).body.id);
    const sink = t.server.container.events.sink;
    let listErrors = 0;
    /** One timed list request; a failed one (reset connection, 5xx) is counted and timed until it failed. */
    const listOnce = async (): Promise<number> => {
      const s = performance.now();
      try {
        const r = await t.admin.get('/api/events?limit=50');
        if (r.status !== 200) listErrors++;
      } catch {
        listErrors++;
      }
      return performance.now() - s;
    };
    // baseline: the same request on the idle server (a few hundred events stored)
    for (let i = 0; i < 300; i++) await sink.publish(firing(cams, i));
    const baseline: number[] = [];
    for (let i = 0; i < 40; i++) baseline.push(await listOnce());

    const total = INGEST_S * RATE;
    let published = 0;
    let failed = 0;
    const inflight = new Set<Promise<unknown>>();
    const start = performance.now();
    const during: number[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const s = performance.now();
        during.push(await listOnce());
        const wait = 100 - (performance.now() - s);
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
    })();
    // Paced: every 10 ms tick publishes what the schedule says is due by now.
    let next = 0;
    while (next < total) {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * RATE));
      for (; next < due; next++) {
        const p = sink.publish(firing(cams, 1000 + next)).then(
          () => {
            published++;
          },
          () => {
            failed++;
          },
        );
        inflight.add(p);
        void p.finally(() => inflight.delete(p));
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    await Promise.all([...inflight]);
    const elapsed = (performance.now() - start) / 1000;
    polling = false;
    await poller;
    const db = t.server.container.db.kysely;
    const stats = await db
      .selectFrom('events')
      .select((eb) => [eb.fn.countAll().as('n'), eb.fn.count('track_id').distinct().as('d')])
      .where('track_id', 'like', 'ing-%')
      .executeTakeFirstOrThrow();
    const stored = Number(stats.n);
    const distinct = Number(stats.d);
    const ingested = distinct;
    const lost = published - distinct + 0;
    const duplicated = stored - distinct;
    log(`(a) ingest: ${published} published (${failed} refused) in ${elapsed.toFixed(1)} s = ${(published / elapsed).toFixed(0)}/s (target ${RATE}/s for ${INGEST_S} s)`);
    log(`(a) stored ${stored}, distinct ${distinct}: lost=${lost} duplicated=${duplicated}`);
    log(`(a) GET /api/events?limit=50 p95: idle ${fmt(p95(baseline))} ms (n=${baseline.length}), during ingest ${fmt(p95(during))} ms (n=${during.length}, ${listErrors} failed); ratio ${(p95(during) / Math.max(0.001, p95(baseline))).toFixed(2)}x`);
    return { ingested, lost: lost + failed, duplicated };
  } finally {
    await t.close();
  }
}

function firing(cams: string[], i: number) {
  return {
    cameraId: cams[i % cams.length] ?? '',
    origin: { kind: 'rule' as const, taskId: 'tsk_bench', ruleId: `rul_${i % 5}`, ruleName: `Rule ${i % 5}` },
    type: i % 3 ? 'intrusion' : 'loitering',
    className: i % 4 ? 'person' : 'car',
    trackId: i >= 1000 ? `ing-${i}` : `warm-${i}`,
    severity: 'minor' as const,
    occurredAtMs: Date.now(),
    confidence: 0.5 + (i % 50) / 100,
    boxes: [{ x: 0.1, y: 0.1, w: 0.2, h: 0.4, className: 'person', confidence: 0.7 }],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// (b) 10 M events: generation (cached) and filtered list queries
// ---------------------------------------------------------------------------------------------------------------
const CAMERAS = 200;
const REGIONS = 4;
const STORES = 5; // per region
const SPAN_MS = 30 * 86_400_000;
const T_END = Date.UTC(2026, 0, 31);
const T_START = T_END - SPAN_MS;
const TYPES = ['intrusion', 'loitering', 'crossing', 'crowd', 'left_behind', 'removed'];


/** Generation as SQL expressions of the row number x (1..N), identical in both dialects' spirit. */
function rowExpressions(dialect: 'sqlite' | 'postgres', x: string) {
  const mod = (a: string, n: number) => (dialect === 'sqlite' ? `(${a} % ${n})` : `(${a} % ${n})`);
  const cam = mod(x, CAMERAS);
  const store = mod(cam, REGIONS * STORES);
  const concat = (...parts: string[]) => parts.join(' || ');
  const idiv = (a: string, b: number) => (dialect === 'sqlite' ? `(${a} / ${b})` : `(${a} / ${b})`);
  const occurred = `(${T_START} + ${x}::bigint * ${Math.floor(SPAN_MS / ROWS)})`.replace('::bigint', dialect === 'sqlite' ? '' : '::bigint');
  const pick = (list: string[], expr: string) => `(case ${expr} ${list.map((v, i) => `when ${i} then '${v}'`).join(' ')} end)`;
  // states: 10 % new, the rest reviewed; classes: bicycle and dog rarer via a skewed pick
  const state = `(case when ${mod(`${x} * 7`, 10)} = 0 then 'new' when ${mod(x, 3)} = 0 then 'false_alarm' when ${mod(x, 3)} = 1 then 'confirmed' else 'resolved' end)`;
  const cls = `(case when ${mod(x, 50)} = 0 then 'bicycle' when ${mod(x, 50)} = 1 then 'dog' when ${mod(x, 5)} < 3 then 'person' when ${mod(x, 5)} = 3 then 'car' else 'truck' end)`;
  const text = (e: string) => (dialect === 'sqlite' ? `cast(${e} as text)` : `(${e})::text`);
  return {
    id: concat(`'evt_'`, text(x)),
    camera_id: concat(`'cam_'`, text(cam)),
    camera_name: concat(`'Camera '`, text(cam)),
    domain_path: concat(`'/root/r'`, text(idiv(store, STORES)), `'/s'`, text(mod(store, STORES)), `'/'`),
    rule_id: concat(`'rul_'`, text(mod(x, 40))),
    type: pick(TYPES, mod(idiv(x, 7), TYPES.length)),
    class_name: cls,
    state,
    occurred,
  };
}

/** Raw SQL on the bench database (better-sqlite3 / pg directly: bulk statements, no query builder). */
interface Raw {
  run(text: string): Promise<void>;
  rows<T>(text: string): Promise<T[]>;
  close(): Promise<void>;
}

async function rawOf(dialect: 'sqlite' | 'postgres'): Promise<Raw> {
  if (dialect === 'sqlite') {
    const d = new SqliteDatabase(sqliteFile());
    d.pragma('journal_mode = WAL');
    d.pragma('synchronous = OFF');
    d.pragma('cache_size = -262144');
    return {
      run: (text) => {
        d.exec(text);
        return Promise.resolve();
      },
      rows: <T>(text: string) => Promise.resolve(d.prepare(text).all() as T[]),
      close: () => {
        d.close();
        return Promise.resolve();
      },
    };
  }
  const c = new pg.Client({ connectionString: pgBenchUrl() });
  await c.connect();
  await c.query(`set maintenance_work_mem = '512MB'`);
  return {
    run: async (text) => {
      await c.query(text);
    },
    rows: async <T>(text: string) => (await c.query(text)).rows as T[],
    close: () => c.end(),
  };
}

const sqliteFile = () => path.resolve(`data/bench-events/events-${ROWS}.db`);
/**
 * The PostgreSQL bench data lives in its own database (argus_bench_events_<rows>), never in a schema of the test
 * database: Kysely's migrator looks for its lock table in every schema it can see, so a long-lived schema there would
 * disturb other suites' migrations.
 */
const pgDatabase = () => `argus_bench_events_${ROWS}`;
const pgBenchUrl = () => POSTGRES_URL.replace(/\/[^/?]*(\?.*)?$/, `/${pgDatabase()}$1`);

async function ensurePgDatabase(): Promise<void> {
  const c = new pg.Client({ connectionString: POSTGRES_URL });
  await c.connect();
  try {
    const found = await c.query('select 1 from pg_database where datname = $1', [pgDatabase()]);
    if (found.rowCount === 0) await c.query(`create database "${pgDatabase()}"`);
  } finally {
    await c.end();
  }
}

async function generate(db: Raw, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const e = rowExpressions(dialect, 'x');
  const indexes = await indexDefinitions(db, dialect);
  for (const ix of indexes) await db.run(`drop index ${ix.name}`);
  const chunk = 1_000_000;
  for (let from = 1; from <= ROWS; from += chunk) {
    const to = Math.min(ROWS, from + chunk - 1);
    const s = performance.now();
    const source =
      dialect === 'sqlite'
        ? `with recursive c(x) as (select ${from} union all select x + 1 from c where x < ${to}) select x from c`
        : `select x from generate_series(${from}::bigint, ${to}::bigint) as x`;
    await db.run(
        `insert into events (id, camera_id, camera_name, domain_path, origin_kind, task_id, rule_id, rule_name, type, class_name, track_id, severity, state, count,
          first_ms, last_ms, occurred_ms, created_ms, confidence, boxes, details, dedup_key, created_at)
         select ${e.id}, ${e.camera_id}, ${e.camera_name}, ${e.domain_path}, 'rule', 'tsk_1', ${e.rule_id}, 'Rule', ${e.type}, ${e.class_name}, null, 'minor', ${e.state}, 1,
          ${e.occurred}, ${e.occurred}, ${e.occurred}, ${e.occurred}, 0.8, '[]', '{}', ${e.camera_id}, '2026-01-01T00:00:00.000Z'
         from (${source}) as g`,
    );
    log(`  ${dialect}: rows ${from}..${to} in ${((performance.now() - s) / 1000).toFixed(1)} s`);
  }
  for (const ix of indexes) {
    const s = performance.now();
    await db.run(ix.sql);
    log(`  ${dialect}: index ${ix.name} in ${((performance.now() - s) / 1000).toFixed(1)} s`);
  }
  await db.run(dialect === 'sqlite' ? 'analyze' : 'analyze events');
}

async function indexDefinitions(db: Raw, dialect: 'sqlite' | 'postgres'): Promise<Array<{ name: string; sql: string }>> {
  if (dialect === 'sqlite') {
    const rows = await db.rows<{ name: string; sql: string | null }>(`select name, sql from sqlite_master where type = 'index' and tbl_name = 'events'`);
    return rows.filter((r) => r.sql !== null).map((r) => ({ name: r.name, sql: r.sql ?? '' }));
  }
  const rows = await db.rows<{ indexname: string; indexdef: string }>(
    `select indexname, indexdef from pg_indexes where tablename = 'events' and schemaname = current_schema() and indexname not like '%pkey' and indexname not like '%_key'`,
  );
  return rows.map((r) => ({ name: r.indexname, sql: r.indexdef }));
}

async function countRows(db: Raw): Promise<number> {
  const r = await db.rows<{ n: number | string }>('select count(*) as n from events');
  return Number(r[0]?.n ?? 0);
}

async function openBenchDb(dialect: 'sqlite' | 'postgres'): Promise<Db> {
  if (dialect === 'sqlite') {
    const dir = path.resolve('data/bench-events');
    mkdirSync(dir, { recursive: true });
    const db = await openDb({ url: `sqlite:${sqliteFile()}`, dataDir: dir });
    await migrate(db);
    return db;
  }
  await ensurePgDatabase();
  const db = await openDb({ url: pgBenchUrl(), dataDir: 'data' });
  await migrate(db);
  return db;
}

function queries(): Array<{ name: string; filter: (i: number) => EventFilter }> {
  const limit = 51;
  return [
    { name: 'last hour', filter: (i) => ({ scope: null, fromMs: T_END - 3_600_000 - i * 60_000, toMs: T_END - i * 60_000, limit }) },
    { name: 'one camera', filter: (i) => ({ scope: null, cameraIds: [`cam_${(i * 37) % CAMERAS}`], limit }) },
    { name: 'domain subtree (region)', filter: (i) => ({ scope: null, domainPrefix: `/root/r${i % REGIONS}/`, limit }) },
    { name: 'scoped user (store) + last day', filter: (i) => ({ scope: [`/root/r${i % REGIONS}/s${i % STORES}/`], fromMs: T_END - 86_400_000, limit }) },
    { name: 'state new + type', filter: (i) => ({ scope: null, state: 'new', type: TYPES[i % TYPES.length] ?? 'intrusion', limit }) },
    { name: 'class (rare: bicycle)', filter: () => ({ scope: null, className: 'bicycle', limit }) },
    // cameras 5, 15, …, 185 record persons (in the generated data cameras 0, 50, 100, 150 record bicycles only; a
    // camera + class filter that matches nothing walks that camera's whole history: ~200 ms at 50 000 events)
    { name: 'class person + camera page 2', filter: (i) => ({ scope: null, className: 'person', cameraIds: [`cam_${5 + 10 * (i % 19)}`], cursor: { occurredMs: T_END - 5 * 86_400_000, id: 'evt_z' }, limit }) },
  ];
}

async function listAt10M(dialect: 'sqlite' | 'postgres'): Promise<number | null> {
  const db = await openBenchDb(dialect);
  const raw = await rawOf(dialect);
  try {
    const n = await countRows(raw);
    if (n !== ROWS) {
      if (n > 0) await raw.run('delete from events');
      log(`(b) ${dialect}: generating ${ROWS} events (cached for later runs) …`);
      const s = performance.now();
      await generate(raw, dialect);
      log(`(b) ${dialect}: generated in ${((performance.now() - s) / 1000).toFixed(0)} s`);
    } else log(`(b) ${dialect}: re-using the cached ${n} events`);
    const repo = new EventsRepo(db.kysely);
    // baseline: a primary-key lookup of one row in the same database
    const base: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const s = performance.now();
      await repo.byId(`evt_${1 + ((i * 7919) % ROWS)}`);
      base.push(performance.now() - s);
    }
    const all: number[] = [];
    for (const q of queries()) {
      await repo.list(q.filter(0)); // warm the cache once
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < SAMPLES; i++) {
        const s = performance.now();
        rows = (await repo.list(q.filter(i))).length;
        times.push(performance.now() - s);
      }
      all.push(...times);
      log(`(b) ${dialect} ${q.name.padEnd(32)} p95 ${fmt(p95(times)).padStart(7)} ms  (${rows} rows/page, ${(p95(times) / Math.max(0.001, p95(base))).toFixed(1)}x a primary-key lookup)`);
    }
    log(`(b) ${dialect}: primary-key lookup p95 ${fmt(p95(base))} ms; all list queries p95 ${fmt(p95(all))} ms`);
    return p95(all);
  } finally {
    await raw.close();
    await db.close();
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const a = await ingest();
  const sqlite = await listAt10M('sqlite');
  let postgres: number | null = null;
  const pgMissing = values['skip-postgres'] ? 'skipped' : await postgresAvailable();
  if (pgMissing) log(`(b) postgres: ${pgMissing}`);
  else postgres = await listAt10M('postgres');
  log(`total ${((performance.now() - started) / 1000).toFixed(0)} s; rows=${ROWS}${existsSync('data/bench-events') ? ` (cache: data/bench-events/ and the PostgreSQL database ${pgDatabase()})` : ''}`);
  const ms = (v: number | null) => (v === null ? 'n/a' : fmt(v));
  log(`events: ingested=${a.ingested} lost=${a.lost} duplicated=${a.duplicated}; list p95 at 10M: sqlite=${ms(sqlite)}ms postgres=${ms(postgres)}ms`);
}

await main();
process.exit(0);
