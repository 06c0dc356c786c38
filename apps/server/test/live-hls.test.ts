import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OPENCV_VTEST_PATH, runProcess, startTestRtspServer, type TestRtspServer } from '@argus/media';
import { ffprobeUrl } from './support/recording/http';
import { startTestServer, type TestServer } from './support/harness';

/** The live HLS fallback: a real RTSP camera → the shared upstream → an fMP4 live playlist that ffprobe/ffmpeg play. */
describe('live HLS from a real RTSP camera', () => {
  let rtsp: TestRtspServer;
  let t: TestServer;
  let cookie: string;
  let cam: string;

  before(async () => {
    rtsp = await startTestRtspServer({ mounts: { vtest: OPENCV_VTEST_PATH } });
    t = await startTestServer({ overrides: { 'recording.enabled': false, 'live.hlsSegmentSeconds': 1 } });
    const res = await fetch(`${t.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(t.adminCredentials) });
    cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    cam = (await t.admin.post('/api/cameras', { domainId: t.rootDomainId, name: 'Hall', kind: 'rtsp', mainUrl: rtsp.url('vtest') })).body.id;
  });
  after(async () => {
    await t?.close();
    await rtsp?.stop();
  });

  it('serves a sliding fMP4 playlist whose segments ffprobe and ffmpeg read', async () => {
    const res = await fetch(`${t.url}/api/cameras/${cam}/live`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ transport: 'hls' }) });
    assert.equal(res.status, 201);
    const live = (await res.json()) as { hlsUrl: string; token: string };
    const get = (u: string) => fetch(t.url + u, { headers: { cookie } });
    let text = '';
    for (let i = 0; i < 40 && (text.match(/seg-\d+\.m4s/g) ?? []).length < 3; i += 1) {
      const r = await get(live.hlsUrl);
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type') ?? '', /mpegurl/);
      text = await r.text();
      await new Promise((done) => setTimeout(done, 500));
    }
    assert.match(text, /^#EXTM3U/);
    assert.match(text, /#EXT-X-MAP:URI="init.mp4"/);
    assert.doesNotMatch(text, /#EXT-X-ENDLIST/, 'a live playlist');
    const segs = text.match(/seg-\d+\.m4s/g) ?? [];
    assert.ok(segs.length >= 3, text);
    const base = live.hlsUrl.replace(/index\.m3u8$/, '');
    const init = await get(`${base}init.mp4`);
    assert.equal(init.status, 200);
    assert.equal(Buffer.from(await init.arrayBuffer()).toString('latin1', 4, 8), 'ftyp');
    const seg = await get(`${base}${segs[0]}`);
    assert.equal(seg.status, 200);
    assert.equal(Buffer.from(await seg.arrayBuffer()).toString('latin1', 4, 8), 'moof');
    assert.equal((await get(`${base}seg-999999.m4s`)).status, 404);
    assert.equal((await get(`${base}seg-x.m4s`)).status, 400);
    const probe = await ffprobeUrl(`${t.url}${live.hlsUrl}`, cookie);
    assert.ok(probe.ok, `ffprobe: ${probe.stderr}`);
    const v = probe.json.streams.find((s: any) => s.codec_name === 'h264');
    assert.equal(v.width, 768);
    assert.equal(v.height, 576);
    // a live playlist never ends: decode 3 s of it, as a player would
    const r = await runProcess('ffmpeg', ['-v', 'error', '-headers', `Cookie: ${cookie}\r\n`, '-i', `${t.url}${live.hlsUrl}`, '-t', '3', '-f', 'null', '-'], { timeoutMs: 60_000 });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.stderr.trim(), '', 'decodes without errors');
    const stats = await t.admin.get('/api/live/stats');
    const up = stats.body.upstreams.find((u: any) => u.cameraId === cam);
    assert.equal(up.starts, 1, 'HLS sessions share the one upstream');
  });
});
