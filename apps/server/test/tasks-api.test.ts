import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { postgresAvailable } from './support/postgres';
import { startTestServer, type Caller, type TestServer } from './support/harness';

const walkway = {
  zones: [{ name: 'walkway', polygon: [[0.1, 0.3], [0.9, 0.3], [0.9, 0.95], [0.1, 0.95]] }],
  lines: [{ name: 'door', from: [0.1, 0.6], to: [0.9, 0.6] }],
  rules: [
    { type: 'intrusion', zone: 'walkway', classes: ['person'], minSeconds: 0, cooldownSeconds: 10 },
    { type: 'crossing', line: 'door', direction: 'both', classes: ['person'] },
    { type: 'counting', zone: 'walkway', classes: ['person'], intervalSeconds: 60 },
  ],
};

for (const database of ['sqlite', 'postgres'] as const) {
  describe(`task center API (${database})`, async () => {
    const skip = database === 'postgres' ? await postgresAvailable() : null;
    let t: TestServer;
    let storeA: { id: string };
    let storeB: { id: string };
    let camA: string;
    let camA2: string;
    let camB: string;
    let viewer: Caller;
    let operatorA: Caller;
    before(async () => {
      if (skip) return;
      t = await startTestServer({ database });
      storeA = (await t.admin.post('/api/domains', { parentId: t.rootDomainId, name: 'Store A' })).body as { id: string };
      storeB = (await t.admin.post('/api/domains', { parentId: t.rootDomainId, name: 'Store B' })).body as { id: string };
      const cam = async (d: { id: string }, name: string) => ((await t.admin.post('/api/cameras', { domainId: d.id, name, kind: 'rtsp', mainUrl: `rtsp://127.0.0.1:9/${name}` })).body as { id: string }).id;
      camA = await cam(storeA, 'a-entrance');
      camA2 = await cam(storeA, 'a-back');
      camB = await cam(storeB, 'b-entrance');
      viewer = await t.userWith(`viewer-${database}`, [{ domainId: storeA.id, role: 'viewer' }]);
      operatorA = await t.userWith(`operator-${database}`, [{ domainId: storeA.id, role: 'operator' }]);
    });
    after(async () => {
      if (!skip) await t.close();
    });

    it('creates, reads, changes, pauses, resumes and deletes a task, auditing every change', { skip: skip ?? false }, async () => {
      const algos = await viewer.get<{ items: Array<{ id: string; classes: string[] }> }>('/api/algorithms');
      assert.equal(algos.status, 200);
      assert.ok(algos.body.items.find((a) => a.id === 'yolox-nano')?.classes.includes('person'));

      const created = await operatorA.post<any>('/api/tasks', { name: 'walkway watch', cameraIds: [camA, camA2], rules: walkway, params: { fps: 4 } });
      assert.equal(created.status, 201, created.text);
      assert.equal(created.body.domainId, storeA.id);
      assert.deepEqual(created.body.cameraIds, [camA, camA2]);
      assert.deepEqual(created.body.algorithm, { id: 'yolox-nano', version: '0.1.1rc0' });
      assert.deepEqual(created.body.params, { fps: 4, inputSize: 416, minConfidence: 0.3, keyframesOnly: false });
      assert.equal(created.body.enabled, true);
      const id = created.body.id as string;

      const list = await viewer.get<any>('/api/tasks');
      assert.deepEqual(list.body.items.map((x: any) => x.id), [id]);
      const dup = await operatorA.post<any>('/api/tasks', { name: 'walkway watch', cameraIds: [camA], rules: walkway });
      assert.equal(dup.status, 409);

      const patched = await operatorA.patch<any>(`/api/tasks/${id}`, { name: 'walkway', params: { minConfidence: 0.5, keyframesOnly: true }, priority: 8 });
      assert.equal(patched.status, 200, patched.text);
      assert.equal(patched.body.name, 'walkway');
      assert.deepEqual(patched.body.params, { fps: 4, inputSize: 416, minConfidence: 0.5, keyframesOnly: true });
      assert.equal(patched.body.priority, 8);

      const paused = await operatorA.post<any>(`/api/tasks/${id}/pause`, {});
      assert.equal(paused.body.enabled, false);
      const status = await viewer.get<any>(`/api/tasks/${id}/status`);
      assert.equal(status.status, 200, status.text);
      assert.equal(status.body.cameras.length, 2);
      assert.ok(status.body.cameras.every((c: any) => c.state === 'paused'));
      const resumed = await operatorA.post<any>(`/api/tasks/${id}/resume`, {});
      assert.equal(resumed.body.enabled, true);

      const counts = await viewer.get<any>(`/api/tasks/${id}/counts?rule=2&from=0&to=${Date.now()}`);
      assert.equal(counts.status, 200, counts.text);
      assert.deepEqual(counts.body.items, []);
      assert.equal((await viewer.get<any>(`/api/tasks/${id}/counts?rule=0`)).status, 400, 'rule 0 is not a counting rule');

      const audit = await t.admin.get<any>(`/api/audit?targetId=${id}`);
      const actions = audit.body.items.map((e: any) => e.action).sort();
      assert.deepEqual(actions, ['task.create', 'task.pause', 'task.resume', 'task.update']);

      assert.equal((await operatorA.delete(`/api/tasks/${id}`)).status, 204);
      assert.equal((await viewer.get(`/api/tasks/${id}`)).status, 404);
      const deletedAudit = await t.admin.get<any>(`/api/audit?targetId=${id}`);
      assert.ok(deletedAudit.body.items.some((e: any) => e.action === 'task.delete'));
    });

    it('answers bad rule sets with 400 and the field paths of the problems', { skip: skip ?? false }, async () => {
      const bad = async (rules: unknown) => {
        const r = await operatorA.post<any>('/api/tasks', { name: 'bad', cameraIds: [camA], rules });
        assert.equal(r.status, 400, r.text);
        return (r.body.errors ?? []).map((e: any) => e.field as string);
      };
      const base = { zones: [], lines: [], rules: [{ type: 'intrusion', zone: 'z' }] };
      assert.deepEqual(await bad({ ...base, zones: [{ name: 'z', polygon: [[0, 0], [1, 1]] }] }), ['rules/zones/0/polygon']);
      assert.deepEqual(await bad({ ...base, zones: [{ name: 'z', polygon: [[0, 0], [1, 1], [1, 0], [0, 1]] }] }), ['rules/zones/0/polygon'], 'self-intersecting');
      assert.deepEqual(await bad(base), ['rules/rules/0/zone'], 'missing zone');
      assert.deepEqual(await bad({ zones: [], lines: [{ name: 'l', from: [0.5, 0.5], to: [0.5, 0.5] }], rules: [{ type: 'crossing', line: 'l' }] }), ['rules/lines/0']);
      assert.deepEqual(await bad({ ...base, zones: [{ name: 'z', polygon: [[0, 0], [1, 0], [1, 1]] }], rules: [{ type: 'intrusion', zone: 'z', classes: ['unicorn'] }] }), ['rules/rules/0/classes/0']);
      const outOfRange = await operatorA.post<any>('/api/tasks', { name: 'bad', cameraIds: [camA], rules: { ...base, zones: [{ name: 'z', polygon: [[0, 0], [2, 0], [1, 1]] }] } });
      assert.equal(outOfRange.status, 400);
      const algo = await operatorA.post<any>('/api/tasks', { name: 'bad', cameraIds: [camA], rules: walkway, algorithm: { id: 'nope' } });
      assert.equal(algo.status, 400);
      assert.equal(algo.body.errors[0].field, 'algorithm/id');
      const fps = await operatorA.post<any>('/api/tasks', { name: 'bad', cameraIds: [camA], rules: walkway, params: { fps: 30 } });
      assert.equal(fps.status, 400);
    });

    it('keeps tasks inside the caller\'s domains: 404 outside, 403 without tasks.manage', { skip: skip ?? false }, async () => {
      const hidden = await operatorA.post<any>('/api/tasks', { name: 'b', cameraIds: [camB], rules: walkway });
      assert.equal(hidden.status, 400);
      assert.match(hidden.text, /does not exist/);
      const spanning = await t.admin.post<any>('/api/tasks', { name: 'both stores', cameraIds: [camA, camB], rules: walkway });
      assert.equal(spanning.status, 201, spanning.text);
      assert.equal(spanning.body.domainId, t.rootDomainId, 'a task over two stores lives in their common domain');
      assert.equal((await operatorA.get(`/api/tasks/${spanning.body.id}`)).status, 404);
      assert.equal((await operatorA.patch(`/api/tasks/${spanning.body.id}`, { name: 'x' })).status, 404);
      const own = await operatorA.post<any>('/api/tasks', { name: 'mine', cameraIds: [camA], rules: walkway });
      assert.equal((await viewer.patch(`/api/tasks/${own.body.id}`, { name: 'x' })).status, 403);
      assert.equal((await viewer.post(`/api/tasks/${own.body.id}/pause`, {})).status, 403);
      assert.equal((await viewer.delete(`/api/tasks/${own.body.id}`)).status, 403);
      assert.equal((await viewer.post('/api/tasks', { name: 'v', cameraIds: [camA], rules: walkway })).status, 403);
    });

    it('lists built-in templates, saves and deletes own ones, and applies one to many cameras with per-camera failures', { skip: skip ?? false }, async () => {
      const list = await viewer.get<any>('/api/task-templates');
      const names = list.body.items.map((x: any) => x.name);
      assert.ok(names.includes('Intrusion after hours') && names.includes('People counting at the entrance'));
      const builtIn = list.body.items.find((x: any) => x.name === 'People counting at the entrance');
      const applied = await operatorA.post<any>(`/api/task-templates/${builtIn.id}/apply`, { cameraIds: [camA, camA2, camB], namePrefix: 'counting' });
      assert.equal(applied.status, 200, applied.text);
      assert.equal(applied.body.created.length, 2);
      assert.deepEqual(applied.body.failed.map((f: any) => [f.cameraId, f.code]), [[camB, 'validation_failed']]);
      assert.equal((await operatorA.delete(`/api/task-templates/${builtIn.id}`)).status, 409);

      const own = await operatorA.post<any>('/api/task-templates', { name: 'walkway', domainId: storeA.id, template: { rules: walkway } });
      assert.equal(own.status, 201, own.text);
      assert.equal((await viewer.get<any>('/api/task-templates')).body.items.some((x: any) => x.id === own.body.id), true);
      const badTpl = await operatorA.post<any>('/api/task-templates', { name: 'bad', domainId: storeA.id, template: { rules: { zones: [], lines: [], rules: [{ type: 'intrusion', zone: 'nowhere' }] } } });
      assert.equal(badTpl.status, 400);
      assert.equal(badTpl.body.errors[0].field, 'template/rules/rules/0/zone');
      assert.equal((await operatorA.post('/api/task-templates', { name: 'b', domainId: storeB.id, template: { rules: walkway } })).status, 404);
      assert.equal((await viewer.delete(`/api/task-templates/${own.body.id}`)).status, 403);
      assert.equal((await operatorA.delete(`/api/task-templates/${own.body.id}`)).status, 204);
      assert.equal((await operatorA.delete(`/api/task-templates/${own.body.id}`)).status, 404);
    });
  });
}

