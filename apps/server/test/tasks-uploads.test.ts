import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { OPENCV_VTEST_PATH } from '@argus/media';
import { startTestServer, TEST_PASSWORD, type TestServer } from './support/harness';
import { until, WALKWAY } from './support/tasks-fixtures';

/** Offline runs over an uploaded video: upload (streamed to disk, probed), run, events; bad uploads refused. */

describe('offline runs over an uploaded video', () => {
  let t: TestServer;
  let dir: string;
  let clip: Buffer;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'argus-upload-'));
    const file = path.join(dir, 'walk.mp4');
    const r = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', OPENCV_VTEST_PATH, '-t', '4', '-c:v', 'libx264', '-preset', 'veryfast', '-an', file]);
    assert.equal(r.status, 0, r.stderr?.toString());
    clip = await readFile(file);
    t = await startTestServer({ overrides: { 'analysis.uploadMaxBytes': 1024 * 1024 } });
  });
  after(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  const cookieOf = async (username: string): Promise<string> => {
    const res = await fetch(`${t.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: TEST_PASSWORD }) });
    return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  };
  const upload = (cookie: string, body: Buffer | null, type = 'video/mp4') =>
    fetch(`${t.url}/api/analysis/uploads?name=walk.mp4`, { method: 'POST', headers: { cookie, 'content-type': type }, ...(body ? { body: new Uint8Array(body) } : {}) })
      .then(async (r) => ({ status: r.status, body: (await r.json()) }));

  it('answers 413 to a chunked upload (no Content-Length) that grows past the limit, and keeps nothing of it', async () => {
    const admin = await cookieOf(t.adminCredentials.username);
    const chunk = new Uint8Array(64 * 1024);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        // 4 MiB, four times the limit; a server that stops reading leaves the rest unsent.
        if (sent >= 4 * 1024 * 1024) controller.close();
        else {
          sent += chunk.length;
          controller.enqueue(chunk);
        }
      },
    });
    const res = await fetch(`${t.url}/api/analysis/uploads?name=big.mp4`, { method: 'POST', headers: { cookie: admin, 'content-type': 'video/mp4' }, body, duplex: 'half' } as RequestInit);
    assert.equal(res.status, 413, await res.text());
    const left = await readdir(path.join(t.server.container.config.dataDir, 'uploads')).catch(() => [] as string[]);
    assert.deepEqual(left.filter((n) => n.startsWith('upl_')), [], 'the partial file is removed');
    const after = await fetch(`${t.url}/api/health`);
    assert.equal(after.status, 200, 'the server goes on');
  });

  it('uploads a video, runs a task over it and refuses what is not a video, too large, or not the caller\'s', { timeout: 120_000 }, async () => {
    assert.ok(clip.length < 1024 * 1024, `the test clip fits the limit: ${clip.length}`);
    const admin = await cookieOf('admin');
    const cam = (await t.admin.post<any>('/api/cameras', { domainId: t.rootDomainId, name: 'walkway', kind: 'rtsp', mainUrl: 'rtsp://127.0.0.1:9/none' })).body;
    const task = (await t.admin.post<any>('/api/tasks', { name: 'walkway offline', cameraIds: [cam.id], rules: WALKWAY, params: { fps: 3 }, enabled: false })).body;

    const up = await upload(admin, clip);
    assert.equal(up.status, 201, JSON.stringify(up.body));
    assert.match(up.body.id, /^upl_[0-9a-f]{32}$/);
    assert.equal(up.body.name, 'walk.mp4');
    assert.equal(up.body.sizeBytes, clip.length);
    assert.ok(Math.abs(up.body.durationS - 4) < 0.5, `duration ${up.body.durationS}`);

    const started = await t.admin.post<any>(`/api/tasks/${task.id}/runs`, { cameraId: cam.id, uploadId: up.body.id });
    assert.equal(started.status, 202, started.text);
    assert.equal(started.body.source, 'upload');
    assert.equal(started.body.file, 'walk.mp4');
    const done = await until('the run to finish', 90_000, async () => {
      const r = (await t.admin.get<any>(`/api/task-runs/${started.body.id}`)).body;
      return r.state !== 'running' ? r : null;
    });
    assert.equal(done.state, 'done', JSON.stringify(done));
    assert.ok(done.events > 0, 'people walk through the clip');
    const events = (await t.admin.get<any>(`/api/events?cameraIds=${cam.id}`)).body.items;
    assert.ok(events.length > 0 && events.every((e: any) => e.details.origin === 'offline'), JSON.stringify(events.map((e: any) => e.details)));

    const notVideo = await upload(admin, randomBytes(5000));
    assert.equal(notVideo.status, 400, JSON.stringify(notVideo.body));
    assert.match(notVideo.body.detail, /not a readable video/);
    const json = await upload(admin, Buffer.from('{"file":"x.mp4"}'), 'application/json');
    assert.equal(json.status, 415, JSON.stringify(json.body));
    const empty = await upload(admin, null);
    assert.equal(empty.status, 400, JSON.stringify(empty.body));
    const big = await upload(admin, randomBytes(1024 * 1024 + 10), 'application/octet-stream');
    assert.equal(big.status, 413, JSON.stringify(big.body));

    await t.userWith('olga', [{ domainId: t.rootDomainId, role: 'operator' }]);
    const olgasRun = await (await t.userWith('vera', [{ domainId: t.rootDomainId, role: 'viewer' }])).post<any>(`/api/tasks/${task.id}/runs`, { cameraId: cam.id, uploadId: up.body.id });
    assert.equal(olgasRun.status, 403, 'a viewer may not start runs');
    const olga = await cookieOf('olga');
    const foreign = await fetch(`${t.url}/api/tasks/${task.id}/runs`, { method: 'POST', headers: { cookie: olga, 'content-type': 'application/json' }, body: JSON.stringify({ cameraId: cam.id, uploadId: up.body.id }) });
    assert.equal(foreign.status, 404, 'another caller\'s upload reads as missing');
    const vera = await cookieOf('vera');
    assert.equal((await upload(vera, clip)).status, 403, 'no tasks.manage anywhere');
    assert.equal((await upload('', clip)).status, 401);
    const both = await t.admin.post<any>(`/api/tasks/${task.id}/runs`, { cameraId: cam.id, uploadId: up.body.id, file: '/tmp/x.mp4' });
    assert.equal(both.status, 400, both.text);
  });
});
