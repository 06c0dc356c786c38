import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { postgresAvailable } from './support/postgres';
import { startTestServer, type Caller, type TestServer } from './support/harness';

for (const database of ['sqlite', 'postgres'] as const) {
  describe(`per-user preferences API (${database})`, async () => {
    const skip = (database === 'postgres' ? await postgresAvailable() : null) ?? false;
    let t: TestServer;
    let viewer: Caller & { id: string };
    let other: Caller & { id: string };
    let store: { id: string };
    before(async () => {
      if (skip) return;
      t = await startTestServer({ database });
      store = (await t.admin.post('/api/domains', { parentId: t.rootDomainId, name: 'Prefs store' })).body;
      viewer = await t.userWith('pref-viewer', [{ domainId: store.id, role: 'viewer' }]);
      other = await t.userWith('pref-other', [{ domainId: store.id, role: 'viewer' }]);
    });
    after(async () => {
      if (!skip) await t.close();
    });

    it('saves, reads, replaces and deletes a JSON value', { skip }, async () => {
      assert.equal((await viewer.get('/api/me/preferences/live.wall')).status, 404);
      const wall = { layout: '2x2', panes: [{ cameraId: 'cam_1', stream: 'sub' }, null], note: 'ünïcødé' };
      const put = await viewer.put('/api/me/preferences/live.wall', { value: wall });
      assert.equal(put.status, 200, put.text);
      assert.deepEqual(put.body.value, wall);
      const got = await viewer.get('/api/me/preferences/live.wall');
      assert.equal(got.status, 200);
      assert.deepEqual(got.body, { key: 'live.wall', value: wall, updatedAt: put.body.updatedAt });
      assert.match(got.body.updatedAt, /^\d{4}-\d\d-\d\dT/);
      await viewer.put('/api/me/preferences/live.wall', { value: 42 });
      assert.equal((await viewer.get('/api/me/preferences/live.wall')).body.value, 42);
      // null and false are values too, distinct from "unset"
      await viewer.put('/api/me/preferences/flag', { value: null });
      const nul = await viewer.get('/api/me/preferences/flag');
      assert.equal(nul.status, 200);
      assert.equal(nul.body.value, null);
      assert.equal((await viewer.delete('/api/me/preferences/live.wall')).status, 204);
      assert.equal((await viewer.get('/api/me/preferences/live.wall')).status, 404);
      const again = await viewer.delete('/api/me/preferences/live.wall');
      assert.equal(again.status, 404);
      assert.equal(again.body.code, 'preference_not_set');
    });

    it("never shows or changes another user's preferences", { skip }, async () => {
      await viewer.put('/api/me/preferences/live.layouts', { value: ['mine'] });
      assert.equal((await other.get('/api/me/preferences/live.layouts')).status, 404);
      await other.put('/api/me/preferences/live.layouts', { value: ['theirs'] });
      assert.deepEqual((await viewer.get('/api/me/preferences/live.layouts')).body.value, ['mine']);
      assert.equal((await other.delete('/api/me/preferences/live.layouts')).status, 204);
      assert.deepEqual((await viewer.get('/api/me/preferences/live.layouts')).body.value, ['mine']);
      assert.equal((await t.anonymous.get('/api/me/preferences/live.layouts')).status, 401);
      assert.equal((await t.anonymous.put('/api/me/preferences/live.layouts', { value: 1 })).status, 401);
    });

    it('lets an API token act for its creator', { skip }, async () => {
      const created = await t.admin.post('/api/tokens', { name: 'prefs bot', domainId: store.id, role: 'viewer' });
      assert.equal(created.status, 201, created.text);
      const api = t.withToken(created.body.token);
      assert.equal((await api.put('/api/me/preferences/bot.state', { value: { n: 1 } })).status, 200);
      assert.deepEqual((await t.admin.get('/api/me/preferences/bot.state')).body.value, { n: 1 }, 'the creator sees what its token saved');
      assert.equal((await viewer.get('/api/me/preferences/bot.state')).status, 404);
    });

    it('refuses bad keys and values with a clear 4xx', { skip }, async () => {
      for (const key of ['Live', '1abc', '-x', 'a'.repeat(65), 'a%20b', 'a$b']) {
        const r = await viewer.put(`/api/me/preferences/${key}`, { value: 1 });
        assert.equal(r.status, 400, `${key}: ${r.text}`);
        assert.equal((await viewer.get(`/api/me/preferences/${key}`)).status, 400);
      }
      assert.equal((await viewer.put('/api/me/preferences/a', {})).status, 400, 'value missing');
      assert.equal((await viewer.put('/api/me/preferences/a', { value: 1, extra: 2 })).status, 400, 'unknown field');
      assert.equal((await viewer.request('PUT', '/api/me/preferences/a', '{"value":', { 'content-type': 'application/json' })).status, 400);
      const big = await viewer.put('/api/me/preferences/big', { value: 'x'.repeat(64 * 1024) });
      assert.equal(big.status, 413, big.text);
      assert.equal(big.body.code, 'preference_too_large');
      // garbage bodies: never a 500
      const raw = (body: string, type = 'application/json') => viewer.request('PUT', '/api/me/preferences/garbage', body, { 'content-type': type });
      const plain = await raw('value=1', 'text/plain');
      assert.ok(plain.status >= 400 && plain.status < 500, plain.text);
      for (const body of ['[1]', '"x"', 'null', '{"value":1}{', `{"value":${'['.repeat(20000)}${']'.repeat(20000)}}`, '{"value":"\\u0000\u0000"}', '{"__proto__":{"x":1},"value":1}']) {
        const r = await raw(body);
        assert.ok(r.status < 500, `${body.slice(0, 40)} → ${r.status} ${r.text.slice(0, 200)}`);
      }
      const nul = await viewer.put('/api/me/preferences/nul', { value: 'a\u0000b' });
      assert.equal(nul.status, 200, 'a NUL character survives (stored escaped in the JSON text)');
      assert.equal((await viewer.get('/api/me/preferences/nul')).body.value, 'a\u0000b');
      const fits = await viewer.put('/api/me/preferences/big', { value: 'x'.repeat(64 * 1024 - 2) });
      assert.equal(fits.status, 200, 'exactly 64 KiB of JSON fits');
    });

    it('forgets the preferences of a deleted user', { skip }, async () => {
      const gone = await t.userWith('pref-gone', [{ domainId: store.id, role: 'viewer' }]);
      await gone.put('/api/me/preferences/live.wall', { value: 1 });
      assert.equal((await t.admin.delete(`/api/users/${gone.id}`)).status, 204);
      const rows = await t.server.container.db.kysely.selectFrom('user_preferences').selectAll().where('user_id', '=', gone.id).execute();
      assert.equal(rows.length, 0);
    });
  });
}