describe('camera still for the zone editor', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t.close();
  });
  it('answers a JPEG frame of a file camera, and 409 camera_frame_unavailable for a dead one', async () => {
    const d = (await t.admin.post<any>('/api/domains', { parentId: t.rootDomainId, name: 'S' })).body;
    const cam = (await t.admin.post<any>('/api/cameras', { domainId: d.id, name: 'dead', kind: 'rtsp', mainUrl: 'rtsp://127.0.0.1:9/x' })).body;
    const signIn = await fetch(`${t.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(t.adminCredentials) });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const dead = await fetch(`${t.url}/api/cameras/${cam.id}/snapshot.jpg`, { headers: { cookie } });
    await t.server.container.db.kysely.updateTable('cameras').set({ kind: 'file', main_url: '/usr/share/doc/opencv-doc/examples/data/vtest.avi' }).where('id', '=', cam.id).execute();
    const r = await fetch(`${t.url}/api/cameras/${cam.id}/snapshot.jpg`, { headers: { cookie } });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'image/jpeg');
    const bytes = Buffer.from(await r.arrayBuffer());
    assert.deepEqual([bytes[0], bytes[1]], [0xff, 0xd8]);
    assert.equal(dead.status, 409);
    assert.equal(((await dead.json()) as { code: string }).code, 'camera_frame_unavailable');
  });
});
