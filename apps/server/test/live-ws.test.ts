import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { Fmp4Splitter, OPENCV_VTEST_PATH, startTestRtspServer, type SplitFragment, type TestRtspServer } from '@argus/media';
import { eventually } from './support/recording/http';
import { startTestServer, type TestServer } from './support/harness';

/** A headless live viewer: collects the JSON messages and splits the binary fMP4 stream as a browser would get it. */
class Viewer {
  readonly ws: WebSocket;
  readonly json: any[] = [];
  readonly frags: SplitFragment[] = [];
  inits = 0;
  closed: { code: number; reason: string } | null = null;
  private readonly splitter = new Fmp4Splitter();
  readonly opened: Promise<void>;

  constructor(url: string, cookie: string) {
    this.ws = new WebSocket(url, { headers: { cookie } });
    this.opened = new Promise((resolve, reject) => {
      this.ws.on('error', () => undefined); // reported through `opened` or `closed`
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
      this.ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
    this.ws.on('message', (data: Buffer, isBinary) => {
      if (!isBinary) return void this.json.push(JSON.parse(data.toString('utf8')));
      for (const out of this.splitter.push(data)) {
        if (out.kind === 'init') this.inits += 1;
        else this.frags.push(out);
      }
    });
    this.ws.on('close', (code, reason) => (this.closed = { code, reason: reason.toString() }));
  }

  /** Decode time covered so far, seconds. */
  get covered(): number {
    const first = this.frags[0];
    const last = this.frags.at(-1);
    return first && last ? last.decodeTimeS + last.durationS - first.decodeTimeS : 0;
  }

  close(): void {
    this.ws.terminate();
  }
}

async function cookieOf(t: TestServer): Promise<string> {
  const res = await fetch(`${t.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(t.adminCredentials) });
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

/**
 * Live view end to end: a real RTSP test camera (GStreamer serving vtest.avi, and a high-bit-rate clip for the slow
 * viewer) → the server's shared ffmpeg remux → real WebSocket clients.
 */
describe('live view over WebSocket from a real RTSP camera', () => {
  let rtsp: TestRtspServer;
  let t: TestServer;
  let cookie: string;
  let cam: string;
  let heavyCam: string;
  let tmp: string;
  const wsUrl = (p: string) => `${t.url.replace(/^http/, 'ws')}${p}`;

  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'argus-live-'));
    // ~15-20 Mbit/s (lossless H.264, a key frame every second): fills a stalled viewer's socket buffers in seconds.
    const heavy = path.join(tmp, 'heavy.mp4');
    const r = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', OPENCV_VTEST_PATH, '-t', '30', '-c:v', 'libx264', '-qp', '0', '-preset', 'ultrafast', '-g', '10', '-bf', '0', '-pix_fmt', 'yuv420p', '-an', heavy]);
    assert.equal(r.status, 0, r.stderr.toString());
    rtsp = await startTestRtspServer({ mounts: { vtest: OPENCV_VTEST_PATH, heavy } });
    t = await startTestServer({ overrides: { 'recording.enabled': false, 'live.viewerQueueBytes': 256 * 1024, 'live.idleGraceSeconds': 1 } });
    cookie = await cookieOf(t);
    const a = await t.admin.post('/api/cameras', { domainId: t.rootDomainId, name: 'Hall', kind: 'rtsp', mainUrl: rtsp.url('vtest') });
    assert.equal(a.status, 201, a.text);
    cam = a.body.id;
    const b = await t.admin.post('/api/cameras', { domainId: t.rootDomainId, name: 'Heavy', kind: 'rtsp', mainUrl: rtsp.url('heavy') });
    assert.equal(b.status, 201, b.text);
    heavyCam = b.body.id;
  });
  after(async () => {
    await t?.close();
    await rtsp?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  async function start(cameraId: string, body: object = {}): Promise<any> {
    // with the same session as the sockets: a token only works with the credential that created it
    const res = await fetch(`${t.url}/api/cameras/${cameraId}/live`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await res.text();
    assert.equal(res.status, 201, text);
    return JSON.parse(text);
  }

  it('answers the contract and streams init + fragments from a key frame with advancing decode times', async () => {
    const live = await start(cam);
    assert.equal(live.cameraId, cam);
    assert.equal(live.stream, 'main', 'no sub stream: auto picks main');
    assert.equal(live.transport, 'mse');
    assert.ok(live.token.length >= 22, 'at least 128 random bits');
    assert.equal(live.wsUrl, `/api/live/ws/${live.token}`);
    assert.equal(live.hlsUrl, `/api/live/hls/${live.token}/index.m3u8`);
    assert.equal(live.webrtcUrl, `/api/live/webrtc/${live.token}`);
    assert.ok(Date.parse(live.expiresAt) > Date.now());
    const v = new Viewer(wsUrl(live.wsUrl), cookie);
    await v.opened;
    await eventually('2 s of video', async () => v.covered >= 2, 30_000);
    const init = v.json.find((m) => m.type === 'init');
    assert.ok(init, JSON.stringify(v.json));
    assert.match(init.mime, /^video\/mp4; codecs="avc1\.[0-9a-f]{6}"$/);
    assert.equal(init.codec, 'h264');
    assert.equal(init.width, 768);
    assert.equal(init.height, 576);
    assert.equal(v.inits, 1);
    assert.equal(v.frags[0]!.keyframe, true, 'the first fragment starts at a key frame');
    for (let i = 1; i < v.frags.length; i += 1) assert.ok(v.frags[i]!.decodeTimeS > v.frags[i - 1]!.decodeTimeS, 'decode times advance');
    await eventually('a stats message', async () => v.json.find((m) => m.type === 'stats'));
    const stats = v.json.find((m) => m.type === 'stats');
    for (const k of ['bitrateKbps', 'avgBitrateKbps', 'fps', 'width', 'height', 'codec', 'viewers', 'dropped']) assert.ok(k in stats, k);
    // a ping is answered; the token is single-use for sockets
    v.ws.send(JSON.stringify({ type: 'ping' }));
    await eventually('pong', async () => v.json.some((m) => m.type === 'pong'));
    const again = new Viewer(wsUrl(live.wsUrl), cookie);
    await assert.rejects(again.opened, /404/);
    v.close();
  });

  it('delivers analysis overlays to the camera\'s viewers', async () => {
    const live = await start(cam);
    const v = new Viewer(wsUrl(live.wsUrl), cookie);
    await v.opened;
    await eventually('video', async () => v.frags.length > 0, 30_000);
    const sent = t.server.container.live.publishOverlay(cam, { decodeTimeS: v.frags[0]!.decodeTimeS, objects: [{ id: 'trk_1', className: 'person', box: [0.1, 0.2, 0.3, 0.4], confidence: 0.9 }] });
    assert.ok(sent >= 1);
    assert.equal(t.server.container.live.publishOverlay(heavyCam, { decodeTimeS: 0, objects: [] }), 0, 'other cameras\' viewers get nothing');
    const overlay = await eventually('overlay', async () => v.json.find((m) => m.type === 'overlay'));
    assert.deepEqual(overlay.objects[0].box, [0.1, 0.2, 0.3, 0.4]);
    assert.equal(overlay.decodeTimeS, v.frags[0]!.decodeTimeS);
    v.close();
  });

  it('feeds in-process subscribers (analysis) from the same upstream through CameraStreams', async () => {
    const live = await start(cam);
    const v = new Viewer(wsUrl(live.wsUrl), cookie);
    await v.opened;
    const got = { init: null as null | { mime: string; width: number | null }, frags: [] as Array<{ keyframe: boolean; decodeTimeS: number }> };
    const sub = await t.server.container.live.streams.subscribe(cam, 'main', {
      onInit: (init) => (got.init = init),
      onFragment: (f) => got.frags.push(f),
      onEnd: () => undefined,
    });
    await eventually('fragments for the task', async () => got.frags.length >= 5, 30_000);
    assert.match(got.init!.mime, /avc1/);
    assert.equal(got.init!.width, 768);
    assert.equal(got.frags[0]!.keyframe, true);
    const up = (await t.admin.get('/api/live/stats')).body.upstreams.filter((u: any) => u.cameraId === cam);
    assert.equal(up.length, 1, 'the task shares the viewers\' upstream');
    assert.equal(up[0].starts, 1);
    sub.close();
    sub.close();
    await assert.rejects(t.server.container.live.streams.subscribe('cam_doesnotexist', 'main', { onInit() {}, onFragment() {}, onEnd() {} }), /does not exist/);
    v.close();
  });

  it('serves 50 viewers from one upstream', async () => {
    const viewers: Viewer[] = [];
    for (let i = 0; i < 50; i += 1) {
      const live = await start(cam);
      viewers.push(new Viewer(wsUrl(live.wsUrl), cookie));
    }
    await Promise.all(viewers.map((v) => v.opened));
    await eventually('every viewer got 2 s of video', async () => viewers.every((v) => v.covered >= 2), 60_000);
    const stats = await t.admin.get('/api/live/stats');
    assert.equal(stats.status, 200, stats.text);
    const mine = stats.body.upstreams.filter((u: any) => u.cameraId === cam);
    assert.equal(mine.length, 1, 'one upstream for the camera');
    assert.equal(mine[0].starts, 1, 'one ffmpeg for all viewers');
    assert.ok(mine[0].viewers >= 50, `viewers ${mine[0].viewers}`);
    assert.equal(mine[0].state, 'live');
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    assert.match(metrics, new RegExp(`argus_live_viewers\\{camera="${cam}"\\} (5\\d|6\\d)`));
    for (const v of viewers) v.close();
    await eventually('the idle upstream is closed', async () => !(await t.admin.get('/api/live/stats')).body.upstreams.some((u: any) => u.cameraId === cam), 15_000);
  });

  it('a stalled viewer drops for itself while the others keep up with real time', async () => {
    const live = await Promise.all([0, 1, 2, 3].map(() => start(heavyCam)));
    const viewers = live.map((l) => new Viewer(wsUrl(l.wsUrl), cookie));
    await Promise.all(viewers.map((v) => v.opened));
    const [stalled, ...others] = viewers as [Viewer, ...Viewer[]];
    await eventually('video flows', async () => viewers.every((v) => v.frags.length > 0), 30_000);
    (stalled.ws as any)._socket.pause();
    const t0 = Date.now();
    const covered0 = others.map((v) => v.covered);
    await eventually(
      'drops for the stalled viewer',
      async () => (await t.admin.get('/api/live/stats')).body.upstreams.find((u: any) => u.cameraId === heavyCam)?.droppedTotal > 0,
      60_000,
      500,
    );
    await new Promise((r) => setTimeout(r, 2000));
    const wall = (Date.now() - t0) / 1000;
    others.forEach((v, i) => {
      const progressed = v.covered - covered0[i]!;
      assert.ok(progressed >= wall * 0.6, `viewer ${i + 1} kept up: ${progressed.toFixed(1)} s of video in ${wall.toFixed(1)} s`);
    });
    const fromStats = await eventually('stats of the stalled viewer', async () => {
      (stalled.ws as any)._socket.resume();
      return stalled.json.findLast((m) => m.type === 'stats' && m.dropped > 0);
    }, 30_000);
    assert.ok(fromStats.dropped > 0);
    for (const v of viewers) v.close();
  });
});
