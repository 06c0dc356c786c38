import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { requireSharedFile, sharedDatasetsDir } from '@argus/media';
import type { ClosedSegment } from '../src/features/recordings/engine-port';
import { cutSegments } from './support/recording/cut-segments';
import { decodesCleanly, eventually } from './support/recording/http';
import { ReplayEngine } from './support/recording/replay-engine';
import { startTestServer, type TestServer } from './support/harness';
import { startS3Server, type TestS3Server } from './support/s3-server';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Scale-out storage: recordings in S3-compatible object storage (a real S3-protocol server), encrypted at rest. */
describe('recordings in S3-compatible storage, encrypted at rest', () => {
  let s3: TestS3Server;
  let t: TestServer;
  let work: string;
  let templates: ClosedSegment[] = [];
  let clip: string | undefined;
  let cameraId: string;

  before(async (ctx) => {
    clip = requireSharedFile('videos/intel_one-by-one-person-detection.mp4', ctx as never);
    if (!clip) return;
    work = await mkdtemp(path.join(os.tmpdir(), 'argus-rec-s3-'));
    templates = await cutSegments(clip, work, { seconds: 2, startMs: 0, sourceId: 'tpl', sessionId: 'tpl', maxSeconds: 12 });
    s3 = await startS3Server();
    t = await startTestServer({
      recordingEngine: new ReplayEngine(templates, { periodMs: 120, restartGapMs: 10_000 }),
      overrides: {
        'media.fileSourceRoots': [sharedDatasetsDir()],
        'recording.reconcileSeconds': 0.5,
        'blob.kind': 's3',
        'blob.s3.endpoint': s3.endpoint,
        'blob.s3.bucket': s3.bucket,
        'blob.s3.region': s3.region,
        'blob.s3.accessKeyId': s3.accessKeyId,
        'blob.s3.secretAccessKey': s3.secretAccessKey,
        'blob.encryption.enabled': true,
      },
    });
  });
  after(async () => {
    await t?.close();
    await s3?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('stores segments encrypted in the bucket, and plays and exports them', async (ctx) => {
    if (!clip) return ctx.skip('no clip');
    assert.equal(t.server.container.blobs.kind, 'encrypted+s3');
    cameraId = (await t.admin.post('/api/cameras', { domainId: t.rootDomainId, name: 'Dock', kind: 'file', mainUrl: `file://${clip}` })).body.id;
    await eventually('4 indexed segments', async () => (await t.server.container.segmentIndex.keysOf(cameraId)).length >= 4, 15_000);
    const key = (await t.server.container.segmentIndex.keysOf(cameraId))[0]!;
    const row = (await t.server.container.segmentIndex.byStorageKey(key))!;
    const plain = (await t.server.container.blobs.get(key))!;
    assert.equal(sha256(plain), row.sha256, 'reads back the segment byte for byte');
    const raw = Buffer.from(await (await fetch(`${s3.endpoint}/${s3.bucket}/${key}`)).arrayBuffer());
    assert.ok(raw.length > 0);
    assert.ok(!raw.includes(plain.subarray(row.initSize, row.initSize + 64)), 'what the bucket holds is not the clear segment');

    const newest = (await t.server.container.segmentIndex.newest(cameraId))!;
    const pl = await t.admin.get(`/api/cameras/${cameraId}/playback.m3u8?from=${row.startMs}&to=${newest.endMs}`);
    assert.equal(pl.status, 200, pl.text);
    const segUrl = pl.text.split('\n').find((l) => l.startsWith('../../recordings/segments/'))!.replace('../../', '/api/');
    const cookieRes = await fetch(`${t.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(t.adminCredentials) });
    const cookie = (cookieRes.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const part = await fetch(`${t.url}${segUrl}`, { headers: { cookie, range: `bytes=${row.initSize}-${row.initSize + 7}` } });
    assert.equal(part.status, 206);
    const bytes = Buffer.from(await part.arrayBuffer());
    assert.equal(bytes.subarray(4, 8).toString('latin1'), 'moof', 'a byte range lands on the first fragment');
    const decoded = await decodesCleanly(`${t.url}/api/cameras/${cameraId}/playback.m3u8?from=${row.startMs}&to=${newest.endMs}`, cookie);
    assert.ok(decoded.ok, decoded.stderr);

    const exp = await t.admin.post(`/api/cameras/${cameraId}/exports`, { from: String(row.startMs + 500), to: String(row.startMs + 4500) });
    assert.equal(exp.status, 202, exp.text);
    const done = await eventually('the export', async () => {
      const r = await t.admin.get(`/api/exports/${exp.body.id}`);
      return r.body.state === 'done' || r.body.state === 'failed' ? r.body : undefined;
    }, 30_000);
    assert.equal(done.state, 'done', done.error);
    const file = Buffer.from(await (await fetch(`${t.url}/api/exports/${exp.body.id}/file`, { headers: { cookie } })).arrayBuffer());
    assert.equal(sha256(file), done.file.sha256);
    const manifest = (await t.admin.get(`/api/exports/${exp.body.id}/manifest`)).body;
    const verdict = await t.admin.post('/api/exports/verify', { manifest, fileSha256: sha256(file), fileSize: file.length });
    assert.equal(verdict.body.valid, true, JSON.stringify(verdict.body));
  });
});
