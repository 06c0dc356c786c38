import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CONTRACT_DATABASES } from './support/contract-dbs';
import { migrate, type Db } from '../src/adapters/db';
import { AuditService } from '../src/features/audit/audit.service';
import { CamerasRepo } from '../src/features/cameras/cameras.repo';
import { DomainsRepo } from '../src/features/domains/domains.repo';
import { DomainsService } from '../src/features/domains/domains.service';
import { UsersRepo } from '../src/features/users/users.repo';
import { Access } from '@argus/domain';

/**
 * One contract for the metadata database, run against every dialect: migrations, the tree, constraints,
 * transactions, filters and ordering must behave the same on SQLite and PostgreSQL.
 */
function dbContract(name: string, open: () => Promise<{ db: Db; cleanup: () => Promise<void> } | string>) {
  describe(`metadata database contract: ${name}`, () => {
    let db: Db;
    let cleanup: () => Promise<void> = async () => undefined;
    let skip: string | undefined;
    let now = Date.parse('2026-01-01T00:00:00Z');
    const clock = { now: () => (now += 1000) };
    before(async () => {
      const r = await open();
      if (typeof r === 'string') skip = r;
      else ({ db, cleanup } = r);
    });
    after(async () => {
      if (db) await db.close();
      await cleanup();
    });
    const guard = (t: { skip: (m: string) => void }) => {
      if (skip) t.skip(skip);
      return !skip;
    };

    it('applies migrations once', async (t) => {
      if (!guard(t)) return;
      assert.deepEqual(await migrate(db), [], 'already migrated by open');
      await db.ping();
    });

    it('keeps the domain tree consistent through moves', async (t) => {
      if (!guard(t)) return;
      const audit = new AuditService(db.kysely, clock);
      const repo = new DomainsRepo(db.kysely);
      const domains = new DomainsService(repo, audit, clock);
      const root = await domains.ensureRoot();
      assert.equal((await domains.ensureRoot()).id, root.id, 'one root only');
      const ctx = { access: new Access({ kind: 'user', userId: 'u', username: 'u' }, [{ domainId: root.id, domainPath: root.path, role: 'administrator' }]), actor: { id: 'u', name: 'u', kind: 'user' as const, ip: '' } };
      const a = await domains.create(ctx, { parentId: root.id, name: 'A' });
      const b = await domains.create(ctx, { parentId: root.id, name: 'B' });
      const a1 = await domains.create(ctx, { parentId: a.id, name: 'A1' });
      const a11 = await domains.create(ctx, { parentId: a1.id, name: 'A11' });
      await domains.update(ctx, a1.id, { parentId: b.id });
      const moved = await repo.byId(a11.id);
      assert.equal(moved?.path, `${root.path}${b.id}/${a1.id}/${a11.id}/`);
      assert.deepEqual((await repo.within([`${root.path}${b.id}/`])).map((d) => d.name), ['B', 'A1', 'A11']);
      assert.deepEqual((await repo.within([`${root.path}${a.id}/`])).map((d) => d.name), ['A']);
      const usage = await repo.usage(b.id);
      assert.deepEqual(usage, { children: 1, cameras: 0, groups: 0 });
    });

    it('enforces unique and foreign keys, and rolls back failed transactions', async (t) => {
      if (!guard(t)) return;
      const users = new UsersRepo(db.kysely);
      const root = await new DomainsRepo(db.kysely).root();
      const row = { id: 'usr_contract1', username: 'contract', display_name: 'C', password_hash: 'x', disabled: 0, created_at: 'a', updated_at: 'a', last_sign_in_at: null };
      await users.insert(row);
      await assert.rejects(users.insert({ ...row, id: 'usr_contract2' }), 'duplicate user name');
      await users.replaceGrants(row.id, [], [{ id: 'grt_c1', domainId: root!.id, role: 'viewer', createdAt: 'a' }]);
      await assert.rejects(
        users.replaceGrants(row.id, [root!.id], [{ id: 'grt_c2', domainId: 'dom_missing', role: 'viewer', createdAt: 'a' }]),
        'a grant on a missing domain violates the foreign key',
      );
      const grants = await users.grants([row.id]);
      assert.equal(grants.length, 1, 'the delete inside the failed transaction was rolled back');
      assert.equal(grants[0]?.role, 'viewer');
      await users.delete(row.id);
      assert.equal((await users.grants([row.id])).length, 0, 'grants cascade with their user');
    });

    it('filters cameras the same way (scope, text case-insensitively, tags, paging)', async (t) => {
      if (!guard(t)) return;
      const repo = new CamerasRepo(db.kysely);
      const root = (await new DomainsRepo(db.kysely).root())!;
      const base = { domain_id: root.id, kind: 'rtsp', sub_url: null, username: null, password_enc: null, location: '{}', description: '', enabled: 1, last_probe: null, created_at: 'a', updated_at: 'a' };
      for (let i = 0; i < 25; i++) {
        await repo.insert({ ...base, id: `cam_c${String(i).padStart(2, '0')}`, name: `Cam ${String(i).padStart(2, '0')}`, main_url: `rtsp://h/${i}`, tags: JSON.stringify(i % 2 ? ['odd'] : ['even']) });
      }
      await assert.rejects(repo.insert({ ...base, id: 'cam_dup', name: 'Cam 01', main_url: 'rtsp://h/d', tags: '[]' }), 'name unique per domain');
      const all = await repo.list({ scope: [root.path], limit: 10, offset: 10 });
      assert.equal(all.total, 25);
      assert.deepEqual(all.rows.map((r) => r.name).slice(0, 2), ['Cam 10', 'Cam 11']);
      assert.equal((await repo.list({ scope: [root.path], q: 'cAM 2', limit: 100, offset: 0 })).total, 5);
      assert.equal((await repo.list({ scope: [root.path], q: '%', limit: 100, offset: 0 })).total, 0, 'LIKE wildcards are escaped');
      await repo.insert({ ...base, id: 'cam_pct', name: 'Dock 100%_b', main_url: 'rtsp://h/p', tags: '[]' });
      assert.deepEqual((await repo.list({ scope: [root.path], q: '0%_', limit: 100, offset: 0 })).rows.map((r) => r.name), ['Dock 100%_b']);
      await repo.delete('cam_pct');
      assert.equal((await repo.list({ scope: [root.path], tag: 'odd', limit: 100, offset: 0 })).total, 12);
      assert.equal((await repo.list({ scope: ['/nowhere/'], limit: 100, offset: 0 })).total, 0);
    });

    it('pages the audit log newest first without gaps or repeats', async (t) => {
      if (!guard(t)) return;
      const audit = new AuditService(db.kysely, { now: () => Date.parse('2026-02-01T00:00:00Z') });
      for (let i = 0; i < 7; i++) await audit.record({ id: null, name: 'sys', kind: 'system', ip: '' }, { action: 'contract.same-ms', targetType: 'x', details: { i } });
      const root = (await new DomainsRepo(db.kysely).root())!;
      const access = new Access({ kind: 'user', userId: 'u', username: 'u' }, [{ domainId: root.id, domainPath: root.path, role: 'auditor' }]);
      const seen: number[] = [];
      let cursor: string | undefined;
      do {
        const page = await audit.list(access, root.path, { action: 'contract.same-ms', limit: 3, ...(cursor ? { cursor } : {}) });
        seen.push(...page.items.map((e) => e.details.i as number));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      assert.deepEqual([...seen].sort(), [0, 1, 2, 3, 4, 5, 6]);
    });
  });
}

for (const { name, open } of CONTRACT_DATABASES) dbContract(name, () => open('contract'));
