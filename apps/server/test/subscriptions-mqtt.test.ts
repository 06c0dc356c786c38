import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import mqtt, { type MqttClient } from 'mqtt';
import { startTestServer, type TestServer } from './support/harness';
import { OwnMosquitto } from './support/subscriptions/own-mosquitto';
import { waitFor } from './support/subscriptions/webhook-receiver';

const cleanups: Array<() => Promise<unknown>> = [];
after(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

interface Msg {
  topic: string;
  payload: string;
  retain: boolean;
}

async function subscriber(url: string, topic: string, opts: { clientId?: string; clean?: boolean } = {}): Promise<{ client: MqttClient; messages: Msg[] }> {
  const messages: Msg[] = [];
  const client = mqtt.connect(url, { clientId: opts.clientId ?? `argus-test-${Math.random().toString(36).slice(2)}`, clean: opts.clean ?? true, reconnectPeriod: 200 });
  client.on('message', (t, p, packet) => messages.push({ topic: t, payload: p.toString(), retain: packet.retain }));
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  await client.subscribeAsync(topic, { qos: 1 });
  cleanups.push(() => client.endAsync(true));
  return { client, messages };
}

async function serverWithCamera(overrides: Record<string, unknown>): Promise<{ t: TestServer; cameraId: string }> {
  const t = await startTestServer({ overrides });
  cleanups.push(() => t.close());
  const cam = await t.admin.post('/api/cameras', { domainId: t.rootDomainId, name: 'Gate 1', kind: 'rtsp', mainUrl: 'rtsp://127.0.0.1:9/g' });
  assert.equal(cam.status, 201, cam.text);
  return { t, cameraId: cam.body.id };
}

test('MQTT on the system Mosquitto (127.0.0.1:1883): Frigate-style topics, retained availability, counts and camera state', { timeout: 120_000 }, async () => {
  const prefix = `argus-test-${process.pid}-${Date.now()}`;
  const sub = await subscriber('mqtt://127.0.0.1:1883', `${prefix}/#`);
  const { t, cameraId } = await serverWithCamera({
    'subscriptions.mqtt.enabled': true,
    'subscriptions.mqtt.url': 'mqtt://127.0.0.1:1883',
    'subscriptions.mqtt.topicPrefix': prefix,
    'subscriptions.mqtt.clientId': `argus-${prefix}`,
  });
  await waitFor('online', () => sub.messages.some((m) => m.topic === `${prefix}/available` && m.payload === 'online'));
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) ids.push((await t.admin.post('/api/events', { cameraId, type: 'intrusion', className: 'person' })).body.id);
  await waitFor('3 events', () => sub.messages.filter((m) => m.topic === `${prefix}/events`).length === 3);
  const events = sub.messages.filter((m) => m.topic === `${prefix}/events`).map((m) => JSON.parse(m.payload));
  assert.deepEqual(events.map((e) => e.after.id), ids);
  assert.equal(events[0].type, 'new');
  await waitFor('per-camera topics', () => sub.messages.filter((m) => m.topic === `${prefix}/Gate 1/events/intrusion`).length === 3);
  await waitFor('count', () => sub.messages.some((m) => m.topic === `${prefix}/Gate 1/person` && m.payload === '3'));
  await waitFor('state', () => sub.messages.some((m) => m.topic === `${prefix}/Gate 1/state`));
  const status = await t.admin.get('/api/subscriptions/mqtt');
  assert.equal(status.body.connected, true);
  assert.equal(status.body.backlog, 0);
  assert.ok(status.body.published >= 9);

  // Retained: a late subscriber gets availability, the count and the state at once.
  const late = await subscriber('mqtt://127.0.0.1:1883', `${prefix}/#`);
  await waitFor('retained', () => ['available', 'Gate 1/person', 'Gate 1/state'].every((s) => late.messages.some((m) => m.topic === `${prefix}/${s}` && m.retain)));
  await t.close();
  await waitFor('offline on close', () => sub.messages.some((m) => m.topic === `${prefix}/available` && m.payload === 'offline'));
  // Clear the retained topics this test left on the shared broker.
  for (const topic of [`${prefix}/available`, `${prefix}/Gate 1/person`, `${prefix}/Gate 1/state`]) await sub.client.publishAsync(topic, '', { retain: true, qos: 1 });
});

test('a restart of the broker mid-stream loses none of the events (cursor advances on PUBACK only)', { timeout: 180_000 }, async () => {
  const broker = new OwnMosquitto();
  await broker.start();
  cleanups.push(() => broker.dispose());
  const prefix = 'argus';
  // A persistent-session subscriber (clean: false) so the restarted broker keeps queueing for it.
  const sub = await subscriber(broker.url, `${prefix}/events`, { clientId: 'argus-restart-test-sub', clean: false });
  const { t, cameraId } = await serverWithCamera({ 'subscriptions.mqtt.enabled': true, 'subscriptions.mqtt.url': broker.url, 'subscriptions.mqtt.clientId': 'argus-restart-test' });
  await waitFor('publisher connected', async () => (await t.admin.get('/api/subscriptions/mqtt')).body.connected === true);
  const sent: string[] = [];
  const publishSome = async (n: number) => {
    for (let i = 0; i < n; i++) sent.push((await t.admin.post('/api/events', { cameraId, type: 'intrusion', className: 'person' })).body.id);
  };
  await publishSome(10);
  await broker.stop(); // mid-stream: the publisher may be between messages
  await publishSome(20); // stored while the broker is away
  const during = await t.admin.get('/api/subscriptions/mqtt');
  assert.equal(during.body.connected, false);
  assert.ok(during.body.backlog > 0, 'a backlog builds up while the broker is away');
  await broker.start();
  await publishSome(10);
  await waitFor('every event after the broker restart', () => new Set(sub.messages.map((m) => JSON.parse(m.payload).after.id)).size >= sent.length, 60_000);
  const got = new Set(sub.messages.map((m) => JSON.parse(m.payload).after.id as string));
  assert.deepEqual(sent.filter((id) => !got.has(id)), [], 'no event lost');
  await waitFor('backlog drained', async () => (await t.admin.get('/api/subscriptions/mqtt')).body.backlog === 0);
});
