import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT, requireSharedFile, sharedDatasetsDir } from '@argus/media';
import type { ClosedSegment } from '../src/features/recordings/engine-port';
import { cutSegments } from './support/recording/cut-segments';
import { decodesCleanly, eventually, ffprobeUrl } from './support/recording/http';
import { QuotaBlobStore } from './support/recording/quota-blob-store';
import { ReplayEngine } from './support/recording/replay-engine';
import { startTestServer, TEST_PASSWORD, type TestServer } from './support/harness';

const CLIP = 'videos/intel_one-by-one-person-detection.mp4';

async function cookieOf(t: TestServer): Promise<string> {
  const res = await fetch(`${t.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(t.adminCredentials) });
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * The server side of recording with real segments (cut from real footage by ffmpeg) handed over by a stand-in
 * engine: index, timeline ranges, HLS playback read by ffprobe over HTTP, byte ranges, search, export with signed
 * manifest and its verification (API and CLI), rights and bad input, and retention under a small disk quota.
 */
describe('recordings through the API (real segments, stand-in engine)', () => {
  let t: TestServer;
  let work: string;
  let templates: ClosedSegment[] = [];
  let clip: string | undefined;
  let cameraId: string;
  let cookie: string;
  let engine: ReplayEngine;

  before(async (ctx) => {
    clip = requireSharedFile(CLIP, ctx as never);
    if (!clip) return;
    work = await mkdtemp(path.join(os.tmpdir(), 'argus-rec-api-'));
    templates = await cutSegments(clip, work, { seconds: 2, startMs: 0, sourceId: 'tpl', sessionId: 'tpl', maxSeconds: 24 });
    engine = new ReplayEngine(templates, { periodMs: 120, restartGapMs: 10_000 });
    t = await startTestServer({
      recordingEngine: engine,
      overrides: { 'media.fileSourceRoots': [sharedDatasetsDir()], 'recording.reconcileSeconds': 0.5, 'recording.segmentSeconds': 2, 'recording.scheduleTimeZone': 'UTC' },
    });
    cookie = await cookieOf(t);
  });
  after(async () => {
    await t?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('records a camera created through the API: segments appear in the index within seconds', async (ctx) => {
    if (!clip) return ctx.skip('no clip');
    const res = await t.admin.post('/api/cameras', { domainId: t.rootDomainId, name: 'Lobby', kind: 'file', mainUrl: `file://${clip}` });
    assert.equal(res.status, 201, res.text);
    cameraId = res.body.id;
    await eventually('5 indexed segments', async () => (await t.server.container.segmentIndex.keysOf(cameraId)).length >= 5, 15_000);
    const state = await t.admin.get(`/api/cameras/${cameraId}/recording-state`);
    assert.equal(state.status, 200);
    assert.equal(state.body.state.status, 'recording');
    assert.ok(state.body.state.segments >= 5);
    assert.ok(state.body.lastSegmentEndMs > 0);
    const status = await t.admin.get('/api/recordings/status');
    assert.equal(status.body.items.find((i: any) => i.cameraId === cameraId)?.state.status, 'recording');
    // The index matches the blob store, and each stored object is the segment byte for byte.
    const keys = await t.server.container.segmentIndex.keysOf(cameraId);
    const blobs = await t.server.container.blobs.list(`rec/${cameraId}/`);
    assert.deepEqual(blobs.map((b) => b.key).filter((k) => keys.includes(k)).length, keys.length);
    const first = await t.server.container.segmentIndex.byStorageKey(keys[0]!);
    assert.equal(sha256((await t.server.container.blobs.get(keys[0]!))!), first?.sha256);
  });

  it('answers ranges and gaps, a playlist ffprobe can read over HTTP, and byte ranges of segments', async (ctx) => {
    if (!clip) return ctx.skip('no clip');
    const idx = t.server.container.segmentIndex;
    const newest = (await idx.newest(cameraId))!;
    const oldest = (await idx.oldestDeletable(cameraId, Date.now(), 1))[0]!;
    const from = oldest.startMs - 60_000;
    const to = newest.endMs + 1000;
    const r = await t.admin.get(`/api/cameras/${cameraId}/recordings?from=${from}&to=${to}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.ranges.length, 1, 'one continuous range');
    assert.equal(r.body.ranges[0].startMs, oldest.startMs);
    assert.ok(r.body.gaps.length >= 1 && r.body.gaps[0].endMs === oldest.startMs, 'the time before recording is a gap');
    assert.ok(r.body.segments >= 5);

    const playFrom = new Date(oldest.startMs + 500).toISOString();
    const playTo = new Date(newest.endMs).toISOString();
    const auditBefore = (await t.admin.get(`/api/audit?action=recording.view&targetId=${cameraId}`)).body.items.length;
    const pl = await t.admin.get(`/api/cameras/${cameraId}/playback.m3u8?from=${playFrom}&to=${playTo}`);
    assert.equal(pl.status, 200, pl.text);
    assert.match(pl.headers.get('content-type') ?? '', /application\/vnd\.apple\.mpegurl/);
    const lines = pl.text.split('\n');
    assert.ok(lines.includes('#EXT-X-VERSION:7') && lines.includes('#EXT-X-PLAYLIST-TYPE:VOD') && lines.includes('#EXT-X-ENDLIST'));
    assert.ok(lines.some((l) => l.startsWith('#EXT-X-MAP:URI="../../recordings/segments/seg_') && l.includes('BYTERANGE=')));
    assert.equal(lines.filter((l) => l.startsWith('#EXT-X-PROGRAM-DATE-TIME:')).length, lines.filter((l) => l.startsWith('#EXTINF')).length);

    const segUrl = lines.find((l) => l.startsWith('../../recordings/segments/'))!.replace('../../', '/api/');
    assert.match(segUrl, /\.mp4$/);
    const seg = (await idx.byId(segUrl.split('/').pop()!.replace('.mp4', '')))!;
    const part = await t.admin.request('GET', segUrl, undefined, { range: 'bytes=0-99' });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), `bytes 0-99/${seg.sizeBytes}`);
    assert.equal(part.headers.get('accept-ranges'), 'bytes');
    assert.match(part.headers.get('cache-control') ?? '', /immutable/);
    const whole = await fetch(`${t.url}${segUrl}`, { headers: { cookie } });
    assert.equal(whole.status, 200);
    assert.equal(sha256(Buffer.from(await whole.arrayBuffer())), seg.sha256);
    const etag = whole.headers.get('etag')!;
    assert.equal((await fetch(`${t.url}${segUrl}`, { headers: { cookie, 'if-none-match': etag } })).status, 304);
    const beyond = await t.admin.request('GET', segUrl, undefined, { range: `bytes=${seg.sizeBytes}-` });
    assert.equal(beyond.status, 416);
    assert.equal(beyond.headers.get('content-range'), `bytes */${seg.sizeBytes}`);

    const probeUrl = `${t.url}/api/cameras/${cameraId}/playback.m3u8?from=${playFrom}&to=${playTo}`;
    const probe = await ffprobeUrl(probeUrl, cookie);
    assert.ok(probe.ok, probe.stderr);
    assert.equal(probe.json.streams[0].codec_name, 'h264');
    assert.ok(Number(probe.json.format.duration) > 8, `duration ${probe.json.format.duration}`);
    const decoded = await decodesCleanly(probeUrl, cookie);
    assert.ok(decoded.ok, decoded.stderr);
    const auditAfter = (await t.admin.get(`/api/audit?action=recording.view&targetId=${cameraId}`)).body.items.length;
    assert.equal(auditAfter - auditBefore, 3, 'one audit entry per playlist request (ours, ffprobe, ffmpeg), none per segment');
  });

  it('searches several cameras for video in a time range', async (ctx) => {
    if (!clip) return ctx.skip('no clip');
    const other = (await t.admin.post('/api/cameras', { domainId: t.rootDomainId, name: 'Idle', kind: 'rtsp', mainUrl: 'rtsp://127.0.0.1:9/none' })).body.id;
    const newest = (await t.server.container.segmentIndex.newest(cameraId))!;
    const r = await t.admin.get(`/api/recordings/search?cameraIds=${cameraId}&cameraIds=${other}&from=${newest.startMs - 3_600_000}&to=${newest.endMs}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.searched, 2);
    assert.deepEqual(r.body.items.map((i: any) => i.cameraId), [cameraId]);
    assert.ok(r.body.items[0].recordedMs > 5000);
    const all = await t.admin.get(`/api/recordings/search?from=${newest.startMs - 3_600_000}&to=${newest.endMs}`);
    assert.deepEqual(all.body.items.map((i: any) => i.cameraId), [cameraId]);
    const idle = await eventually('the unreachable camera to fail', async () => {
      const r = await t.admin.get(`/api/cameras/${other}/recording-state`);
      return r.body.state.status === 'failing' ? r : undefined;
    }, 5000);
    assert.match(idle.body.state.reason, /unreachable/);
    assert.ok(!engine.runs.some((run) => run.sourceId === other));
    await t.admin.delete(`/api/cameras/${other}`);
  });

  it('exports a range as a signed clip that the API and the CLI verify, and that detect any change', async (ctx) => {
    if (!clip) return ctx.skip('no clip');
    const idx = t.server.container.segmentIndex;
    const oldest = (await idx.oldestDeletable(cameraId, Date.now(), 1))[0]!;
    const from = oldest.startMs + 2500;
    const to = from + 6000;
    const created = await t.admin.post(`/api/cameras/${cameraId}/exports`, { from: new Date(from).toISOString(), to: String(to), pin: true });
    assert.equal(created.status, 202, created.text);
    assert.equal(created.body.state, 'queued');
    const id = created.body.id;
    const done = await eventually('the export to finish', async () => {
      const r = await t.admin.get(`/api/exports/${id}`);
      return r.body.state === 'done' || r.body.state === 'failed' ? r.body : undefined;
    }, 30_000);
    assert.equal(done.state, 'done', done.error);
    assert.equal(done.progress, 1);
    assert.ok(done.actualFromMs <= from && done.actualToMs >= to, 'the clip covers the requested range, cut on key frames');
    assert.ok(done.actualFromMs > from - 2000 && done.actualToMs < to + 2000, 'and not much more (key frame every second)');

    const fileRes = await fetch(`${t.url}/api/exports/${id}/file`, { headers: { cookie } });
    assert.equal(fileRes.status, 200);
    assert.match(fileRes.headers.get('content-disposition') ?? '', /attachment; filename="Lobby_.*\.mp4"/);
    const file = Buffer.from(await fileRes.arrayBuffer());
    assert.equal(sha256(file), done.file.sha256);
    const manifest = (await t.admin.get(`/api/exports/${id}/manifest`)).body;
    assert.equal(manifest.file.sha256, done.file.sha256);
    assert.equal(manifest.actualRange.startMs, done.actualFromMs);
    assert.equal(manifest.camera.name, 'Lobby');
    assert.ok(manifest.segments.length >= 3);
    assert.equal(manifest.signature.algorithm, 'Ed25519');

    const dir = await mkdtemp(path.join(os.tmpdir(), 'argus-export-'));
    try {
      await writeFile(path.join(dir, 'clip.mp4'), file);
      const probe = await ffprobeUrl(path.join(dir, 'clip.mp4'), '');
      assert.ok(probe.ok, probe.stderr);
      const dur = Number(probe.json.format.duration) * 1000;
      assert.ok(Math.abs(dur - (done.actualToMs - done.actualFromMs)) < 300, `clip ${dur} ms vs stated ${done.actualToMs - done.actualFromMs} ms`);

      const verify = (body: unknown) => t.admin.post('/api/exports/verify', body);
      assert.equal((await verify({ manifest, fileSha256: done.file.sha256, fileSize: file.length })).body.valid, true);
      const flipped = Buffer.from(file);
      flipped[Math.floor(flipped.length / 2)]! ^= 0x01;
      const bad = (await verify({ manifest, fileSha256: sha256(flipped) })).body;
      assert.equal(bad.valid, false);
      assert.equal(bad.signatureValid, true);
      const edited = structuredClone(manifest);
      edited.actualRange.startMs -= 1000;
      assert.equal((await verify({ manifest: edited, fileSha256: done.file.sha256 })).body.valid, false);

      // The CLI, offline, with the public key from the API.
      const pub = (await t.anonymous.get('/api/exports/public-key')).body;
      await writeFile(path.join(dir, 'key.pem'), pub.publicKeyPem);
      await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
      await writeFile(path.join(dir, 'flipped.mp4'), flipped);
      await writeFile(path.join(dir, 'edited.json'), JSON.stringify(edited));
      const cli = (...args: string[]) =>
        spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'apps/server/src/cli/argus.ts'), 'verify-export', ...args, '--public-key', path.join(dir, 'key.pem')], { encoding: 'utf8', cwd: REPO_ROOT });
      const ok = cli(path.join(dir, 'clip.mp4'), path.join(dir, 'manifest.json'));
      assert.equal(ok.status, 0, ok.stdout + ok.stderr);
      assert.match(ok.stdout, /^VALID/);
      const flip = cli(path.join(dir, 'flipped.mp4'), path.join(dir, 'manifest.json'));
      assert.equal(flip.status, 1, flip.stdout + flip.stderr);
      assert.match(flip.stdout, /SHA-256 mismatch/);
      const edit = cli(path.join(dir, 'clip.mp4'), path.join(dir, 'edited.json'));
      assert.equal(edit.status, 1, edit.stdout + edit.stderr);
      assert.match(edit.stdout, /signature does not match/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    // Pinned: its segments are kept from retention; deleting the export releases them.
    const kept = await idx.overlapping(cameraId, done.actualFromMs, done.actualToMs);
    assert.ok(kept.every((s) => s.keepUntilMs !== null && s.keepUntilMs > Date.now() + 300 * 86_400_000));
    const audits = (await t.admin.get(`/api/audit?targetId=${cameraId}`)).body.items.map((e: any) => e.action);
    assert.ok(audits.includes('recording.export') && audits.includes('recording.export.download'));
    assert.equal((await t.admin.delete(`/api/exports/${id}`)).status, 204);
    assert.ok((await idx.overlapping(cameraId, done.actualFromMs, done.actualToMs)).every((s) => s.keepUntilMs === null));
    assert.equal((await t.admin.get(`/api/exports/${id}`)).status, 404);
  });

  it('burns a watermark in when asked (a transcode, with progress)', async (ctx) => {
    if (!clip) return ctx.skip('no clip');
    const oldest = (await t.server.container.segmentIndex.oldestDeletable(cameraId, Date.now(), 1))[0]!;
    const created = await t.admin.post(`/api/cameras/${cameraId}/exports`, { from: String(oldest.startMs), to: String(oldest.startMs + 4000), watermark: true });
    assert.equal(created.status, 202, created.text);
    const done = await eventually('the watermarked export', async () => {
      const r = await t.admin.get(`/api/exports/${created.body.id}`);
      return r.body.state === 'done' || r.body.state === 'failed' ? r.body : undefined;
    }, 60_000);
    assert.equal(done.state, 'done', done.error);
    assert.equal(done.watermark, true);
    const list = await t.admin.get(`/api/exports?cameraId=${cameraId}`);
    assert.ok(list.body.items.some((e: any) => e.id === created.body.id));
  });

  it('refuses what the caller may not see or do, and bad ranges and ids, with clear 4xx answers', async (ctx) => {
    if (!clip) return ctx.skip('no clip');
    const newest = (await t.server.container.segmentIndex.newest(cameraId))!;
    const q = `from=${newest.startMs - 10_000}&to=${newest.endMs}`;
    const other = (await t.admin.post('/api/domains', { parentId: t.rootDomainId, name: 'Elsewhere' })).body;
    const outsider = await t.userWith('rec-outsider', [{ domainId: other.id, role: 'viewer' }]);
    const auditor = await t.userWith('rec-auditor', [{ domainId: t.rootDomainId, role: 'auditor' }]);
    const viewer = await t.userWith('rec-viewer', [{ domainId: t.rootDomainId, role: 'viewer' }]);
    const segId = (await t.server.container.segmentIndex.newest(cameraId))!.id;

    for (const url of [`/api/cameras/${cameraId}/recordings?${q}`, `/api/cameras/${cameraId}/playback.m3u8?${q}`, `/api/recordings/segments/${segId}`]) {
      const hidden = await outsider.get(url);
      assert.equal(hidden.status, 404, `${url} for someone outside the domain`);
      assert.equal(hidden.body.code, 'not_found');
      assert.equal((await auditor.get(url)).status, 403, `${url} for an auditor (no video)`);
      assert.equal((await viewer.get(url)).status, 200, `${url} for a viewer`);
    }
    assert.equal((await outsider.get(`/api/recordings/search?cameraIds=${cameraId}&${q}`)).body.items.length, 0);
    assert.equal((await viewer.post(`/api/cameras/${cameraId}/exports`, { from: String(newest.startMs), to: String(newest.endMs) })).status, 403);
    assert.equal((await outsider.post(`/api/cameras/${cameraId}/exports`, { from: String(newest.startMs), to: String(newest.endMs) })).status, 404);
    assert.equal((await viewer.put(`/api/cameras/${cameraId}/recording-settings`, { mode: 'off' })).status, 403);
    assert.equal((await auditor.get(`/api/cameras/${cameraId}/recording-state`)).status, 200, 'state is not video');

    const bad = async (url: string, status: number, code?: string) => {
      const r = await t.admin.get(url);
      assert.equal(r.status, status, `${url}: ${r.text}`);
      assert.match(r.headers.get('content-type') ?? '', /application\/problem\+json/);
      if (code) assert.equal(r.body.code, code, url);
    };
    const day = 86_400_000;
    await bad(`/api/cameras/${cameraId}/playback.m3u8?from=${newest.endMs}&to=${newest.startMs}`, 400, 'validation_failed');
    await bad(`/api/cameras/${cameraId}/recordings?from=${newest.startMs}&to=${newest.startMs}`, 400);
    await bad(`/api/cameras/${cameraId}/recordings?from=yesterday&to=${newest.startMs}`, 400);
    await bad(`/api/cameras/${cameraId}/recordings?from=${Date.now() + 3 * 365 * day}&to=${Date.now() + 3 * 365 * day + 1000}`, 400);
    await bad(`/api/cameras/${cameraId}/recordings?from=946684799999&to=946684800999`, 400);
    await bad(`/api/cameras/${cameraId}/playback.m3u8?from=${newest.startMs - 3 * day}&to=${newest.startMs}`, 400);
    await bad(`/api/cameras/${cameraId}/playback.m3u8?from=${newest.startMs - 20 * day}&to=${newest.startMs - 19 * day}`, 404, 'no_recordings');
    const empty = await t.admin.get(`/api/cameras/${cameraId}/recordings?from=${newest.startMs - 20 * day}&to=${newest.startMs - 19 * day}`);
    assert.equal(empty.status, 200);
    assert.deepEqual(empty.body.ranges, []);
    const longExport = await t.admin.post(`/api/cameras/${cameraId}/exports`, { from: String(newest.endMs - 2 * day), to: String(newest.endMs) });
    assert.equal(longExport.status, 400, longExport.text);
    const noVideoExport = await t.admin.post(`/api/cameras/${cameraId}/exports`, { from: String(newest.startMs - 20 * day), to: String(newest.startMs - 19 * day) });
    assert.equal(noVideoExport.status, 404);
    assert.equal(noVideoExport.body.code, 'no_recordings');
    await bad('/api/recordings/segments/..%2F..%2Fetc%2Fpasswd', 400);
    await bad('/api/recordings/segments/seg_doesnotexist', 404, 'not_found');
    await bad('/api/exports/..%2F..%2Fsecret.key', 400);
    await bad('/api/exports/exp_nothere/file', 404, 'not_found');
    await bad(`/api/cameras/cam_nothere/playback.m3u8?${q}`, 404, 'not_found');
    await bad(`/api/recordings/search?cameraIds=../x&${q}`, 400);
    const sign = await t.signIn('rec-viewer', TEST_PASSWORD);
    assert.equal((await sign.post('/api/exports/verify', { manifest: { format: 'x' } })).body.valid, false);
  });

  it('in event-only mode keeps a pre-roll and stores it only around a marked event', async (ctx) => {
    if (!clip) return ctx.skip('no clip');
    const cam = (await t.admin.post('/api/cameras', { domainId: t.rootDomainId, name: 'Events', kind: 'file', mainUrl: `file://${clip}`, enabled: false })).body.id;
    const put = await t.admin.put(`/api/cameras/${cam}/recording-settings`, { mode: 'event', preRollSegments: 2, postRollSeconds: 2 });
    assert.equal(put.status, 200, put.text);
    assert.deepEqual([put.body.mode, put.body.effective.preRollSegments], ['event', 2]);
    await t.admin.patch(`/api/cameras/${cam}`, { enabled: true });
    await eventually('a full pre-roll buffer', async () => (await t.admin.get(`/api/cameras/${cam}/recording-state`)).body.state.preRoll === 2, 10_000);
    const idx = t.server.container.segmentIndex;
    assert.equal((await idx.keysOf(cam)).length, 0, 'nothing stored without an event');
    assert.equal(await t.server.container.recorder.markEvent(cam, Date.now()), 2, 'the pre-roll is stored at the event');
    const stored = (await idx.keysOf(cam)).length;
    assert.ok(stored >= 2);
    await new Promise((r) => setTimeout(r, 800));
    assert.ok((await idx.keysOf(cam)).length <= stored + 2, 'after the post-roll, segments are buffered again, not stored');
    await t.admin.delete(`/api/cameras/${cam}`);
  });

  it('shows a restart of the recorder as a new session after a gap, and stops on disable', async (ctx) => {
    if (!clip) return ctx.skip('no clip');
    const runs = () => engine.runs.filter((r) => r.sourceId === cameraId);
    assert.equal(runs().length, 1);
    assert.equal((await t.admin.patch(`/api/cameras/${cameraId}`, { enabled: false })).status, 200);
    await eventually('the recorder to stop', async () => runs()[0]!.stopped, 5000);
    assert.equal((await t.admin.get(`/api/cameras/${cameraId}/recording-state`)).body.state.status, 'disabled');
    assert.equal((await t.admin.patch(`/api/cameras/${cameraId}`, { enabled: true })).status, 200);
    await eventually('a second session', async () => runs().length === 2, 5000);
    const before = (await t.server.container.segmentIndex.newest(cameraId))!;
    await eventually('segments of the new session', async () => ((await t.server.container.segmentIndex.newest(cameraId))!.startMs > before.startMs + 4000 ? true : undefined), 10_000);
    const newest = (await t.server.container.segmentIndex.newest(cameraId))!;
    const r = await t.admin.get(`/api/cameras/${cameraId}/recordings?from=${newest.endMs - 3_600_000}&to=${newest.endMs}`);
    assert.equal(r.body.ranges.length, 2, JSON.stringify(r.body.ranges));
    // A schedule that does not include now stops the recorder; one that does starts it again.
    const today = new Date().getUTCDay();
    const away = await t.admin.put(`/api/cameras/${cameraId}/recording-settings`, { schedule: [{ days: [(today + 3) % 7], start: '00:00', end: '01:00' }] });
    assert.equal(away.status, 200, away.text);
    assert.equal(away.body.inSchedule, false);
    await eventually('the recorder to stop outside its schedule', async () => runs().every((run) => run.stopped), 5000);
    const off = (await t.admin.get(`/api/cameras/${cameraId}/recording-state`)).body.state;
    assert.deepEqual([off.status, off.reason], ['disabled', 'outside its recording schedule']);
    assert.equal((await t.admin.put(`/api/cameras/${cameraId}/recording-settings`, { schedule: [{ days: [7], start: '25:00', end: 'x' }] })).status, 400);
    const back = await t.admin.put(`/api/cameras/${cameraId}/recording-settings`, { schedule: [{ days: [0, 1, 2, 3, 4, 5, 6], start: '00:00', end: '24:00' }] });
    assert.equal(back.body.inSchedule, true);
    await eventually('a third session inside the schedule', async () => runs().length === 3, 5000);
    const settings = await t.admin.put(`/api/cameras/${cameraId}/recording-settings`, { mode: 'off', maxAgeHours: 48 });
    assert.equal(settings.status, 200, settings.text);
    assert.equal(settings.body.effectiveMode, 'off');
    await eventually('recording off', async () => runs().every((run) => run.stopped), 5000);
  });
});

