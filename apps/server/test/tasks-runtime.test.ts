import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import jpeg from 'jpeg-js';
import WebSocket from 'ws';
import { startTestRtspServer, type TestRtspServer } from '@argus/media';
import { startTestServer, type TestServer } from './support/harness';
import { until, WALKWAY } from './support/tasks-fixtures';
import type { TasksModule } from '../src/features/tasks/tasks.module';

const VTEST = '/usr/share/doc/opencv-doc/examples/data/vtest.avi';

describe('task runtime: a real RTSP camera, the shared detector, rules, events', () => {
  let t: TestServer;
  let rtsp: TestRtspServer;
  let tasks: TasksModule;
  before(async () => {
    rtsp = await startTestRtspServer({ mounts: { '/walk': VTEST } });
    t = await startTestServer({ overrides: { 'analysis.restartBackoffMs': 500 } });
    tasks = t.server.container.modules.find((m) => m.name === 'tasks') as TasksModule;
  });
  after(async () => {
    await t.close();
    await rtsp.stop();
  });

  it('fires intrusion events with snapshots from the shared live stream, overlays boxes for live viewers, isolates a broken camera, and stops when paused', { timeout: 180_000 }, async () => {
    const d = (await t.admin.post<any>('/api/domains', { parentId: t.rootDomainId, name: 'Site' })).body;
    const cam = (await t.admin.post<any>('/api/cameras', { domainId: d.id, name: 'walkway', kind: 'rtsp', mainUrl: rtsp.url('/walk') })).body;
    const broken = (await t.admin.post<any>('/api/cameras', { domainId: d.id, name: 'broken', kind: 'rtsp', mainUrl: 'rtsp://127.0.0.1:9/nothing' })).body;
    const good = await t.admin.post<any>('/api/tasks', { name: 'walkway intrusion', cameraIds: [cam.id], rules: WALKWAY, params: { fps: 5 } });
    assert.equal(good.status, 201, good.text);
    const bad = await t.admin.post<any>('/api/tasks', { name: 'broken camera', cameraIds: [broken.id], rules: WALKWAY });
    assert.equal(bad.status, 201, bad.text);

    const events = await until('intrusion events of the task', 90_000, async () => {
      const r = await t.admin.get<any>(`/api/events?taskId=${good.body.id}`);
      return r.status === 200 && r.body.items.length > 0 ? r.body.items : null;
    });
    const ev = events[0];
    assert.equal(ev.type, 'intrusion');
    assert.equal(ev.cameraId, cam.id);
    assert.equal(ev.className, 'person');
    assert.ok(ev.boxes.length > 0);
    for (const b of ev.boxes) for (const v of [b.x, b.y, b.w, b.h]) assert.ok(v >= 0 && v <= 1, `box inside 0..1: ${JSON.stringify(b)}`);
    assert.equal(ev.hasSnapshot, true);
    const row = await t.server.container.db.kysely.selectFrom('events').select(['snapshot_key', 'crop_key']).where('id', '=', ev.id).executeTakeFirstOrThrow();
    assert.match(String(row.snapshot_key), new RegExp(`^events/${cam.id}/\\d{4}-\\d{2}-\\d{2}/[0-9a-f-]+-snapshot\\.jpg$`));
    // the event is published first; its images are encoded in a worker and stored right after
    const snap = await until('the snapshot to be stored', 20_000, async () => t.server.container.blobs.get(String(row.snapshot_key)).catch(() => null));
    assert.equal((await t.admin.get(`/api/events/${ev.id}/snapshot.jpg`)).status, 200, 'the event center serves it');
    assert.ok(snap && snap[0] === 0xff && snap[1] === 0xd8, 'the snapshot is a JPEG');
    const decoded = jpeg.decode(snap, { useTArray: true });
    assert.equal(decoded.width, 416, 'frames are scaled to the detector input width');
    assert.equal(decoded.height, Math.round((416 * 576) / 768 / 2) * 2);
    assert.ok(row.crop_key && (await t.server.container.blobs.get(row.crop_key)), 'the clean crop is stored too');

    const status = await until('the broken camera to be reported failing', 30_000, async () => {
      const [g, b] = await Promise.all([t.admin.get<any>(`/api/tasks/${good.body.id}/status`), t.admin.get<any>(`/api/tasks/${bad.body.id}/status`)]);
      return b.body.cameras[0].state === 'failing' ? { g: g.body, b: b.body } : null;
    });
    assert.ok(status.b.cameras[0].lastError, 'the failure says why');
    const gs = status.g.cameras[0];
    assert.ok(gs.state === 'running' || gs.state === 'degraded', JSON.stringify(gs)); // degraded: a loaded machine (overload-policy.ts)
    assert.equal(gs.frameSource, 'stream', 'live jobs decode the shared live upstream');
    assert.ok(gs.fpsIn > 0 && gs.inferenceP95Ms !== null && gs.lastEventAtMs !== null, JSON.stringify(gs));

    // a live viewer of the camera: the same upstream as the analysis, and overlay messages with the tracked boxes
    const signIn = await fetch(`${t.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(t.adminCredentials) });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const liveRes = await fetch(`${t.url}/api/cameras/${cam.id}/live`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });
    assert.equal(liveRes.status, 201);
    const live = (await liveRes.json()) as { wsUrl: string };
    const ws = new WebSocket(`${t.url.replace(/^http/, 'ws')}${live.wsUrl}`, { headers: { cookie } });
    const overlays: any[] = [];
    ws.on('message', (data: Buffer, isBinary) => {
      if (isBinary) return;
      const m = JSON.parse(data.toString('utf8'));
      if (m.type === 'overlay') overlays.push(m);
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    try {
      const withBoxes = await until('overlay messages with boxes', 30_000, async () => overlays.find((m) => m.objects.length > 0));
      assert.equal(typeof withBoxes.decodeTimeS, 'number');
      for (const o of withBoxes.objects) {
        assert.equal(o.className, 'person');
        for (const v of o.box) assert.ok(v >= 0 && v <= 1, `overlay box inside 0..1: ${JSON.stringify(o.box)}`);
      }
      await until('the zones in an overlay', 10_000, async () => overlays.find((m) => m.zones?.zones?.[0]?.name === 'walkway'));
      const ups = (await t.admin.get<any>('/api/live/stats')).body.upstreams.filter((u: any) => u.cameraId === cam.id);
      assert.equal(ups.length, 1, 'one upstream for the camera: the analysis and the viewer share it');
      assert.ok(ups[0].viewers >= 2, `the analysis and the viewer subscribe to it: ${JSON.stringify(ups[0])}`);
    } finally {
      ws.terminate();
    }

    const before = tasks.runtime.publisher.stats().published;
    await until('more events while the other camera fails', 30_000, async () => tasks.runtime.publisher.stats().published > before);

    assert.equal((await t.admin.post(`/api/tasks/${good.body.id}/pause`, {})).status, 200);
    await tasks.runtime.settled();
    await tasks.runtime.publisher.whenIdle();
    const paused = (await t.admin.get<any>(`/api/tasks/${good.body.id}/status`)).body.cameras[0];
    assert.equal(paused.state, 'paused');
    const firedBefore = tasks.runtime.allJobs().filter((j) => j.spec.taskId === good.body.id).length;
    assert.equal(firedBefore, 0, 'no job runs for a paused task');
    const n = tasks.runtime.publisher.stats().published;
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal(tasks.runtime.publisher.stats().published, n, 'nothing is published after the pause');

    const metrics = await fetch(`${t.url}/metrics`).then((r) => r.text());
    assert.match(metrics, /argus_task_events_total\{outcome="published"\} [1-9]/);
  });
});

describe('offline run over a file', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t.close();
  });

  it('produces the same kind of events, origin offline, with progress reaching 1; files outside the media roots are refused', { timeout: 150_000 }, async () => {
    const d = (await t.admin.post<any>('/api/domains', { parentId: t.rootDomainId, name: 'Lab' })).body;
    const cam = (await t.admin.post<any>('/api/cameras', { domainId: d.id, name: 'dead', kind: 'rtsp', mainUrl: 'rtsp://127.0.0.1:9/x' })).body;
    const task = (await t.admin.post<any>('/api/tasks', { name: 'offline', cameraIds: [cam.id], rules: WALKWAY, enabled: false })).body;
    const outside = await t.admin.post<any>(`/api/tasks/${task.id}/runs`, { cameraId: cam.id, file: '/etc/passwd' });
    assert.equal(outside.status, 400);
    assert.equal(outside.body.errors[0].field, 'file');
    const run = await t.admin.post<any>(`/api/tasks/${task.id}/runs`, { cameraId: cam.id, file: VTEST, durationS: 12 });
    assert.equal(run.status, 202, run.text);
    assert.equal((await t.admin.post<any>(`/api/tasks/${task.id}/runs`, { cameraId: cam.id, file: VTEST })).status, 409, 'one run per task at a time');
    const done = await until('the run to finish', 120_000, async () => {
      const r = await t.admin.get<any>(`/api/task-runs/${run.body.id}`);
      return r.body.state !== 'running' ? r.body : null;
    });
    assert.equal(done.state, 'done', JSON.stringify(done));
    assert.equal(done.progress, 1);
    assert.ok(done.events > 0, 'people walk through the zone in the first 12 s');
    const events = (await t.admin.get<any>(`/api/events?taskId=${task.id}`)).body.items;
    assert.ok(events.length > 0);
    assert.equal(events[0].type, 'intrusion');
    assert.equal(events[0].details.origin, 'offline');
    assert.equal(events[0].hasSnapshot, true);
  });
});
