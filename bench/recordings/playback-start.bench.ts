/**
 * Playback start with a big segment index: the time from the playlist request for an arbitrary moment to the first
 * media bytes of its first segment (HTTP, session cookie, access check, audit entry, index query, blob range read),
 * with 1 000 000 generated index rows, against a bare SELECT of the same row in the same run.
 *
 *   node --import tsx bench/recordings/playback-start.bench.ts [--rows 1000000] [--samples 300] [--postgres]
 *
 * The rows point at a handful of real fragmented-MP4 segments (cut from a shared clip) through a blob store that
 * maps every key onto one of them, so every byte range served is a real file read.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { sharedDatasetsDir } from '@argus/media';
import { startServer } from '../../apps/server/src/boot';
import { loadConfig } from '../../apps/server/src/config/load';
import type { BlobInfo, BlobStore } from '../../apps/server/src/adapters/blob/blob-store';
import { cutSegments } from '../../apps/server/test/support/recording/cut-segments';
import { dropSchema, POSTGRES_URL, postgresAvailable, uniqueSchema } from '../../apps/server/test/support/postgres';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, samples: { type: 'string', default: '300' }, postgres: { type: 'boolean', default: false } } });
const ROWS = Number(values.rows);
const SAMPLES = Number(values.samples);
const CAMERAS = 20;
const SEG_MS = 4000;
const T0 = Date.UTC(2026, 0, 1);
const PASSWORD = 'bench-password-1';

/** Every key rec/<cam>/<n>.mp4 is template n % templates.length: real bytes, no million files on disk. */
class TemplateBlobStore implements BlobStore {
  readonly kind = 'bench-local';
  constructor(private readonly files: string[], private readonly sizes: number[]) {}
  private pick(key: string): number {
    const n = Number(/(\d+)\.mp4$/.exec(key)?.[1] ?? 0);
    return n % this.files.length;
  }
  async put(): Promise<BlobInfo> {
    throw new Error('read-only');
  }
  async get(key: string): Promise<Buffer | null> {
    return readFile(this.files[this.pick(key)]!);
  }
  async stream(key: string, range?: { start: number; end?: number }): Promise<Readable | null> {
    return createReadStream(this.files[this.pick(key)]!, range ? { start: range.start, ...(range.end !== undefined ? { end: range.end } : {}) } : {});
  }
  async stat(key: string): Promise<BlobInfo | null> {
    return { key, size: this.sizes[this.pick(key)]!, modifiedAt: new Date().toISOString() };
  }
  async delete(): Promise<boolean> {
    return false;
  }
  async list(): Promise<BlobInfo[]> {
    return [];
  }
  async close(): Promise<void> {}
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const ms = (x: number) => `${x.toFixed(2)} ms`;

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'argus-bench-playback-'));
  let schema: string | undefined;
  if (values.postgres) {
    const why = await postgresAvailable();
    if (why) throw new Error(why);
    schema = uniqueSchema('argus_bench');
  }
  try {
    const clip = path.join(sharedDatasetsDir(), 'videos/intel_one-by-one-person-detection.mp4');
    const templates = await cutSegments(clip, dataDir, { seconds: 4, startMs: 0, sourceId: 'tpl', sessionId: 'tpl', maxSeconds: 40 });
    const files = templates.map((t) => t.file);
    const sizes = await Promise.all(files.map(async (f) => (await stat(f)).size));
    const config = loadConfig({
      env: {},
      overrides: {
        dataDir,
        'server.port': 0,
        'server.logLevel': 'silent',
        'demo.enabled': false,
        'recording.enabled': false,
        'recording.retention.intervalSeconds': 86_400,
        ...(schema ? { 'database.url': POSTGRES_URL, 'database.schema': schema } : {}),
      },
    });
    const server = await startServer(config, { blobs: new TemplateBlobStore(files, sizes), logger: false });
    try {
      const c = server.container;
      await c.setup.createFirstAdmin({ username: 'admin', password: PASSWORD });
      const signIn = await fetch(`${server.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) });
      const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
      const root = await c.domains.ensureRoot();
      const cameraIds: string[] = [];
      for (let i = 0; i < CAMERAS; i++) {
        const r = await fetch(`${server.url}/api/cameras`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ domainId: root.id, name: `bench ${i}`, kind: 'rtsp', mainUrl: `rtsp://127.0.0.1:9/${i}` }) });
        cameraIds.push(((await r.json()) as { id: string }).id);
      }

      // 1 000 000 rows: CAMERAS cameras × ROWS/CAMERAS consecutive 4-second segments, a new session every 900.
      const perCamera = Math.ceil(ROWS / CAMERAS);
      let queryPlan = '';
      const genStart = performance.now();
      if (c.db.dialect === 'sqlite') {
        const raw = new SqliteDatabase(path.join(dataDir, 'argus.db'));
        raw.pragma('journal_mode = WAL');
        const insert = raw.prepare(
          `insert into recording_segments (id, camera_id, start_ms, end_ms, duration_ms, size_bytes, video_codec, width, height, has_audio, init_size, sha256, storage_key, session_id, sequence, recovered, keep_until, created_at)
           values (?, ?, ?, ?, ?, ?, 'h264', 768, 432, 0, ?, ?, ?, ?, ?, 0, null, '2026-01-01T00:00:00.000Z')`,
        );
        const tx = raw.transaction((cam: string, ci: number) => {
          for (let n = 0; n < perCamera; n++) {
            const tpl = templates[n % templates.length]!;
            const start = T0 + n * SEG_MS;
            insert.run(`seg_b${ci.toString(36)}x${n.toString(36)}`, cam, start, start + SEG_MS, SEG_MS, sizes[n % templates.length], tpl.initSize, tpl.sha256, `rec/${cam}/${n}.mp4`, `s${Math.floor(n / 900)}`, n % 900);
          }
        });
        cameraIds.forEach((cam, ci) => tx(cam, ci));
        raw.exec('analyze');
        queryPlan = raw
          .prepare(`explain query plan select * from recording_segments where camera_id = ? and start_ms >= ? and start_ms < ? and end_ms > ? order by start_ms, id limit 50000`)
          .all(cameraIds[0], T0, T0 + 3_600_000, T0)
          .map((r) => (r as { detail: string }).detail)
          .join(' | ');
        raw.close();
      } else {
        // Server-side generation; template n % k through a CASE over the real sizes and init sizes.
        const client = new pg.Client({ connectionString: POSTGRES_URL });
        await client.connect();
        try {
          await client.query(`set search_path to "${schema}"`);
          const sizeCase = `case n % ${templates.length} ${sizes.map((s, i) => `when ${i} then ${s}`).join(' ')} end`;
          const initCase = `case n % ${templates.length} ${templates.map((t, i) => `when ${i} then ${t.initSize}`).join(' ')} end`;
          for (const [ci, cam] of cameraIds.entries()) {
            await client.query(
              `insert into recording_segments (id, camera_id, start_ms, end_ms, duration_ms, size_bytes, video_codec, width, height, has_audio, init_size, sha256, storage_key, session_id, sequence, recovered, keep_until, created_at)
               select 'seg_b' || $1 || 'x' || n, $2, $3::bigint + n * ${SEG_MS}, $3::bigint + n * ${SEG_MS} + ${SEG_MS}, ${SEG_MS}, ${sizeCase}, 'h264', 768, 432, 0, ${initCase}, $4,
                      'rec/' || $2 || '/' || n || '.mp4', 's' || (n / 900), n % 900, 0, null, '2026-01-01T00:00:00.000Z'
               from generate_series(0, $5::int - 1) as n`,
              [ci.toString(36), cam, T0, templates[0]!.sha256, perCamera],
            );
          }
          await client.query('analyze recording_segments');
          const plan = await client.query(`explain select * from recording_segments where camera_id = $1 and start_ms >= $2 and start_ms < $3 and end_ms > $2 order by start_ms, id limit 50000`, [cameraIds[0], T0, T0 + 3_600_000]);
          queryPlan = plan.rows.map((r: Record<string, string>) => String(Object.values(r)[0]).trim()).join(' | ');
        } finally {
          await client.end();
        }
      }
      const total = (await c.segmentIndex.usage()).reduce((n, u) => n + u.segments, 0);
      console.log(`generated ${total} index rows (${CAMERAS} cameras × ${perCamera} segments of 4 s = ${((perCamera * SEG_MS) / 86_400_000).toFixed(1)} days each) in ${((performance.now() - genStart) / 1000).toFixed(1)} s on ${c.db.dialect}`);

      console.log(`query plan of the playlist query: ${queryPlan}`);

      let seed = 12345;
      const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
      const moments = Array.from({ length: SAMPLES }, () => ({ cam: cameraIds[Math.floor(rnd() * CAMERAS)]!, at: T0 + Math.floor(rnd() * (perCamera - 1000)) * SEG_MS + Math.floor(rnd() * SEG_MS) }));

      const playbackStart = async (m: { cam: string; at: number }) => {
        const t = performance.now();
        const pl = await fetch(`${server.url}/api/cameras/${m.cam}/playback.m3u8?from=${m.at}&to=${m.at + 3_600_000}`, { headers: { cookie } });
        if (pl.status !== 200) throw new Error(`playlist: ${pl.status} ${await pl.text()}`);
        const lines = (await pl.text()).split('\n');
        const i = lines.findIndex((l) => l.startsWith('../../recordings/segments/'));
        const range = /^#EXT-X-BYTERANGE:(\d+)@(\d+)$/.exec(lines[i - 1] ?? '');
        if (!range) throw new Error('no byte range in the playlist');
        const seg = await fetch(`${server.url}/api/${lines[i]!.slice('../../'.length)}`, { headers: { cookie, range: `bytes=${range[2]}-${Number(range[2]) + Number(range[1]) - 1}` } });
        if (seg.status !== 206) throw new Error(`segment: ${seg.status}`);
        const reader = seg.body!.getReader();
        const first = await reader.read();
        const elapsed = performance.now() - t;
        if (!first.value || first.value.length === 0) throw new Error('no bytes');
        await reader.cancel();
        return elapsed;
      };
      const bareSelect = async (m: { cam: string; at: number }) => {
        const t = performance.now();
        // The same index seek the playlist query starts with, returning just the row at the moment.
        const row = await c.segmentIndex.firstEndingAfter(m.cam, m.at);
        const elapsed = performance.now() - t;
        if (!row) throw new Error('no row');
        return elapsed;
      };
      const health = async () => {
        const t = performance.now();
        const r = await fetch(`${server.url}/api/health/live`);
        await r.arrayBuffer();
        return performance.now() - t;
      };
      for (const m of moments.slice(0, 20)) await playbackStart(m); // warm-up
      const full: number[] = [];
      const bare: number[] = [];
      const http: number[] = [];
      for (const m of moments) {
        bare.push(await bareSelect(m));
        full.push(await playbackStart(m));
        http.push(await health());
      }
      console.log(`bare SELECT of the segment at the moment: p50 ${ms(pct(bare, 50))}, p95 ${ms(pct(bare, 95))}`);
      console.log(`HTTP round trip (GET /api/health/live):   p50 ${ms(pct(http, 50))}, p95 ${ms(pct(http, 95))}`);
      console.log(`playback start (playlist → first bytes):  p50 ${ms(pct(full, 50))}, p95 ${ms(pct(full, 95))}, max ${ms(Math.max(...full))} over ${SAMPLES} random moments`);
      console.log(
        `playback start: p95 ${ms(pct(full, 95))} with ${total} indexed segments (${c.db.dialect}); goal < 300 ms; ` +
          `${(pct(full, 50) / pct(bare, 50)).toFixed(1)}x a bare SELECT of the same row, ${(pct(full, 50) / pct(http, 50)).toFixed(1)}x an HTTP round trip`,
      );
    } finally {
      await server.close();
    }
  } finally {
    if (schema) await dropSchema(schema);
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
