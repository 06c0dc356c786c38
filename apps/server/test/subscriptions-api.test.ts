import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from './support/harness';
import { WebhookReceiver, waitFor } from './support/subscriptions/webhook-receiver';
import { verifyWebhookSignature } from '../src/features/subscriptions/webhook-signature';

const FAST = {
  'subscriptions.allowPrivateTargets': true,
  'subscriptions.webhooks.backoffBaseMs': 100,
  'subscriptions.webhooks.backoffMaxMs': 500,
};

for (const database of ['sqlite', 'postgres'] as const) {
  describe(`subscriptions API with the real event center (${database})`, () => {
    let t: TestServer;
    let cameraId: string;
    let otherCameraId: string;
    const receiver = new WebhookReceiver();

    before(async () => {
      await receiver.up();
      t = await startTestServer({ database, overrides: FAST });
      const cam = await t.admin.post('/api/cameras', { domainId: t.rootDomainId, name: 'Front door', kind: 'rtsp', mainUrl: 'rtsp://127.0.0.1:9/a' });
      assert.equal(cam.status, 201, cam.text);
      cameraId = cam.body.id;
      const cam2 = await t.admin.post('/api/cameras', { domainId: t.rootDomainId, name: 'Yard', kind: 'rtsp', mainUrl: 'rtsp://127.0.0.1:9/b' });
      otherCameraId = cam2.body.id;
    });
    after(async () => {
      await t?.close();
      await receiver.down();
    });

    const publish = (over: Record<string, unknown> = {}) => t.admin.post('/api/events', { cameraId, type: 'intrusion', className: 'person', severity: 'major', ...over });

    test('create → events published through POST /api/events arrive signed, filtered, in order; log, test, rotate, replay, delete', async () => {
      const created = await t.admin.post('/api/subscriptions/webhooks', { name: 'ops', url: receiver.url, filters: { cameraIds: [cameraId], minSeverity: 'minor' } });
      assert.equal(created.status, 201, created.text);
      const { webhook, secret } = created.body;
      assert.match(secret, /^whsec_/);
      assert.equal(webhook.enabled, true);
      assert.deepEqual(webhook.filters.cameraIds, [cameraId]);
      const listed = await t.admin.get('/api/subscriptions/webhooks');
      assert.equal(listed.status, 200);
      assert.ok(!JSON.stringify(listed.body).includes(secret), 'the secret is never shown again');
      const stored = await t.server.container.db.kysely.selectFrom('webhook_subscriptions').select('secret_enc').where('id', '=', webhook.id).executeTakeFirstOrThrow();
      assert.ok(!stored.secret_enc.includes(secret), 'stored sealed');

      const sent: string[] = [];
      for (let i = 0; i < 4; i++) sent.push((await publish()).body.id);
      await publish({ cameraId: otherCameraId }); // other camera: filtered out
      await publish({ severity: 'info' }); // below the minimum: filtered out
      sent.push((await publish({ type: 'crossing' })).body.id);
      await waitFor('5 deliveries', () => receiver.events().length === 5);
      const got = receiver.events();
      assert.deepEqual(got.map((r) => r.json.event?.id), sent);
      const seqs = got.map((r) => r.json.event!.seq);
      assert.deepEqual([...seqs].sort((a, b) => a - b), seqs, 'in seq order');
      for (const r of got) assert.ok(verifyWebhookSignature(secret, r.body, String(r.headers['x-argus-signature']), Math.floor(Date.now() / 1000)));

      // The receiver answers before the server writes its log row: wait for the fifth row, then page.
      const logRows = () =>
        t.server.container.db.kysely.selectFrom('webhook_deliveries').select('id').where('subscription_id', '=', webhook.id).execute();
      await waitFor('5 delivery log rows', async () => (await logRows()).length === 5);
      const log = await t.admin.get(`/api/subscriptions/webhooks/${webhook.id}/deliveries?limit=2`);
      assert.equal(log.status, 200, log.text);
      assert.equal(log.body.items.length, 2);
      assert.equal(log.body.items[0].outcome, 'delivered');
      assert.equal(log.body.items[0].statusCode, 200);
      assert.ok(log.body.nextCursor);
      const page2 = await t.admin.get(`/api/subscriptions/webhooks/${webhook.id}/deliveries?limit=10&cursor=${log.body.nextCursor}`);
      assert.equal(page2.body.items.length, 3);

      const ping = await t.admin.post(`/api/subscriptions/webhooks/${webhook.id}/test`);
      assert.equal(ping.status, 200, ping.text);
      assert.equal(ping.body.ok, true);
      assert.equal(receiver.received.at(-1)?.json.kind, 'ping');

      const rotated = await t.admin.post(`/api/subscriptions/webhooks/${webhook.id}/rotate-secret`);
      assert.equal(rotated.status, 200);
      assert.notEqual(rotated.body.secret, secret);
      sent.push((await publish()).body.id);
      await waitFor('delivery after rotation', () => receiver.events().length === 6);
      const last = receiver.events().at(-1)!;
      assert.ok(verifyWebhookSignature(rotated.body.secret, last.body, String(last.headers['x-argus-signature']), Math.floor(Date.now() / 1000)));
      assert.ok(!verifyWebhookSignature(secret, last.body, String(last.headers['x-argus-signature']), Math.floor(Date.now() / 1000)));

      const replay = await t.admin.post(`/api/subscriptions/webhooks/${webhook.id}/replay`, { from: new Date(Date.now() - 3600_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() });
      assert.equal(replay.status, 202, replay.text);
      await waitFor('the replay', () => receiver.received.filter((r) => r.json.kind === 'replay').length === 6);
      const replays = receiver.received.filter((r) => r.json.kind === 'replay');
      assert.deepEqual(replays.map((r) => r.json.event?.id), sent);
      assert.ok(replays.every((r) => r.json.replay?.id === replay.body.replayId && r.json.idempotencyKey?.endsWith(`:replay-${replay.body.replayId}`)));

      const audit = await t.admin.get(`/api/audit?targetId=${webhook.id}`);
      assert.deepEqual(new Set(audit.body.items.map((a: { action: string }) => a.action)), new Set(['webhook.create', 'webhook.rotate_secret', 'webhook.replay']));

      const patched = await t.admin.patch(`/api/subscriptions/webhooks/${webhook.id}`, { enabled: false, name: 'ops 2' });
      assert.equal(patched.status, 200);
      assert.equal(patched.body.enabled, false);
      const del = await t.admin.delete(`/api/subscriptions/webhooks/${webhook.id}`);
      assert.equal(del.status, 204);
      assert.equal((await t.admin.get(`/api/subscriptions/webhooks/${webhook.id}`)).status, 404);
    });

    test('startFrom all delivers what was stored before; now does not', async () => {
      const before = (await publish()).body.id;
      const all = await t.admin.post('/api/subscriptions/webhooks', { name: 'all', url: receiver.url, startFrom: 'all' });
      const now = await t.admin.post('/api/subscriptions/webhooks', { name: 'now', url: receiver.url + '?now' });
      assert.equal(all.status, 201);
      const afterId = (await publish()).body.id;
      await waitFor('both', () => receiver.events().some((r) => r.json.idempotencyKey === `${now.body.webhook.id}:${afterId}:${receiver.events().find((x) => x.json.event?.id === afterId)?.json.event?.seq}`));
      const forAll = receiver.events().filter((r) => r.json.idempotencyKey?.startsWith(all.body.webhook.id));
      const forNow = receiver.events().filter((r) => r.json.idempotencyKey?.startsWith(now.body.webhook.id));
      await waitFor('all caught up', () => receiver.events().filter((r) => r.json.idempotencyKey?.startsWith(all.body.webhook.id)).some((r) => r.json.event?.id === afterId));
      assert.ok(receiver.events().filter((r) => r.json.idempotencyKey?.startsWith(all.body.webhook.id)).some((r) => r.json.event?.id === before));
      assert.ok(forAll.length >= 1);
      assert.deepEqual(forNow.map((r) => r.json.event?.id), [afterId]);
      await t.admin.delete(`/api/subscriptions/webhooks/${all.body.webhook.id}`);
      await t.admin.delete(`/api/subscriptions/webhooks/${now.body.webhook.id}`);
    });

    test('bad input: SSRF targets and non-http URLs get 400 webhook_url_refused; unknown filter ids 400; others 403', async () => {
      for (const url of ['ftp://example.com/x', 'http://169.254.169.254/latest/meta-data', 'http://metadata.google.internal/', 'http://[fe80::1]/', 'http://0.0.0.0/']) {
        const r = await t.admin.post('/api/subscriptions/webhooks', { name: 'bad', url });
        assert.equal(r.status, 400, `${url}: ${r.text}`);
        assert.equal(r.body.code, 'webhook_url_refused');
        assert.ok(r.body.detail.length > 10, 'a clear message');
      }
      const unknownCam = await t.admin.post('/api/subscriptions/webhooks', { name: 'x', url: receiver.url, filters: { cameraIds: ['cam_doesnotexist'] } });
      assert.equal(unknownCam.status, 400);
      assert.match(unknownCam.text, /does not exist/);
      const badRange = await t.admin.post('/api/subscriptions/webhooks/whk_nothere1/replay', { from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' });
      assert.equal(badRange.status, 404);
      const region = await t.admin.post('/api/domains', { parentId: t.rootDomainId, name: 'Region' });
      const regionAdmin = await t.userWith('region-admin', [{ domainId: region.body.id, role: 'administrator' }]);
      assert.equal((await regionAdmin.get('/api/subscriptions/webhooks')).status, 403);
      assert.equal((await t.anonymous.get('/api/subscriptions/webhooks')).status, 401);
      const mqtt = await t.admin.get('/api/subscriptions/mqtt');
      assert.equal(mqtt.status, 200);
      assert.equal(mqtt.body.enabled, false);
    });
  });
}

describe('bad input on the subscription routes', () => {
  test('garbage ids, bodies and queries get a 4xx problem, never a 5xx', async () => {
    const t = await startTestServer({ overrides: FAST });
    try {
      const hook = await t.admin.post('/api/subscriptions/webhooks', { name: 'fuzz', url: 'http://127.0.0.1:9/x' });
      assert.equal(hook.status, 201, hook.text);
      const id = hook.body.webhook.id as string;
      const cases: Array<[string, string, unknown?]> = [
        ['GET', '/api/subscriptions/webhooks/whk_doesnotexist'],
        ['GET', '/api/subscriptions/webhooks/%00%ff'],
        ['GET', `/api/subscriptions/webhooks/${'x'.repeat(500)}`],
        ['PATCH', '/api/subscriptions/webhooks/whk_doesnotexist', { name: 'x' }],
        ['PATCH', `/api/subscriptions/webhooks/${id}`, { url: 'gopher://x' }],
        ['PATCH', `/api/subscriptions/webhooks/${id}`, { filters: { minSeverity: 'apocalyptic' } }],
        ['PATCH', `/api/subscriptions/webhooks/${id}`, { filters: { domainIds: ['dom_nothere'] } }],
        ['PATCH', `/api/subscriptions/webhooks/${id}`, { unknown: 1 }],
        ['PATCH', `/api/subscriptions/webhooks/${id}`, '{"name":'],
        ['POST', '/api/subscriptions/webhooks', { name: '', url: 'http://127.0.0.1:9/' }],
        ['POST', '/api/subscriptions/webhooks', { name: 'x', url: 'x'.repeat(5000) }],
        ['POST', '/api/subscriptions/webhooks', { name: 'x', url: 'http://[::1' }],
        ['POST', '/api/subscriptions/webhooks', { name: 'x', url: 'http://127.0.0.1:9/', startFrom: 'yesterday' }],
        ['POST', '/api/subscriptions/webhooks', [1, 2, 3]],
        ['POST', `/api/subscriptions/webhooks/${id}/replay`, { from: 'yesterday', to: 'today' }],
        ['POST', `/api/subscriptions/webhooks/${id}/replay`, { from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' }],
        ['POST', `/api/subscriptions/webhooks/${id}/replay`, { from: '1990-01-01T00:00:00Z', to: '1990-01-02T00:00:00Z' }],
        ['POST', `/api/subscriptions/webhooks/${id}/replay`, { from: '2020-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }],
        ['GET', `/api/subscriptions/webhooks/${id}/deliveries?limit=0`],
        ['GET', `/api/subscriptions/webhooks/${id}/deliveries?limit=abc`],
        ['GET', `/api/subscriptions/webhooks/${id}/deliveries?cursor=../../etc`],
        ['POST', '/api/subscriptions/webhooks/whk_doesnotexist/test'],
        ['POST', '/api/subscriptions/webhooks/whk_doesnotexist/rotate-secret'],
        ['DELETE', '/api/subscriptions/webhooks/whk_doesnotexist'],
      ];
      for (const [method, url, body] of cases) {
        const r = await t.admin.request(method, url, body);
        assert.ok(r.status >= 400 && r.status < 500, `${method} ${url} ${JSON.stringify(body)?.slice(0, 80)} → ${r.status} ${r.text.slice(0, 200)}`);
        assert.match(String(r.headers.get('content-type')), /problem\+json/);
      }
      assert.equal((await t.admin.get(`/api/subscriptions/webhooks/${id}`)).status, 200, 'still there and unchanged');
    } finally {
      await t.close();
    }
  });
});

describe('SSRF guard with default config (private targets refused)', () => {
  test('loopback is refused with a message naming the option', async () => {
    const t = await startTestServer();
    try {
      const r = await t.admin.post('/api/subscriptions/webhooks', { name: 'lo', url: 'http://127.0.0.1:9/x' });
      assert.equal(r.status, 400);
      assert.match(r.body.detail, /allowPrivateTargets/);
    } finally {
      await t.close();
    }
  });
});
