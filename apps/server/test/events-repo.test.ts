import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Db } from '../src/adapters/db';
import { EventCenter } from '../src/features/events/event-center';
import type { EventNotice, NewEvent } from '../src/features/events/event-port';
import { EventsRepo } from '../src/features/events/events.repo';
import { CONTRACT_DATABASES } from './support/contract-dbs';

// The camera lookup is the only stand-in here: a port (id → name + domain path) the module wires to CamerasRepo.
const CAMERAS: Record<string, { name: string; domainPath: string }> = {
  cam_a: { name: 'Gate A', domainPath: '/root/ra/' },
  cam_a2: { name: 'Yard A', domainPath: '/root/ra/sub/' },
  cam_b: { name: 'Gate B', domainPath: '/root/rb/' },
};
const lookup = (id: string) => Promise.resolve(CAMERAS[id]);
const now = Date.UTC(2026, 0, 1);
const clock = { now: () => now };

const firing = (over: Partial<NewEvent> = {}): NewEvent => ({
  cameraId: 'cam_a',
  origin: { kind: 'rule', taskId: 'tsk_1', ruleId: 'rul_1', ruleName: 'Fence' },
  type: 'intrusion',
  className: 'person',
  trackId: 't1',
  severity: 'major',
  occurredAtMs: now,
  confidence: 0.5,
  boxes: [{ x: 0.1, y: 0.2, w: 0.3, h: 0.4, className: 'person', confidence: 0.5 }],
  ...over,
});

