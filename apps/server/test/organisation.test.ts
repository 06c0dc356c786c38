import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from './support/harness';

describe('organisation tree and per-domain rights', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  it('builds company → region → store and moves a subtree', async () => {
    const north = (await t.admin.post('/api/domains', { parentId: t.rootDomainId, name: 'North' })).body;
    const south = (await t.admin.post('/api/domains', { parentId: t.rootDomainId, name: 'South' })).body;
    const store = await t.admin.post('/api/domains', { parentId: north.id, name: 'Store 12', description: 'High street' });
    assert.equal(store.status, 201);
    assert.equal(store.body.depth, 2);
    assert.equal((await t.admin.post('/api/domains', { parentId: north.id, name: 'Store 12' })).status, 409);
    const moved = await t.admin.patch(`/api/domains/${north.id}`, { parentId: south.id });
    assert.equal(moved.status, 200);
    const storeNow = (await t.admin.get(`/api/domains/${store.body.id}`)).body;
    assert.ok(storeNow.path.startsWith(moved.body.path), 'the store moved with its region');
    assert.equal(storeNow.depth, 3);
    assert.equal((await t.admin.patch(`/api/domains/${south.id}`, { parentId: store.body.id })).status, 409, 'no cycles');
    assert.equal((await t.admin.patch(`/api/domains/${t.rootDomainId}`, { parentId: south.id })).status, 409);
    assert.equal((await t.admin.delete(`/api/domains/${south.id}`)).status, 409, 'not empty');
    assert.equal((await t.admin.delete(`/api/domains/${store.body.id}`)).status, 204);
    assert.equal((await t.admin.get(`/api/domains/${store.body.id}`)).status, 404);
  });

  it('shows a regional manager their region only, and lets them manage it', async () => {
    const east = (await t.admin.post('/api/domains', { parentId: t.rootDomainId, name: 'East' })).body;
    const west = (await t.admin.post('/api/domains', { parentId: t.rootDomainId, name: 'West' })).body;
    const eastShop = (await t.admin.post('/api/domains', { parentId: east.id, name: 'East shop' })).body;
    const mgr = await t.userWith('east-admin', [{ domainId: east.id, role: 'administrator' }]);
    const visible = (await mgr.get('/api/domains')).body.map((d: { name: string }) => d.name);
    assert.deepEqual(visible, ['East', 'East shop']);
    assert.equal((await mgr.get(`/api/domains/${west.id}`)).status, 404, 'other regions do not exist for them');
    assert.equal((await mgr.post('/api/domains', { parentId: west.id, name: 'x' })).status, 404);
    assert.equal((await mgr.post('/api/domains', { parentId: eastShop.id, name: 'Till' })).status, 201);
    assert.equal((await mgr.patch(`/api/domains/${east.id}`, { parentId: west.id })).status, 404, 'cannot move their region out');
    // users: may create users in their region, not grant beyond it
    assert.equal((await mgr.post('/api/users', { username: 'east-viewer', password: 'long-enough-pw', grants: [{ domainId: eastShop.id, role: 'viewer' }] })).status, 201);
    assert.equal((await mgr.post('/api/users', { username: 'west-viewer', password: 'long-enough-pw', grants: [{ domainId: west.id, role: 'viewer' }] })).status, 400);
    const users = (await mgr.get('/api/users')).body.map((u: { username: string }) => u.username).sort();
    assert.deepEqual(users, ['east-admin', 'east-viewer']);
    const adminId = (await t.admin.get('/api/auth/me')).body.id;
    assert.equal((await mgr.get(`/api/users/${adminId}`)).status, 404);
    assert.equal((await mgr.post(`/api/users/${adminId}/password`, { password: 'taken-over-1234' })).status, 404);
  });

  it('lets a user change their own password with the current one', async () => {
    const u = await t.userWith('pw-changer', [{ domainId: t.rootDomainId, role: 'viewer' }]);
    const me = (await u.get('/api/auth/me')).body;
    assert.equal((await u.post(`/api/users/${me.id}/password`, { password: 'a-new-password-1' })).status, 400);
    assert.equal((await u.post(`/api/users/${me.id}/password`, { password: 'a-new-password-1', currentPassword: 'correct-horse-battery' })).status, 204);
    assert.equal((await u.get('/api/auth/me')).status, 401, 'sessions end with a password change');
    await t.signIn('pw-changer', 'a-new-password-1');
  });

  it('records configuration changes in the audit log, visible by domain', async () => {
    const log = await t.admin.get('/api/audit?action=domain.create');
    assert.equal(log.status, 200);
    assert.ok(log.body.items.length >= 5);
    assert.ok(log.body.items.some((e: { actor: { name: string } }) => e.actor.name === 'admin'));
    assert.ok(log.body.items.some((e: { actor: { name: string } }) => e.actor.name === 'east-admin'));
    const auditor = await t.userWith('auditor-east', [{ domainId: (await t.admin.get('/api/domains')).body.find((d: { name: string }) => d.name === 'East').id, role: 'auditor' }]);
    const seen = (await auditor.get('/api/audit?limit=500')).body.items as Array<{ domainPath: string | null }>;
    assert.ok(seen.length > 0);
    assert.ok(seen.every((e) => e.domainPath !== null), 'organisation-wide entries (sign-ins) are for root auditors');
    const page1 = await t.admin.get('/api/audit?limit=3');
    const page2 = await t.admin.get(`/api/audit?limit=3&cursor=${page1.body.nextCursor}`);
    assert.equal(page2.status, 200);
    assert.ok(page1.body.items.at(-1).at >= page2.body.items[0].at);
    assert.notEqual(page1.body.items.at(-1).id, page2.body.items[0].id);
    const viewer = await t.userWith('no-audit', [{ domainId: t.rootDomainId, role: 'viewer' }]);
    assert.equal((await viewer.get('/api/audit')).status, 403);
  });
});
