import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestRtspServer, type TestRtspServer } from '@argus/media';
import { createYoloxDetector, type Detector } from '@argus/vision';
import { startTestServer, type TestServer } from './support/harness';
import { until } from './support/tasks-fixtures';

/**
 * Overload degradation end to end: a real RTSP camera, recorded, watched by two tasks of different priority through
 * the real YOLOX detector made slow (each call takes at least CALL_MS more: a much slower machine). Demand (2 jobs ×
 * 5 fps) is ~3× what one worker can do, so the runtime must lower the frame rate of the less important job first,
 * say so in the task status and GET /api/analysis/load, and recording must go on meanwhile.
 */
const VTEST = '/usr/share/doc/opencv-doc/examples/data/vtest.avi';
const CALL_MS = 300;
const RULES = {
  zones: [{ name: 'all', polygon: [[0.02, 0.02], [0.98, 0.02], [0.98, 0.98], [0.02, 0.98]] }],
  lines: [],
  rules: [{ type: 'intrusion', zone: 'all', classes: ['person'], minSeconds: 0 }],
};

async function slowDetector(): Promise<Detector> {
  const real = await createYoloxDetector();
  return {
    name: `${real.name} (+${CALL_MS} ms per call)`,
    inputSize: real.inputSize,
    labels: real.labels,
    async detect(frames) {
      const [out] = await Promise.all([real.detect(frames), new Promise((r) => setTimeout(r, CALL_MS))]);
      return out;
    },
    close: () => real.close(),
  };
}

describe('analysis overload: the least important job degrades first, recording goes on', () => {
  let t: TestServer;
  let rtsp: TestRtspServer;
  before(async () => {
    rtsp = await startTestRtspServer({ mounts: { '/walk': VTEST } });
    t = await startTestServer({ overrides: { 'analysis.workers': 1 }, analysis: { createDetector: slowDetector, tickMs: 1000 } });
  });
  after(async () => {
    await t.close();
    await rtsp.stop();
  });

  it('degrades the low-priority job, reports why in the status and the load view, and keeps recording', { timeout: 150_000 }, async () => {
    const d = (await t.admin.post<any>('/api/domains', { parentId: t.rootDomainId, name: 'Site' })).body;
    const cam = (await t.admin.post<any>('/api/cameras', { domainId: d.id, name: 'walkway', kind: 'rtsp', mainUrl: rtsp.url('/walk') })).body;
    const important = await t.admin.post<any>('/api/tasks', { name: 'important', cameraIds: [cam.id], rules: RULES, priority: 9, params: { fps: 5 } });
    const minor = await t.admin.post<any>('/api/tasks', { name: 'minor', cameraIds: [cam.id], rules: RULES, priority: 1, params: { fps: 5 } });
    assert.equal(important.status, 201, important.text);
    assert.equal(minor.status, 201, minor.text);

    const load = await until('a degradation in the load view', 90_000, async () => {
      const r = await t.admin.get<any>('/api/analysis/load');
      assert.equal(r.status, 200, r.text);
      return r.body.changes.length >= 2 ? r.body : null;
    });
    assert.equal(load.jobs, 2);
    assert.match(load.detector.name, /\+300 ms per call/);
    const first = load.changes.at(-1);
    assert.equal(first.taskId, minor.body.id, 'the least important job is degraded first');
    assert.equal(first.fromStride, 1);
    assert.ok(first.toStride >= 2, JSON.stringify(first));
    // at its start when the important job already takes more than the detector can do, else when frames drop
    assert.match(first.reason, /capacity|dropped|after capture/);
    const downgrades = load.changes.filter((c: any) => c.toStride > c.fromStride).reverse();
    const firstImportant = downgrades.findIndex((c: any) => c.taskId === important.body.id);
    const minorSteps = firstImportant < 0 ? downgrades : downgrades.slice(0, firstImportant);
    assert.ok(minorSteps.length >= 1 && minorSteps.every((c: any) => c.taskId === minor.body.id), `the minor job is degraded before the important one: ${JSON.stringify(load.changes)}`);
    assert.ok(firstImportant < 0 || minorSteps.at(-1).toStride === 8, `the important job is degraded only once the minor one is at the lowest rate: ${JSON.stringify(load.changes)}`);

    const st = (await t.admin.get<any>(`/api/tasks/${minor.body.id}/status`)).body.cameras[0];
    assert.equal(st.state, 'degraded', JSON.stringify(st));
    assert.match(st.reason, /analysing every \d+th frame/);
    assert.ok(st.degradedFps < 5, JSON.stringify(st));
    const imp = (await t.admin.get<any>(`/api/tasks/${important.body.id}/status`)).body.cameras[0];
    assert.ok(imp.degradedFps === null || imp.degradedFps >= st.degradedFps, `the important job keeps at least the minor job's rate: ${JSON.stringify(imp)}`);

    // recording is not stalled by the overloaded analysis: segments keep being indexed
    const count = async () => Number((await t.server.container.db.kysely.selectFrom('recording_segments').select((eb) => eb.fn.countAll().as('n')).where('camera_id', '=', cam.id).executeTakeFirstOrThrow()).n);
    const before = await count();
    await until('new recorded segments during the overload', 30_000, async () => (await count()) >= before + 2);

    // a viewer without tasks.read anywhere may not see the load
    const r = await t.anonymous.get('/api/analysis/load');
    assert.equal(r.status, 401);
  });
});