describe('recording under a small disk quota', () => {
  let t: TestServer;
  let work: string;
  let clip: string | undefined;
  let store: QuotaBlobStore;

  before(async (ctx) => {
    clip = requireSharedFile(CLIP, ctx as never);
    if (!clip) return;
    work = await mkdtemp(path.join(os.tmpdir(), 'argus-rec-quota-'));
    const templates = await cutSegments(clip, work, { seconds: 2, startMs: 0, sourceId: 'tpl', sessionId: 'tpl', maxSeconds: 24 });
    const perSegment = templates.reduce((n, s) => n + s.sizeBytes, 0) / templates.length;
    store = new QuotaBlobStore(path.join(work, 'blobs'), Math.round(perSegment * 12));
    t = await startTestServer({
      blobs: store,
      recordingEngine: new ReplayEngine(templates, { periodMs: 60 }),
      overrides: {
        'media.fileSourceRoots': [sharedDatasetsDir()],
        'recording.retention.diskCeilingBytes': Math.round(perSegment * 8),
        'recording.retention.intervalSeconds': 3600,
        'recording.retention.emergencyFreeBytes': Math.round(perSegment * 2),
      },
    });
  });
  after(async () => {
    await t?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('frees space when the disk is full and when above the ceiling, and keeps recording newer video', async (ctx) => {
    if (!clip) return ctx.skip('no clip');
    const cameraId = (await t.admin.post('/api/cameras', { domainId: t.rootDomainId, name: 'Busy', kind: 'file', mainUrl: `file://${clip}` })).body.id;
    const idx = t.server.container.segmentIndex;
    const ingest = t.server.container.segmentIngest;
    await eventually('60 segments stored through a 12-segment disk', async () => ingest.counters.stored >= 60, 30_000);
    assert.ok(store.refusals > 0, 'the disk did fill up');
    assert.equal(ingest.counters.lost, 0, 'no segment lost');
    assert.ok(store.used <= Math.round((await store.list('rec/')).reduce((n, b) => n + b.size, 0)) + 1);
    const usage = (await idx.usage()).find((u) => u.cameraId === cameraId)!;
    assert.ok(usage.segments <= 14, `${usage.segments} segments kept`);
    assert.ok(usage.segments >= 3);
    // Index and store agree: every indexed segment is stored, nothing stored is unindexed.
    const keys = new Set(await idx.keysOf(cameraId));
    const stored = new Set((await store.list(`rec/${cameraId}/`)).map((b) => b.key));
    assert.deepEqual([...keys].filter((k) => !stored.has(k)), []);
    assert.deepEqual([...stored].filter((k) => !keys.has(k)), []);
    // The periodic run brings it under the ceiling.
    const report = await t.server.container.retention.run('test');
    assert.ok(report.managedBytes <= (report.ceilingBytes ?? 0), JSON.stringify(report));
    const newestBefore = (await idx.newest(cameraId))!.startMs;
    await eventually('newer video still recorded', async () => (await idx.newest(cameraId))!.startMs > newestBefore, 5000);
    assert.equal((await fetch(`${t.url}/api/health`)).status, 200);
  });
});
