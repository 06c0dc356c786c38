import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkAddress, checkWebhookUrl } from '../src/features/subscriptions/ssrf-guard';
import { signWebhook, verifyWebhookSignature } from '../src/features/subscriptions/webhook-signature';
import { backoffCap, backoffDelay } from '@argus/media/recording';
import { shouldGiveUp } from '../src/features/subscriptions/retry-backoff';
import { EMPTY_FILTERS, matchesFilters } from '../src/features/subscriptions/webhook-filters';
import { cameraStateMessage, eventMessages, redactBrokerUrl, topicLevel } from '../src/features/subscriptions/mqtt-topics';
import type { StoredEvent } from '../src/features/events/event-port';

test('SSRF guard refuses non-http schemes, metadata, link-local, multicast and 0.0.0.0 always', () => {
  const refused = [
    'ftp://example.com/x',
    'file:///etc/passwd',
    'gopher://example.com',
    'javascript:alert(1)',
    'not a url',
    'http://169.254.169.254/latest/meta-data',
    'http://169.254.10.1/',
    'http://metadata.google.internal/computeMetadata/v1',
    'http://METADATA.GOOGLE.INTERNAL./',
    'http://[fd00:ec2::254]/',
    'http://[fe80::1]/',
    'http://0.0.0.0:8080/',
    'http://224.0.0.1/',
    'http://[ff02::1]/',
    'http://[::ffff:169.254.169.254]/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://user:pw@example.com/',
  ];
  for (const url of refused) {
    assert.equal(checkWebhookUrl(url, true).ok, false, `${url} must be refused even with private targets allowed`);
  }
});

test('SSRF guard refuses loopback and private targets unless allowed', () => {
  for (const url of ['http://127.0.0.1:9/x', 'http://localhost/', 'http://a.localhost/', 'http://10.1.2.3/', 'http://172.20.0.1/', 'http://192.168.1.1/', 'http://[::1]/', 'http://[fd12::1]/', 'http://100.64.0.1/']) {
    const v = checkWebhookUrl(url, false);
    assert.equal(v.ok, false, url);
    if (!v.ok) assert.match(v.reason, /allowPrivateTargets/);
    assert.equal(checkWebhookUrl(url, true).ok, true, `${url} allowed with allowPrivateTargets`);
  }
  assert.equal(checkWebhookUrl('https://hooks.example.com/argus', false).ok, true);
  assert.equal(checkWebhookUrl('http://8.8.8.8/', false).ok, true);
  const bad = checkWebhookUrl('ftp://x', false);
  assert.ok(!bad.ok && /only http and https/.test(bad.reason));
});

test('SSRF address check judges resolved addresses (DNS rebinding)', () => {
  assert.equal(checkAddress('169.254.169.254', true).ok, false);
  assert.equal(checkAddress('127.0.0.1', false).ok, false);
  assert.equal(checkAddress('127.0.0.1', true).ok, true);
  assert.equal(checkAddress('::ffff:127.0.0.1', false).ok, false);
  assert.equal(checkAddress('93.184.216.34', false).ok, true);
  assert.equal(checkAddress('2606:2800:220:1::', false).ok, true);
  assert.equal(checkAddress('fe80::1%eth0', true).ok, false);
});

test('HMAC signature verifies for the receiver and fails for a changed body, secret or stale timestamp', () => {
  const body = JSON.stringify({ a: 1 });
  const header = signWebhook('s3cret', body, 1_700_000_000);
  assert.match(header, /^t=1700000000,v1=[0-9a-f]{64}$/);
  assert.equal(verifyWebhookSignature('s3cret', body, header, 1_700_000_010), true);
  assert.equal(verifyWebhookSignature('s3cret', body + ' ', header, 1_700_000_010), false);
  assert.equal(verifyWebhookSignature('other', body, header, 1_700_000_010), false);
  assert.equal(verifyWebhookSignature('s3cret', body, header, 1_700_001_000), false, 'older than the tolerance');
  assert.equal(verifyWebhookSignature('s3cret', body, 'garbage', 1_700_000_000), false);
});

test('backoff doubles, stays within jitter bounds and the cap; give-up only after the configured hours', () => {
  const policy = { initialMs: 1000, maxMs: 60_000 };
  assert.deepEqual([1, 2, 3, 4, 50].map((n) => backoffCap(n, policy)), [1000, 2000, 4000, 8000, 60_000]);
  assert.equal(backoffDelay(3, policy, () => 0), 1000, 'full jitter from the initial delay');
  assert.equal(backoffDelay(3, policy, () => 0.999_999), 4000);
  assert.equal(backoffDelay(50, policy, () => 0.999_999), 60_000);
  assert.equal(shouldGiveUp(0, 71 * 3600_000, 72), false);
  assert.equal(shouldGiveUp(0, 72 * 3600_000, 72), true);
  assert.equal(shouldGiveUp(0, 10_000 * 3600_000, 0), false, '0 = never');
});

function ev(over: Partial<StoredEvent> = {}): StoredEvent {
  return {
    id: 'evt_1', seq: 1, cameraId: 'cam_a', cameraName: 'Front door', domainPath: '/r/a/', origin: { kind: 'rule', ruleId: 'rul_1' },
    type: 'intrusion', className: 'person', trackId: null, severity: 'major', occurredAtMs: 1, confidence: 1, boxes: [],
    state: 'new', count: 1, firstAtMs: 1, lastAtMs: 1, createdAtMs: 1, ...over,
  };
}

