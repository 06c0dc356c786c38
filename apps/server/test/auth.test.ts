import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServer } from '../src/boot';
import { loadConfig } from '../src/config/load';
import { startTestServer, TEST_PASSWORD, type TestServer } from './support/harness';

describe('first run: one-time setup link', () => {
  it('creates the first administrator once, then the link is dead', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'argus-setup-'));
    const config = loadConfig({ env: {}, overrides: { dataDir, 'server.port': 0, 'server.logLevel': 'silent', 'demo.enabled': false } });
    const server = await startServer(config, { logger: false });
    try {
      assert.ok(server.setupToken && server.setupUrl?.includes(server.setupToken));
      const post = (body: unknown) =>
        fetch(`${server.url}/api/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      assert.deepEqual(await (await fetch(`${server.url}/api/setup`)).json(), { needsSetup: true });
      const wrong = await post({ token: 'argus_setup_wrong', username: 'boss', password: TEST_PASSWORD });
      assert.equal(wrong.status, 403);
      assert.equal(((await wrong.json()) as { code: string }).code, 'setup_token_invalid');
      const weak = await post({ token: server.setupToken, username: 'boss', password: 'short' });
      assert.equal(weak.status, 400);
      const ok = await post({ token: server.setupToken, username: 'boss', password: TEST_PASSWORD });
      assert.equal(ok.status, 201);
      const again = await post({ token: server.setupToken, username: 'boss2', password: TEST_PASSWORD });
      assert.equal(again.status, 403);
      assert.equal(((await again.json()) as { code: string }).code, 'setup_closed');
      assert.deepEqual(await (await fetch(`${server.url}/api/setup`)).json(), { needsSetup: false });
      assert.equal(await server.container.setup.issueToken(), null, 'no new setup token once an admin exists');
    } finally {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('sign-in, sessions and API tokens', () => {
  let t: TestServer;
  let now = Date.parse('2026-11-23T10:00:00Z');
  before(async () => {
    t = await startTestServer({ clock: { now: () => now }, overrides: { 'security.signInMaxFailures': 3, 'security.sessionIdleMinutes': 30 } });
  });
  after(() => t.close());

  it('answers 401 problem documents without a session', async () => {
    const r = await t.anonymous.get('/api/cameras');
    assert.equal(r.status, 401);
    assert.equal(r.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    assert.equal(r.body.code, 'unauthenticated');
    assert.ok(r.body.correlationId);
    const bad = await t.anonymous.request('GET', '/api/cameras', undefined, { authorization: 'Basic abc' });
    assert.equal(bad.status, 401);
  });

  it('signs in, tells who I am, and signs out', async () => {
    const me = await t.admin.get('/api/auth/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.username, 'admin');
    assert.equal(me.body.grants[0].role, 'administrator');
    assert.ok(me.body.permissions.includes('users.manage'));
    const s = await t.signIn('admin', TEST_PASSWORD);
    assert.equal((await s.post('/api/auth/sign-out')).status, 204);
    assert.equal((await s.get('/api/auth/me')).status, 401, 'the session is gone');
    assert.equal((await t.admin.get('/api/auth/me')).status, 200, 'other sessions live on');
  });

  it('rate-limits failed sign-ins with 429 and Retry-After', async () => {
    await t.userWith('victim', []).catch(() => undefined);
    const attempt = () => t.anonymous.post('/api/auth/sign-in', { username: 'victim', password: 'wrong-password' });
    for (let i = 0; i < 3; i++) assert.equal((await attempt()).status, 401);
    const limited = await attempt();
    assert.equal(limited.status, 429);
    assert.equal(limited.body.code, 'too_many_requests');
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    const right = await t.anonymous.post('/api/auth/sign-in', { username: 'victim', password: TEST_PASSWORD });
    assert.equal(right.status, 429, 'even the right password waits out the window');
    now += 301_000;
    const later = await t.anonymous.post('/api/auth/sign-in', { username: 'victim', password: TEST_PASSWORD });
    assert.equal(later.status, 200);
    const audit = await t.admin.get('/api/audit?action=auth.sign-in&limit=50');
    assert.ok(audit.body.items.some((e: { outcome: string }) => e.outcome === 'denied'));
    assert.ok(audit.body.items.some((e: { outcome: string }) => e.outcome === 'failed'));
  });

  it('expires idle sessions', async () => {
    const s = await t.signIn('admin', TEST_PASSWORD);
    now += 29 * 60_000;
    assert.equal((await s.get('/api/auth/me')).status, 200);
    now += 31 * 60_000;
    const r = await s.get('/api/auth/me');
    assert.equal(r.status, 401);
    assert.equal(r.body.code, 'session_expired');
    t.admin = await t.signIn('admin', TEST_PASSWORD);
  });

  it('issues scoped API tokens that can be revoked and never exceed the creator', async () => {
    const store = (await t.admin.post('/api/domains', { parentId: t.rootDomainId, name: 'Token store' })).body;
    const other = (await t.admin.post('/api/domains', { parentId: t.rootDomainId, name: 'Token other' })).body;
    await t.admin.post('/api/cameras', { domainId: store.id, name: 'tok-cam', kind: 'rtsp', mainUrl: 'rtsp://127.0.0.1:9/a' });
    await t.admin.post('/api/cameras', { domainId: other.id, name: 'tok-cam-other', kind: 'rtsp', mainUrl: 'rtsp://127.0.0.1:9/b' });
    const created = await t.admin.post('/api/tokens', { name: 'nvr bridge', domainId: store.id, role: 'viewer' });
    assert.equal(created.status, 201);
    assert.match(created.body.token, /^argus_pat_/);
    const api = t.withToken(created.body.token);
    const cams = await api.get('/api/cameras');
    assert.equal(cams.status, 200);
    assert.deepEqual(cams.body.items.map((c: { name: string }) => c.name), ['tok-cam']);
    assert.equal((await api.post('/api/cameras', { domainId: store.id, name: 'x', kind: 'rtsp', mainUrl: 'rtsp://h/x' })).status, 403);
    assert.equal((await api.post('/api/tokens', { name: 'child', domainId: store.id, role: 'viewer' })).status, 403);
    const listed = await t.admin.get('/api/tokens');
    assert.ok(!JSON.stringify(listed.body).includes(created.body.token), 'the secret is shown once only');
    assert.equal((await t.admin.delete(`/api/tokens/${created.body.info.id}`)).status, 200);
    const revoked = await api.get('/api/cameras');
    assert.equal(revoked.status, 401);
    assert.equal(revoked.body.code, 'token_invalid');

    const op = await t.userWith('tok-operator', [{ domainId: store.id, role: 'operator' }]);
    assert.equal((await op.post('/api/tokens', { name: 'too much', domainId: store.id, role: 'administrator' })).status, 403);
    const opToken = await op.post('/api/tokens', { name: 'ok', domainId: store.id, role: 'viewer', expiresInDays: 1 });
    assert.equal(opToken.status, 201);
    assert.equal((await t.withToken(opToken.body.token).get('/api/cameras')).status, 200);
    await t.admin.put(`/api/users/${op.id}/grants`, { grants: [] });
    assert.equal((await t.withToken(opToken.body.token).get('/api/cameras')).status, 401, 'token dies with its creator\'s rights');
  });

  it('keeps users who are disabled out', async () => {
    const u = await t.userWith('leaver', [{ domainId: t.rootDomainId, role: 'viewer' }]);
    assert.equal((await u.get('/api/cameras')).status, 200);
    assert.equal((await t.admin.patch(`/api/users/${u.id}`, { disabled: true })).status, 200);
    assert.equal((await u.get('/api/cameras')).status, 401);
    assert.equal((await t.anonymous.post('/api/auth/sign-in', { username: 'leaver', password: TEST_PASSWORD })).status, 401);
  });

  it('refuses to remove the last administrator', async () => {
    const me = (await t.admin.get('/api/auth/me')).body;
    assert.equal((await t.admin.delete(`/api/users/${me.id}`)).status, 409);
    assert.equal((await t.admin.put(`/api/users/${me.id}/grants`, { grants: [] })).status, 409);
  });
});