for (const dbKind of CONTRACT_DATABASES) {
  describe(`event store contract (${dbKind.name})`, async () => {
    const opened = await dbKind.open('events-repo');
    const skip = typeof opened === 'string' ? opened : false;
    let db: Db;
    let repo: EventsRepo;
    let center: EventCenter;
    before(() => {
      if (typeof opened === 'string') return;
      db = opened.db;
      repo = new EventsRepo(db.kysely);
      center = new EventCenter(db.kysely, repo, lookup, clock, { defaultDedupWindowMs: 0 });
    });
    after(async () => {
      if (typeof opened === 'string') return;
      await opened.db.close();
      await opened.cleanup();
    });

    it('stores events with strictly increasing seq, readable through the log', { skip }, async () => {
      const start = await center.lastSeq();
      const a = await center.publish(firing({ trackId: 'seq1' }));
      const b = await center.publish(firing({ trackId: 'seq2', cameraId: 'cam_b' }));
      assert.equal(a.folded, false);
      assert.ok(b.event.seq > a.event.seq && a.event.seq > start);
      assert.equal(a.event.cameraName, 'Gate A');
      assert.equal(a.event.domainPath, '/root/ra/');
      assert.deepEqual(a.event.boxes, firing().boxes);
      assert.equal(await center.lastSeq(), b.event.seq);
      const log = await center.after(start, 10);
      assert.deepEqual(log.map((e) => e.id), [a.event.id, b.event.id]);
      assert.deepEqual((await center.after(b.event.seq, 10)).length, 0);
    });

    it('folds within the window, keeps the best snapshot, and starts anew after it or after review', { skip }, async () => {
      const t = now + 1_000_000;
      const key = { trackId: 'fold1', dedupWindowMs: 10_000 };
      const first = await center.publish(firing({ ...key, occurredAtMs: t, confidence: 0.4, snapshotKey: 's/1.jpg' }));
      const second = await center.publish(firing({ ...key, occurredAtMs: t + 5000, confidence: 0.9, snapshotKey: 's/2.jpg' }));
      const third = await center.publish(firing({ ...key, occurredAtMs: t + 9000, confidence: 0.6, snapshotKey: 's/3.jpg' }));
      assert.equal(second.folded, true);
      assert.equal(third.event.id, first.event.id);
      assert.equal(third.event.count, 3);
      assert.equal(third.event.firstAtMs, t);
      assert.equal(third.event.lastAtMs, t + 9000);
      assert.equal(third.event.snapshotKey, 's/2.jpg');
      assert.equal(third.event.seq, first.event.seq, 'folding keeps the seq');
      const later = await center.publish(firing({ ...key, occurredAtMs: t + 30_000 }));
      assert.equal(later.folded, false);
      assert.notEqual(later.event.id, first.event.id);
      await db.kysely.updateTable('events').set({ state: 'confirmed', fold_key: null }).where('id', '=', later.event.id).execute();
      const afterReview = await center.publish(firing({ ...key, occurredAtMs: t + 31_000 }));
      assert.equal(afterReview.folded, false, 'a reviewed event no longer folds');
    });

    it('folds concurrent publishes of one key into one event, in one server and across two', { skip }, async () => {
      const t = now + 2_000_000;
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => center.publish(firing({ trackId: 'conc', dedupWindowMs: 60_000, occurredAtMs: t + i }))));
      assert.equal(new Set(results.map((r) => r.event.id)).size, 1);
      assert.equal(results.filter((r) => !r.folded).length, 1);
      const rows = await db.kysely.selectFrom('events').selectAll().where('dedup_key', '=', 'cam_a|rul_1|conc').execute();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.count, 20);
      // a second server on the same database (its own in-process queue): the unique fold_key makes them agree
      const other = new EventCenter(db.kysely, new EventsRepo(db.kysely), lookup, clock, { defaultDedupWindowMs: 0 });
      const both = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? center : other).publish(firing({ trackId: 'two', dedupWindowMs: 60_000, occurredAtMs: t + i }))));
      assert.equal(new Set(both.map((r) => r.event.id)).size, 1);
      const two = await db.kysely.selectFrom('events').select('count').where('dedup_key', '=', 'cam_a|rul_1|two').execute();
      assert.deepEqual(two.map((r) => r.count), [10]);
    });

    it('notifies listeners after commit; a throwing listener is isolated', { skip }, async () => {
      const seen: EventNotice[] = [];
      const off1 = center.subscribe(() => {
        throw new Error('bad listener');
      });
      const off2 = center.subscribe((n) => seen.push(n));
      const r = await center.publish(firing({ trackId: 'feed', dedupWindowMs: 5000 }));
      await center.publish(firing({ trackId: 'feed', dedupWindowMs: 5000 }));
      await new Promise((res) => setImmediate(res));
      off1();
      off2();
      assert.deepEqual(seen.map((n) => [n.kind, n.event.id]), [['created', r.event.id], ['updated', r.event.id]]);
      assert.ok(center.listenerErrors >= 2);
    });

    it('bounds the write queue (refusals counted) and closes idempotently after draining', { skip }, async () => {
      const small = new EventCenter(db.kysely, new EventsRepo(db.kysely), lookup, clock, { defaultDedupWindowMs: 0, maxQueue: 2 });
      const settled = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => small.publish(firing({ trackId: `q${i}` }))));
      const refused = settled.filter((r) => r.status === 'rejected');
      assert.ok(refused.length >= 1, 'a full queue refuses');
      assert.equal(small.refused, refused.length);
      assert.ok(refused.every((r) => r.status === 'rejected' && /overloaded/.test(String((r.reason as Error).message))));
      assert.ok(settled.some((r) => r.status === 'fulfilled'));
      await small.close();
      await small.close();
      await assert.rejects(small.publish(firing({ trackId: 'after-close' })), /shutting down/);
    });

    it('refuses invalid firings', { skip }, async () => {
      await assert.rejects(center.publish(firing({ type: 'Bad Type' })), /type/);
      await assert.rejects(center.publish(firing({ boxes: [{ x: 2, y: 0, w: 0.1, h: 0.1, className: 'p', confidence: 1 }] })), /boxes/);
      await assert.rejects(center.publish(firing({ cameraId: 'cam_none' })), /does not exist/);
      await assert.rejects(center.publish(firing({ confidence: 3 })), /confidence/);
    });

    it('lists newest first with scope, subtree, filters and a stable cursor', { skip }, async () => {
      const t = now + 5_000_000;
      for (let i = 0; i < 5; i++) await center.publish(firing({ cameraId: i % 2 ? 'cam_a2' : 'cam_b', type: 'listed', trackId: `l${i}`, occurredAtMs: t + i }));
      const all = await repo.list({ scope: null, type: 'listed', limit: 10 });
      assert.deepEqual(all.map((r) => Number(r.occurred_ms) - t), [4, 3, 2, 1, 0]);
      const scoped = await repo.list({ scope: ['/root/ra/'], type: 'listed', limit: 10 });
      assert.deepEqual(scoped.map((r) => r.camera_id), ['cam_a2', 'cam_a2']);
      assert.equal((await repo.list({ scope: [], limit: 10 })).length, 0);
      const sub = await repo.list({ scope: null, domainPrefix: '/root/ra/sub/', type: 'listed', limit: 10 });
      assert.equal(sub.length, 2);
      const page1 = await repo.list({ scope: null, type: 'listed', limit: 2 });
      const last = page1[1];
      assert.ok(last);
      const page2 = await repo.list({ scope: null, type: 'listed', limit: 2, cursor: { occurredMs: Number(last.occurred_ms), id: last.id } });
      assert.deepEqual(page2.map((r) => Number(r.occurred_ms) - t), [2, 1]);
      assert.equal((await repo.list({ scope: null, type: 'listed', className: 'car', limit: 10 })).length, 0);
      assert.equal((await repo.list({ scope: null, type: 'listed', q: 'yard', limit: 10 })).length, 2);
      assert.equal((await repo.list({ scope: null, type: 'listed', q: '100%_', limit: 10 })).length, 0);
    });
  });
}
