import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { eventually } from './support/recording/http';
import { startTestServer, TEST_PASSWORD, type TestServer } from './support/harness';

/** A clock the test can move forward (the live tokens expire on it; sessions last far longer). */
const offset = { ms: 0 };
const clock = { now: () => Date.now() + offset.ms };

async function session(t: TestServer, username: string, password: string): Promise<string> {
  const res = await fetch(`${t.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  assert.equal(res.status, 200, await res.text());
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

async function call(t: TestServer, cookie: string | null, method: string, url: string, body?: unknown): Promise<{ status: number; body: any; type: string }> {
  const headers: Record<string, string> = {};
  if (cookie) headers.cookie = cookie;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(t.url + url, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* text */
  }
  return { status: res.status, body: parsed, type: res.headers.get('content-type') ?? '' };
}

/** Opens a socket; resolves with 'open' or the refused status, and records the close code. */
function connect(t: TestServer, path: string, cookie: string | null): Promise<{ ws: WebSocket; outcome: string; closed: Promise<{ code: number; reason: string }> }> {
  const ws = new WebSocket(`${t.url.replace(/^http/, 'ws')}${path}`, cookie ? { headers: { cookie } } : {});
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  ws.on('error', () => undefined);
  return new Promise((resolve) => {
    ws.once('open', () => resolve({ ws, outcome: 'open', closed }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ ws, outcome: String(res.statusCode), closed });
      res.resume();
    });
  });
}

/**
 * Who may start and use a live stream, and how everything else is refused: unknown or foreign cameras, rights, body
 * validation, expired, replayed and foreign tokens, garbage on the socket, revoked rights and sessions. The camera
 * points at a closed port (the upstream keeps failing; none of these checks needs video).
 */
describe('live view access and bad input', () => {
  let t: TestServer;
  let admin: string;
  let cam: string;
  let camB: string;
  let viewer: string;
  let viewerId: string;
  let auditor: string;
  let storeId: string;

  before(async () => {
    t = await startTestServer({ clock, overrides: { 'recording.enabled': false, 'live.revalidateSeconds': 0.5, 'live.restartInitialMs': 2000 } });
    admin = await session(t, t.adminCredentials.username, t.adminCredentials.password);
    const store = await t.admin.post('/api/domains', { parentId: t.rootDomainId, name: 'Store' });
    const other = await t.admin.post('/api/domains', { parentId: t.rootDomainId, name: 'Other' });
    storeId = store.body.id;
    cam = (await t.admin.post('/api/cameras', { domainId: storeId, name: 'Till', kind: 'rtsp', mainUrl: 'rtsp://127.0.0.1:9/till', subUrl: 'rtsp://127.0.0.1:9/till-sub' })).body.id;
    camB = (await t.admin.post('/api/cameras', { domainId: other.body.id, name: 'Yard', kind: 'rtsp', mainUrl: 'rtsp://127.0.0.1:9/yard' })).body.id;
    viewerId = (await t.userWith('live-viewer', [{ domainId: storeId, role: 'viewer' }])).id;
    await t.userWith('live-auditor', [{ domainId: storeId, role: 'auditor' }]);
    viewer = await session(t, 'live-viewer', TEST_PASSWORD);
    auditor = await session(t, 'live-auditor', TEST_PASSWORD);
  });
  after(async () => {
    await t?.close();
  });

  it('issues tokens only with live.view on the camera and validates the body', async () => {
    const ok = await call(t, viewer, 'POST', `/api/cameras/${cam}/live`, {});
    assert.equal(ok.status, 201);
    assert.equal(ok.body.stream, 'sub', 'auto picks the sub stream when there is one');
    assert.equal((await call(t, viewer, 'POST', `/api/cameras/${cam}/live`, { stream: 'main', transport: 'hls' })).body.stream, 'main');
    const cases: Array<[string | null, string, unknown, number, string]> = [
      [viewer, `/api/cameras/cam_doesnotexist/live`, {}, 404, 'not_found'],
      [viewer, `/api/cameras/${camB}/live`, {}, 404, 'not_found'],
      [auditor, `/api/cameras/${cam}/live`, {}, 403, 'forbidden'],
      [null, `/api/cameras/${cam}/live`, {}, 401, 'unauthenticated'],
      [viewer, `/api/cameras/${cam}/live`, { stream: 'side' }, 400, 'validation_failed'],
      [viewer, `/api/cameras/${cam}/live`, { transport: 'rtmp' }, 400, 'validation_failed'],
      [viewer, `/api/cameras/${cam}/live`, { extra: 1 }, 400, 'validation_failed'],
      [viewer, `/api/cameras/${cam}/live`, '[1,', 400, 'malformed_json'],
      [admin, `/api/cameras/${camB}/live`, { stream: 'sub' }, 400, 'validation_failed'],
    ];
    for (const [who, url, body, status, code] of cases) {
      const r = await call(t, who, 'POST', url, body);
      assert.equal(r.status, status, `${url} ${JSON.stringify(body)}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.code, code);
      assert.match(r.type, /^application\/problem\+json/);
    }
    const stats = await call(t, auditor, 'GET', '/api/live/stats');
    assert.equal(stats.status, 200);
  });

  it('refuses tokens that are unknown, foreign (another user or another session), replayed or expired', async () => {
    const mine = (await call(t, viewer, 'POST', `/api/cameras/${cam}/live`, {})).body;
    const otherSession = await session(t, 'live-viewer', TEST_PASSWORD);
    assert.equal((await connect(t, '/api/live/ws/notatoken', viewer)).outcome, '404');
    assert.equal((await connect(t, '/api/live/ws/bad$token', viewer)).outcome, '400');
    assert.equal((await connect(t, mine.wsUrl, null)).outcome, '401');
    assert.equal((await connect(t, mine.wsUrl, admin)).outcome, '404', 'another user cannot replay the URL');
    assert.equal((await connect(t, mine.wsUrl, otherSession)).outcome, '404', 'nor another session of the same user');
    for (const who of [admin, otherSession]) {
      const r = await call(t, who, 'GET', mine.hlsUrl);
      assert.equal(r.status, 404);
      assert.equal(r.body.code, 'not_found');
    }
    const first = await connect(t, mine.wsUrl, viewer);
    assert.equal(first.outcome, 'open');
    assert.equal((await connect(t, mine.wsUrl, viewer)).outcome, '404', 'a socket token is single-use');
    first.ws.terminate();
    const late = (await call(t, viewer, 'POST', `/api/cameras/${cam}/live`, {})).body;
    offset.ms += 61_000;
    try {
      assert.equal((await connect(t, late.wsUrl, viewer)).outcome, '404', 'unused for 60 s: expired');
      assert.equal((await call(t, viewer, 'GET', late.hlsUrl)).status, 404);
    } finally {
      offset.ms -= 61_000;
    }
    const rtc = (await call(t, viewer, 'POST', `/api/cameras/${cam}/live`, { transport: 'webrtc' })).body;
    const answer = await call(t, viewer, 'POST', `/api/live/webrtc/${rtc.token}`, { sdp: 'v=0', type: 'offer' });
    assert.equal(answer.status, 400, 'an offer without H.264 video is refused (see live-webrtc.test.ts)');
    assert.equal(answer.body.code, 'live_webrtc_offer_refused');
    assert.equal((await call(t, admin, 'POST', `/api/live/webrtc/${rtc.token}`, { sdp: 'v=0', type: 'offer' })).status, 404);
  });

  it('closes the socket with 1008 on anything but a ping', async () => {
    const garbage: Array<[string, Buffer | string]> = [
      ['binary', Buffer.from([0, 1, 2])],
      ['not json', 'hello'],
      ['wrong type', JSON.stringify({ type: 'play' })],
      ['oversized', JSON.stringify({ type: 'ping', pad: 'x'.repeat(10_000) })],
    ];
    for (const [what, data] of garbage) {
      const live = (await call(t, viewer, 'POST', `/api/cameras/${cam}/live`, {})).body;
      const c = await connect(t, live.wsUrl, viewer);
      assert.equal(c.outcome, 'open');
      c.ws.send(data);
      const closed = await c.closed;
      assert.equal(closed.code, 1008, `${what}: ${closed.code} ${closed.reason}`);
      assert.ok(closed.reason.length > 0, `${what}: a reason is given`);
    }
    const huge = (await call(t, viewer, 'POST', `/api/cameras/${cam}/live`, {})).body;
    const c = await connect(t, huge.wsUrl, viewer);
    c.ws.send('x'.repeat(200_000));
    assert.equal((await c.closed).code, 1009, 'beyond the server\'s frame limit');
  });

  it('ends live streams within seconds when the rights or the session are revoked', async () => {
    const live = (await call(t, viewer, 'POST', `/api/cameras/${cam}/live`, {})).body;
    const c = await connect(t, live.wsUrl, viewer);
    assert.equal(c.outcome, 'open');
    const hls = (await call(t, viewer, 'POST', `/api/cameras/${cam}/live`, { transport: 'hls' })).body;
    assert.equal((await call(t, viewer, 'GET', hls.hlsUrl)).status, 200);
    const revoked = await t.admin.put(`/api/users/${viewerId}/grants`, { grants: [] });
    assert.equal(revoked.status, 200, revoked.text);
    const started = Date.now();
    const closed = await c.closed;
    assert.equal(closed.code, 1008);
    assert.match(closed.reason, /revoked/);
    assert.ok(Date.now() - started < 10_000);
    assert.equal((await call(t, viewer, 'GET', hls.hlsUrl)).status, 404, 'the HLS session is gone too');
    await t.admin.put(`/api/users/${viewerId}/grants`, { grants: [{ domainId: storeId, role: 'viewer' }] });
    // signing out kills the streams of that session
    const s2 = await session(t, 'live-viewer', TEST_PASSWORD);
    const l2 = (await call(t, s2, 'POST', `/api/cameras/${cam}/live`, {})).body;
    const c2 = await connect(t, l2.wsUrl, s2);
    assert.equal(c2.outcome, 'open');
    assert.equal((await call(t, s2, 'POST', '/api/auth/sign-out', {})).status < 300, true);
    assert.equal((await c2.closed).code, 1008);
    // the dead camera's shared upstream reports why it fails; the viewer cannot see stats of other domains
    const failing = await eventually('stats list the failing upstream', async () =>
      (await call(t, admin, 'GET', '/api/live/stats')).body.upstreams.find((u: any) => u.cameraId === cam && u.state === 'failing'),
    );
    assert.ok(failing.reason.length > 0, 'a reason is given');
    assert.ok(failing.starts >= 1);
  });
});
