import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { Fmp4Splitter, OPENCV_VTEST_PATH, startTestRtspServer, type SplitFragment, type TestRtspServer } from '@argus/media';
import { eventually } from './support/recording/http';
import { startTestServer, type TestServer } from './support/harness';

/**
 * A TCP proxy in front of the RTSP test camera that counts camera sessions: connections that sent an RTSP DESCRIBE
 * (ffmpeg over RTSP/TCP keeps one connection per session; the recorder's reachability probe connects without a
 * request and is not a session). `open` is the sessions still connected.
 */
class RtspSessionCounter {
  sessions = 0;
  open = 0;
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly upstreamPort: number) {
    this.server = net.createServer((client) => this.onClient(client));
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  private onClient(client: net.Socket): void {
    const upstream = net.connect(this.upstreamPort, '127.0.0.1');
    this.sockets.add(client).add(upstream);
    let seen = '';
    let session = false;
    client.on('data', (chunk: Buffer) => {
      if (!session) {
        seen = (seen + chunk.toString('latin1')).slice(-4096);
        if (/^DESCRIBE /m.test(seen)) {
          session = true;
          this.sessions += 1;
          this.open += 1;
        }
      }
    });
    client.pipe(upstream).pipe(client);
    const end = (): void => {
      if (session) this.open -= 1;
      session = false;
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.once('close', end);
    upstream.once('close', end);
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A headless live viewer: JSON messages, and the binary fMP4 split as a browser would get it. */
class Viewer {
  readonly ws: WebSocket;
  readonly json: any[] = [];
  readonly frags: SplitFragment[] = [];
  /** Index into `frags` where each init segment arrived. */
  readonly initsAt: number[] = [];
  private splitter = new Fmp4Splitter();
  readonly opened: Promise<void>;

  constructor(url: string, cookie: string) {
    this.ws = new WebSocket(url, { headers: { cookie } });
    this.opened = new Promise((resolve, reject) => {
      this.ws.on('error', () => undefined);
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.ws.on('message', (data: Buffer, isBinary) => {
      if (!isBinary) {
        const m = JSON.parse(data.toString('utf8'));
        // a new init segment starts a new MP4 stream: the browser re-creates its SourceBuffer, we a splitter
        if (m.type === 'init') this.splitter = new Fmp4Splitter();
        return void this.json.push(m);
      }
      for (const out of this.splitter.push(data)) {
        if (out.kind === 'init') this.initsAt.push(this.frags.length);
        else this.frags.push(out);
      }
    });
  }

  /** Seconds of video received since fragment `from`. */
  seconds(from = 0): number {
    return this.frags.slice(from).reduce((n, f) => n + f.durationS, 0);
  }

  close(): void {
    this.ws.terminate();
  }
}

/**
 * One camera connection for recording and live view (issue 4): a recorded real RTSP camera (GStreamer serving
 * vtest.avi, behind a session-counting proxy) watched live through the server. The live upstream takes the
 * recorder's tap; turning recording off moves it to its own remux (a state change and a new init for the viewer);
 * turning it back on moves it back, and the remux's connection is released.
 */
describe('live view shares the recorder\'s camera connection', () => {
  let rtsp: TestRtspServer;
  let proxy: RtspSessionCounter;
  let t: TestServer;
  let cookie: string;
  let cam: string;
  let viewer: Viewer | null = null;

  before(async () => {
    rtsp = await startTestRtspServer({ mounts: { vtest: OPENCV_VTEST_PATH } });
    proxy = new RtspSessionCounter(rtsp.port);
    await proxy.listen();
    t = await startTestServer({
      overrides: {
        'recording.segmentSeconds': 2,
        'recording.reconcileSeconds': 0.5,
        'recording.stallTimeoutSeconds': 5,
        'recording.backoffInitialMs': 300,
        'recording.backoffMaxMs': 1500,
        'live.idleGraceSeconds': 1,
      },
    });
    const res = await fetch(`${t.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(t.adminCredentials) });
    cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  });
  after(async () => {
    viewer?.close();
    await t?.close();
    await proxy?.close();
    await rtsp?.stop();
    const left = spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).stdout.split('\n').filter((l) => l.includes('ffmpeg') && l.includes(`127.0.0.1:${proxy.port}/`));
    assert.deepEqual(left, [], 'no ffmpeg outlives the server');
  });

  const upstream = async (): Promise<any> => {
    const stats = await t.admin.get('/api/live/stats');
    assert.equal(stats.status, 200, stats.text);
    return stats.body.upstreams.find((u: any) => u.cameraId === cam);
  };

  it('a recorded camera watched live is connected once: segments AND fragments from the same session', async () => {
    const created = await t.admin.post('/api/cameras', { domainId: t.rootDomainId, name: 'Hall', kind: 'rtsp', mainUrl: `rtsp://127.0.0.1:${proxy.port}/vtest` });
    assert.equal(created.status, 201, created.text);
    cam = created.body.id;
    await eventually('recording', async () => (await t.admin.get(`/api/cameras/${cam}/recording-state`)).body.state?.status === 'recording', 30_000, 250);
    const start = await fetch(`${t.url}/api/cameras/${cam}/live`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });
    const live = JSON.parse(await start.text());
    assert.equal(start.status, 201, JSON.stringify(live));
    const v = new Viewer(`${t.url.replace(/^http/, 'ws')}${live.wsUrl}`, cookie);
    viewer = v;
    await v.opened;
    await eventually('3 s of live video', async () => v.seconds() >= 3, 30_000);
    const segmentsThen = (await t.server.container.segmentIndex.keysOf(cam)).length;
    await eventually('recording goes on while watched', async () => (await t.server.container.segmentIndex.keysOf(cam)).length >= segmentsThen + 2, 30_000, 250);

    assert.equal(proxy.sessions, 1, `one RTSP session for recording and live, saw ${proxy.sessions}`);
    assert.equal(proxy.open, 1);
    const u = await upstream();
    assert.equal(u.ingest, 'recorder');
    assert.equal(u.state, 'live');
    assert.equal(u.codec, 'h264');
    assert.equal(u.width, 768);
    const init = v.json.find((m) => m.type === 'init');
    assert.match(init.mime, /^video\/mp4; codecs="avc1\.[0-9a-f]{6}"$/);
    assert.equal(v.initsAt.length, 1);
    assert.equal(v.frags[0]!.keyframe, true, 'the viewer starts at a key frame');
    assert.ok(v.frags.every((f) => f.durationS <= 0.1 + 0.1 + 1e-6), 'short live fragments, not the recorder\'s 1 s ones');
    for (let i = 1; i < v.frags.length; i += 1) assert.ok(v.frags[i]!.decodeTimeS > v.frags[i - 1]!.decodeTimeS, 'decode times advance');
    // a second viewer joins the same upstream: still one camera session
    const start2 = await fetch(`${t.url}/api/cameras/${cam}/live`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });
    const v2 = new Viewer(`${t.url.replace(/^http/, 'ws')}${JSON.parse(await start2.text()).wsUrl}`, cookie);
    await v2.opened;
    await eventually('the second viewer plays', async () => v2.seconds() >= 1, 20_000);
    assert.equal(proxy.sessions, 1);
    v2.close();
  });

  it('recording turned off while watching: live goes on through its own remux, with a state change and a new init', async () => {
    const v = viewer!;
    const statesBefore = v.json.filter((m) => m.type === 'state').length;
    const off = await t.admin.put(`/api/cameras/${cam}/recording-settings`, { mode: 'off' });
    assert.equal(off.status, 200, off.text);
    await eventually('a new init', async () => v.initsAt.length >= 2, 30_000);
    const from = v.initsAt[1]!;
    await eventually('2 s of video after the switch', async () => v.seconds(from) >= 2, 30_000);
    assert.equal(v.frags[from]!.keyframe, true, 'the new stream starts at a key frame');
    assert.ok(v.json.filter((m) => m.type === 'state').length > statesBefore, 'the viewer saw a state change');
    assert.equal(v.json.filter((m) => m.type === 'init').length, 2, 'an init message before the new init segment');
    const u = await upstream();
    assert.equal(u.ingest, 'remux');
    assert.equal(u.state, 'live');
    await eventually('the recorder\'s session is gone', async () => proxy.open === 1, 20_000);
    assert.equal(proxy.sessions, 2, 'the remux opened the only other session');
  });

  it('recording turned back on: the upstream returns to the recorder and the remux lets go of the camera', async () => {
    const v = viewer!;
    const on = await t.admin.put(`/api/cameras/${cam}/recording-settings`, { mode: 'continuous' });
    assert.equal(on.status, 200, on.text);
    await eventually('a third init', async () => v.initsAt.length >= 3, 30_000);
    const from = v.initsAt[2]!;
    await eventually('2 s of video from the recorder', async () => v.seconds(from) >= 2, 30_000);
    assert.equal((await upstream()).ingest, 'recorder');
    await eventually('one camera session again', async () => proxy.open === 1, 20_000);
    assert.equal(proxy.sessions, 3);
  });
});
