import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CONTRACT_DATABASES } from './support/contract-dbs';
import type { Db } from '../src/adapters/db';
import { ExportsRepo, type ExportJob } from '../src/features/exports/exports.repo';
import { clipRanges, mergeRanges } from '../src/features/recordings/ranges';
import { SegmentIndexRepo, type Segment } from '../src/features/recordings/segment-index.repo';

/** The segment index and export queries, the same on SQLite and PostgreSQL (bigint instants, window functions). */
function indexContract(name: string, open: () => Promise<{ db: Db; cleanup: () => Promise<void> } | string>) {
  describe(`recording index contract: ${name}`, () => {
    let db: Db;
    let repo: SegmentIndexRepo;
    let cleanup: () => Promise<void> = async () => undefined;
    let skip: string | undefined;
    before(async () => {
      const r = await open();
      if (typeof r === 'string') skip = r;
      else {
        ({ db, cleanup } = r);
        repo = new SegmentIndexRepo(db.kysely);
      }
    });
    after(async () => {
      if (db) await db.close();
      await cleanup();
    });
    const guard = (t: { skip: (m: string) => void }) => {
      if (skip) t.skip(skip);
      return !skip;
    };

    const t0 = Date.parse('2026-04-01T00:00:00Z');
    let n = 0;
    const seg = (cameraId: string, startMs: number, durationMs = 4000, extra: Partial<Segment> = {}): Segment => ({
      id: `seg_${(++n).toString(36).padStart(6, '0')}`,
      cameraId,
      startMs,
      endMs: startMs + durationMs,
      durationMs,
      sizeBytes: 3_000_000_000 + n,
      videoCodec: 'h264',
      width: 1920,
      height: 1080,
      hasAudio: false,
      initSize: 800,
      sha256: 'ab'.repeat(32),
      storageKey: `rec/${cameraId}/${startMs}-${n}.mp4`,
      sessionId: 's1',
      sequence: n,
      recovered: false,
      keepUntilMs: null,
      createdAt: '2026-04-01T00:00:00.000Z',
      ...extra,
    });

    it('stores epoch milliseconds and large sizes as numbers, and ignores a segment indexed twice', async (t) => {
      if (!guard(t)) return;
      const s = seg('cam_a', t0);
      assert.equal(await repo.insert(s), true);
      assert.equal(await repo.insert({ ...s, id: 'seg_other' }), false, 'same storage key: a re-delivered segment');
      const back = await repo.byId(s.id);
      assert.deepEqual(back, s);
      assert.equal(typeof back?.startMs, 'number');
      assert.equal((await repo.byStorageKey(s.storageKey))?.id, s.id);
    });

    it('finds the segments overlapping a range, including one that began before it', async (t) => {
      if (!guard(t)) return;
      for (let i = 1; i < 10; i++) await repo.insert(seg('cam_a', t0 + i * 4000));
      const got = await repo.overlapping('cam_a', t0 + 6000, t0 + 14_000);
      assert.deepEqual(got.map((s) => s.startMs - t0), [4000, 8000, 12_000]);
      assert.equal((await repo.firstEndingAfter('cam_a', t0 + 9000))?.startMs, t0 + 8000);
      assert.equal((await repo.newest('cam_a'))?.startMs, t0 + 36_000);
      assert.deepEqual(await repo.overlapping('cam_a', t0 + 40_000, t0 + 50_000), []);
      assert.deepEqual(await repo.overlapping('cam_none', t0, t0 + 50_000), []);
    });

    it('merges ranges in SQL exactly like the reference merge, across holes and sessions', async (t) => {
      if (!guard(t)) return;
      // cam_b: random segments with holes of 0-6 s and session changes.
      const pieces: Segment[] = [];
      let at = t0;
      let rnd = 7;
      const next = () => (rnd = (rnd * 48271) % 2147483647) / 2147483647;
      for (let i = 0; i < 300; i++) {
        const dur = 2000 + Math.floor(next() * 4000);
        const hole = next() < 0.2 ? Math.floor(next() * 6000) : 0;
        at += hole;
        pieces.push(seg('cam_b', at, dur, { sessionId: hole > 0 && next() < 0.5 ? `s${i}` : 's1' }));
        at += dur;
      }
      await repo.insertMany(pieces);
      for (const tolerance of [0, 1500, 5000]) {
        for (const [from, to] of [[t0, at], [t0 + 100_000, t0 + 400_000], [t0 - 10_000, t0 + 5_000]] as const) {
          const sql = clipRanges(await repo.ranges('cam_b', from, to, tolerance), from, to);
          const inRange = pieces.filter((p) => p.endMs > from && p.startMs < to);
          const ref = clipRanges(mergeRanges(inRange, tolerance), from, to);
          assert.deepEqual(sql, ref, `tolerance ${tolerance}, ${from - t0}..${to - t0}`);
        }
      }
    });

    it('answers which cameras have video in a range, and how much', async (t) => {
      if (!guard(t)) return;
      await repo.insert(seg('cam_c', t0 + 100_000, 10_000));
      const cov = await repo.coverage(['cam_a', 'cam_c', 'cam_none'], t0 + 30_000, t0 + 105_000);
      const byId = new Map(cov.map((c) => [c.cameraId, c]));
      assert.deepEqual([...byId.keys()].sort(), ['cam_a', 'cam_c']);
      assert.equal(byId.get('cam_a')?.coveredMs, 10_000, 'cam_a: 32-40 s of the window');
      assert.equal(byId.get('cam_a')?.segments, 3);
      assert.equal(byId.get('cam_c')?.coveredMs, 5_000, 'cam_c: clipped to the window');
      assert.deepEqual(await repo.coverage([], t0, t0 + 1), []);
    });

    it('gives retention usage and the oldest deletable segments, honouring keep_until', async (t) => {
      if (!guard(t)) return;
      const usage = new Map((await repo.usage()).map((u) => [u.cameraId, u]));
      assert.equal(usage.get('cam_a')?.segments, 10);
      assert.equal(usage.get('cam_a')?.oldestStartMs, t0);
      assert.ok((usage.get('cam_a')?.bytes ?? 0) > 30_000_000_000, 'bytes sum beyond 32 bits');
      assert.equal(await repo.keep('cam_a', t0, t0 + 8000, t0 + 1e9), 2);
      assert.equal(await repo.keep('cam_a', t0, t0 + 8000, t0 + 1e6), 0, 'keep only raises keep_until');
      const oldest = await repo.oldestDeletable('cam_a', t0 + 1e6, 3);
      assert.deepEqual(oldest.map((s) => s.startMs - t0), [8000, 12_000, 16_000]);
      assert.equal((await repo.oldestDeletable('cam_a', t0 + 2e9, 1))[0]?.startMs, t0, 'a past keep_until no longer protects');
      await repo.unkeep('cam_a', t0, t0 + 8000);
      assert.equal((await repo.oldestDeletable('cam_a', t0, 1))[0]?.startMs, t0);
      assert.equal(await repo.deleteByIds(oldest.map((s) => s.id)), 3);
      assert.equal((await repo.keysOf('cam_a')).length, 7);
    });

    it('keeps export jobs: progress, pins, expiry, sizes', async (t) => {
      if (!guard(t)) return;
      const exportsRepo = new ExportsRepo(db.kysely);
      const job = (id: string, extra: Partial<ExportJob> = {}): ExportJob => ({
        id, cameraId: 'cam_a', cameraName: 'A', domainPath: '/r/', state: 'queued', progress: 0, error: null, fromMs: t0, toMs: t0 + 60_000,
        actualFromMs: null, actualToMs: null, watermark: false, pinned: false, keepUntilMs: null, fileKey: null, fileSha256: null, fileSize: null,
        manifest: null, createdById: 'usr_1', createdByName: 'admin', createdAt: '2026-04-01T00:00:00.000Z', finishedAt: null, ...extra,
      });
      await exportsRepo.insert(job('exp_1'));
      await exportsRepo.insert(job('exp_2', { pinned: true, state: 'done', actualFromMs: t0, actualToMs: t0 + 8000, keepUntilMs: t0 + 1e9, fileSize: 5_000_000_000, createdAt: '2026-04-02T00:00:00.000Z' }));
      await exportsRepo.update('exp_1', { state: 'running', progress: 0.5 });
      const one = await exportsRepo.byId('exp_1');
      assert.equal(one?.state, 'running');
      assert.equal(one?.progress, 0.5);
      assert.deepEqual((await exportsRepo.byState(['queued', 'running'])).map((j) => j.id), ['exp_1']);
      assert.deepEqual((await exportsRepo.list({ cameraIds: ['cam_a'], limit: 10 })).map((j) => j.id), ['exp_2', 'exp_1']);
      assert.deepEqual(await exportsRepo.list({ cameraIds: [], limit: 10 }), []);
      assert.deepEqual((await exportsRepo.pinnedOverlapping('cam_a', t0 + 4000, t0 + 5000)).map((j) => j.id), ['exp_2']);
      assert.equal(await exportsRepo.totalBytes(), 5_000_000_000);
      await exportsRepo.update('exp_1', { state: 'done' });
      assert.deepEqual((await exportsRepo.expired(t0, '2026-04-03T00:00:00.000Z', 10)).map((j) => j.id), ['exp_1'], 'unpinned and old');
      assert.deepEqual((await exportsRepo.expired(t0 + 2e9, '2026-03-01T00:00:00.000Z', 10)).map((j) => j.id), ['exp_2'], 'pin over');
      await exportsRepo.delete('exp_1');
      assert.equal(await exportsRepo.byId('exp_1'), undefined);
    });
  });
}

for (const { name, open } of CONTRACT_DATABASES) indexContract(name, () => open('rec-index'));
