import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { requireSharedFile, startTestRtspServer, type TestRtspServer } from '@argus/media';
import { decodesCleanly, eventually, ffprobeUrl } from './support/recording/http';
import { startTestServer, type TestServer } from './support/harness';

const CLIP = 'videos/intel_one-by-one-person-detection.mp4';

/** ffmpeg processes whose command line mentions `needle` (a data folder): none may outlive the server. */
function ffmpegWith(needle: string): string[] {
  const r = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return r.stdout.split('\n').filter((l) => l.includes('ffmpeg') && l.includes(needle));
}

/**
 * Recording a real RTSP camera through the whole server with the real engine: camera created through the API,
 * segments in the index within seconds, HLS playback read by ffprobe over HTTP with the session cookie, a byte
 * range, an export verified against its manifest, a camera outage showing as a gap, and no ffmpeg left behind.
 */
describe('recording a live RTSP camera end to end', () => {
  let rtsp: TestRtspServer | undefined;
  let t: TestServer;
  let cookie: string;
  let cameraId: string;
  let dataDir: string;

  before(async (ctx) => {
    const clip = requireSharedFile(CLIP, ctx as never);
    if (!clip) return;
    rtsp = await startTestRtspServer({ mounts: { door: clip }, user: 'cam', password: 'pa55-word' });
    t = await startTestServer({
      overrides: {
        'recording.segmentSeconds': 2,
        'recording.reconcileSeconds': 0.5,
        'recording.stallTimeoutSeconds': 4,
        'recording.backoffInitialMs': 300,
        'recording.backoffMaxMs': 1500,
      },
    });
    dataDir = t.server.container.config.dataDir;
    const res = await fetch(`${t.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(t.adminCredentials) });
    cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  });
  after(async () => {
    await t?.close();
    await rtsp?.stop();
    if (dataDir) assert.deepEqual(ffmpegWith(dataDir), [], 'no ffmpeg outlives the server');
  });

  it('indexes segments of a camera created through the API within seconds', async (ctx) => {
    if (!rtsp) return ctx.skip('no clip');
    const created = await t.admin.post('/api/cameras', { domainId: t.rootDomainId, name: 'Door', kind: 'rtsp', mainUrl: rtsp.url('door'), username: 'cam', password: 'pa55-word' });
    assert.equal(created.status, 201, created.text);
    cameraId = created.body.id;
    const started = Date.now();
    await eventually('3 segments in the index', async () => (await t.server.container.segmentIndex.keysOf(cameraId)).length >= 3, 30_000, 250);
    console.log(`rtsp: first 3 segments indexed ${Date.now() - started} ms after the camera was created`);
    const state = (await t.admin.get(`/api/cameras/${cameraId}/recording-state`)).body.state;
    assert.equal(state.status, 'recording', JSON.stringify(state));
    const seg = (await t.server.container.segmentIndex.newest(cameraId))!;
    assert.equal(seg.videoCodec, 'h264');
    assert.equal(seg.width, 768);
    assert.ok(Math.abs(seg.startMs - Date.now()) < 15_000, 'wall-clock start times');
  });

  it('plays the recording: playlist over HTTP for ffprobe and ffmpeg, a segment byte range', async (ctx) => {
    if (!rtsp) return ctx.skip('no clip');
    const idx = t.server.container.segmentIndex;
    const [first] = await idx.oldestDeletable(cameraId, Date.now(), 1);
    const newest = (await idx.newest(cameraId))!;
    const url = `${t.url}/api/cameras/${cameraId}/playback.m3u8?from=${first!.startMs}&to=${newest.endMs}`;
    const probe = await ffprobeUrl(url, cookie);
    assert.ok(probe.ok, probe.stderr);
    assert.equal(probe.json.streams[0].codec_name, 'h264');
    const dec = await decodesCleanly(url, cookie);
    assert.ok(dec.ok, dec.stderr);
    const r = await fetch(`${t.url}/api/recordings/segments/${newest.id}.mp4`, { headers: { cookie, range: `bytes=${newest.initSize}-` } });
    assert.equal(r.status, 206);
    assert.equal(Number(r.headers.get('content-length')), newest.sizeBytes - newest.initSize);
    const body = Buffer.from(await r.arrayBuffer());
    assert.equal(body.toString('latin1', 4, 8), 'moof', 'the media part starts with a fragment');
  });

  it('exports a few seconds as a clip the manifest vouches for', async (ctx) => {
    if (!rtsp) return ctx.skip('no clip');
    const newest = (await t.server.container.segmentIndex.newest(cameraId))!;
    const created = await t.admin.post(`/api/cameras/${cameraId}/exports`, { from: String(newest.startMs - 3000), to: String(newest.endMs - 500) });
    assert.equal(created.status, 202, created.text);
    const done = await eventually('export', async () => {
      const r = await t.admin.get(`/api/exports/${created.body.id}`);
      return ['done', 'failed'].includes(r.body.state) ? r.body : undefined;
    }, 30_000);
    assert.equal(done.state, 'done', done.error);
    const file = Buffer.from(await (await fetch(`${t.url}${done.file.url}`, { headers: { cookie } })).arrayBuffer());
    const manifest = (await t.admin.get(done.manifestUrl)).body;
    const sha = createHash('sha256').update(file).digest('hex');
    assert.equal((await t.admin.post('/api/exports/verify', { manifest, fileSha256: sha, fileSize: file.length })).body.valid, true);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'argus-rtsp-export-'));
    try {
      await writeFile(path.join(dir, 'clip.mp4'), file);
      const probe = await ffprobeUrl(path.join(dir, 'clip.mp4'), '');
      assert.ok(probe.ok, probe.stderr);
      const ms = Number(probe.json.format.duration) * 1000;
      assert.ok(Math.abs(ms - (done.actualToMs - done.actualFromMs)) < 500, `clip ${ms} ms, stated ${done.actualToMs - done.actualFromMs} ms`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('shows a camera outage as a gap, and resumes recording after it', async (ctx) => {
    if (!rtsp) return ctx.skip('no clip');
    const idx = t.server.container.segmentIndex;
    await rtsp.stop();
    const down = Date.now();
    await eventually('the recorder to notice', async () => (await t.admin.get(`/api/cameras/${cameraId}/recording-state`)).body.state.status !== 'recording', 15_000, 250);
    await new Promise((r) => setTimeout(r, Math.max(0, 3000 - (Date.now() - down))));
    const lastBefore = (await idx.newest(cameraId))!;
    await rtsp.restart();
    const up = Date.now();
    await eventually('segments after the outage', async () => ((await idx.newest(cameraId))!.sessionId !== lastBefore.sessionId ? true : undefined), 30_000, 250);
    console.log(`rtsp: recording resumed ${Date.now() - up} ms after the camera came back`);
    const newest = (await idx.newest(cameraId))!;
    const r = await t.admin.get(`/api/cameras/${cameraId}/recordings?from=${newest.endMs - 600_000}&to=${newest.endMs}`);
    assert.equal(r.status, 200);
    assert.equal(r.body.ranges.length, 2, JSON.stringify(r.body.ranges));
    const hole = r.body.ranges[1].startMs - r.body.ranges[0].endMs;
    assert.ok(hole >= 1500, `a gap of ${hole} ms where the camera was down`);
    assert.ok(r.body.gaps.some((g: any) => g.startMs === r.body.ranges[0].endMs && g.endMs === r.body.ranges[1].startMs));
    const pl = await t.admin.get(`/api/cameras/${cameraId}/playback.m3u8?from=${newest.endMs - 600_000}&to=${newest.endMs}`);
    assert.equal(pl.text.split('\n').filter((l: string) => l === '#EXT-X-DISCONTINUITY').length, 1);
  });
});
