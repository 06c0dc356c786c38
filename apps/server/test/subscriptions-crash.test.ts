import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { WebhookReceiver, waitFor } from './support/subscriptions/webhook-receiver';
import { apiClient, ServerProcess } from './support/subscriptions/server-process';

const PASSWORD = 'a-long-admin-password';
const cleanups: Array<() => Promise<void>> = [];
after(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

test('kill -9 of the server during a receiver outage loses nothing: after restart every event arrives once, in order', { timeout: 300_000 }, async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'argus-subs-crash-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const receiver = new WebhookReceiver();
  await receiver.up();
  cleanups.push(() => receiver.down());
  const server = new ServerProcess(dataDir, { subscriptions: { allowPrivateTargets: true, webhooks: { backoffBaseMs: 200, backoffMaxMs: 1000 } } });
  cleanups.push(() => server.stop());
  server.setupAdmin('boss', PASSWORD);
  await server.start();
  let api = await apiClient(server.base, 'boss', PASSWORD);
  const root = (await api.get('/api/domains')).body[0].id as string;
  const cams: string[] = [];
  for (const name of ['North', 'South']) cams.push((await api.post('/api/cameras', { domainId: root, name, kind: 'rtsp', mainUrl: `rtsp://127.0.0.1:9/${name}` })).body.id);
  const hook = await api.post('/api/subscriptions/webhooks', { name: 'crash', url: receiver.url });
  assert.equal(hook.status, 201, JSON.stringify(hook.body));

  const publish = async (i: number) => {
    const r = await api.post('/api/events', { cameraId: cams[i % 2], type: 'intrusion', className: 'person', details: { i } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.id as string;
  };
  const sent: string[] = [];
  for (let i = 0; i < 5; i++) sent.push(await publish(i));
  await waitFor('first deliveries', () => receiver.events().length === 5, 90_000);

  await receiver.down(); // outage begins
  for (let i = 5; i < 25; i++) sent.push(await publish(i));
  await new Promise((r) => setTimeout(r, 1500)); // some failed attempts are made and logged
  await server.kill9(); // no shutdown, nothing flushed
  await server.start(); // same data dir
  api = await apiClient(server.base, 'boss', PASSWORD);
  for (let i = 25; i < 30; i++) sent.push(await publish(i));
  await receiver.up(); // outage ends
  await waitFor('every event after the restart', () => receiver.events().length >= sent.length, 60_000);
  await new Promise((r) => setTimeout(r, 1000));
  const got = receiver.events();
  const keys = got.map((r) => r.json.idempotencyKey);
  assert.equal(new Set(keys).size, keys.length, 'no duplicate idempotency key');
  assert.deepEqual(got.map((r) => r.json.event?.id), sent, 'every event exactly once, in order');
  const log = await api.get(`/api/subscriptions/webhooks/${hook.body.webhook.id}/deliveries?limit=500`);
  assert.ok(log.body.items.some((d: { outcome: string }) => d.outcome === 'failed'), 'the outage shows in the delivery log');
});