test('filters: empty matches all; each filter narrows', () => {
  assert.equal(matchesFilters(EMPTY_FILTERS, ev()), true);
  assert.equal(matchesFilters({ ...EMPTY_FILTERS, domainPaths: ['/r/'] }, ev()), true);
  assert.equal(matchesFilters({ ...EMPTY_FILTERS, domainPaths: ['/r/'], includeSubdomains: false }, ev()), false);
  assert.equal(matchesFilters({ ...EMPTY_FILTERS, domainPaths: ['/r/b/'] }, ev()), false);
  assert.equal(matchesFilters({ ...EMPTY_FILTERS, cameraIds: ['cam_b'] }, ev()), false);
  assert.equal(matchesFilters({ ...EMPTY_FILTERS, ruleIds: ['rul_1'] }, ev()), true);
  assert.equal(matchesFilters({ ...EMPTY_FILTERS, ruleIds: ['rul_1'] }, ev({ origin: { kind: 'api' } })), false);
  assert.equal(matchesFilters({ ...EMPTY_FILTERS, types: ['crossing'] }, ev()), false);
  assert.equal(matchesFilters({ ...EMPTY_FILTERS, classes: ['car'] }, ev()), false);
  assert.equal(matchesFilters({ ...EMPTY_FILTERS, classes: ['person'] }, ev({ className: null })), false);
  assert.equal(matchesFilters({ ...EMPTY_FILTERS, minSeverity: 'major' }, ev({ severity: 'minor' })), false);
  assert.equal(matchesFilters({ ...EMPTY_FILTERS, minSeverity: 'major' }, ev({ severity: 'critical' })), true);
});

test('MQTT topics follow the Frigate layout and sanitise camera names', () => {
  assert.equal(topicLevel('Gate/1 #+', 'cam_x'), 'Gate_1 __');
  assert.equal(topicLevel('  ', 'cam_x'), 'cam_x');
  const msgs = eventMessages('argus', ev(), 3, true);
  assert.deepEqual(msgs.map((m) => [m.topic, m.retain]), [['argus/events', false], ['argus/Front door/events/intrusion', false], ['argus/Front door/person', true]]);
  assert.equal(JSON.parse(msgs[0]!.payload).type, 'new');
  assert.equal(JSON.parse(eventMessages('argus', ev({ count: 2 }), null, true)[0]!.payload).type, 'update');
  assert.equal(msgs[2]!.payload, '3');
  const st = cameraStateMessage('argus', { id: 'cam_a', name: 'Front door' }, { status: 'failing', reason: 'refused', sinceMs: 0 }, true);
  assert.equal(st.topic, 'argus/Front door/state');
  assert.equal(JSON.parse(st.payload).status, 'failing');
  assert.equal(redactBrokerUrl('mqtt://u:p@broker:1883'), 'mqtt://broker:1883');
});

test('a hole in the seqs is waited for while the later event is young, then passed', async () => {
  const { holdForGap, GAP_HOLD_MS } = await import('../src/features/subscriptions/webhook-dispatcher');
  assert.equal(holdForGap(4, ev({ seq: 5, createdAtMs: 1000 }), 1000), false, 'no hole');
  assert.equal(holdForGap(4, ev({ seq: 6, createdAtMs: 1000 }), 1500), true, 'hole, young: wait');
  assert.equal(holdForGap(4, ev({ seq: 6, createdAtMs: 1000 }), 1000 + GAP_HOLD_MS), false, 'hole, old enough: move on');
});

test('payload links are absolute with a public base URL, relative without, snapshot/crop only when stored', async () => {
  const { eventLinks } = await import('../src/features/subscriptions/webhook-dispatcher');
  assert.deepEqual(eventLinks('https://argus.example/', ev({ snapshotKey: 'k' })), { event: 'https://argus.example/api/events/evt_1', snapshot: 'https://argus.example/api/events/evt_1/snapshot.jpg' });
  assert.deepEqual(eventLinks('', ev()), { event: '/api/events/evt_1' });
});

test('the sender checks the addresses a name resolves to at connection time (DNS rebinding) and refuses private ones', async () => {
  const { createHttpWebhookSender } = await import('../src/features/subscriptions/webhook-sender');
  const os = await import('node:os');
  const http = await import('node:http');
  // The machine's own host name resolves to a loopback address (/etc/hosts) but is not a loopback *name*.
  const host = os.hostname();
  assert.equal(checkWebhookUrl(`http://${host}:9/`, false).ok, true, 'the URL as written passes');
  const server = http.createServer((_req, res) => res.writeHead(204).end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as import('node:net').AddressInfo).port;
  try {
    const refused = await createHttpWebhookSender({ timeoutMs: 2000, allowPrivate: () => false }).send(`http://${host}:${port}/`, '{}', {});
    assert.equal(refused.statusCode, null);
    assert.match(String(refused.error), /SSRF guard/);
    const allowed = await createHttpWebhookSender({ timeoutMs: 2000, allowPrivate: () => true }).send(`http://${host}:${port}/`, '{}', {});
    assert.equal(allowed.statusCode, 204, String(allowed.error));
  } finally {
    server.close();
  }
});
