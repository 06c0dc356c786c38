import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from './support/harness';

/**
 * Objects that store a materialised domain path (tasks, events, …; adapters/db/domain-path-columns.ts) follow their
 * domain when it moves, and a task follows its camera when the camera moves: access is judged by where things are
 * now. Regression: a moved domain's tasks and events stayed on the old path (hidden from the new parent's users).
 */
const RULES = {
  zones: [{ name: 'z', polygon: [[0.1, 0.1], [0.9, 0.1], [0.9, 0.9], [0.1, 0.9]] }],
  lines: [],
  rules: [{ type: 'intrusion', zone: 'z', classes: ['person'], minSeconds: 0 }],
};

for (const database of ['sqlite', 'postgres'] as const) {
  describe(`domain and camera moves carry stored domain paths (${database})`, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer({ database, overrides: { 'analysis.enabled': false } });
    });
    after(async () => {
      await t.close();
    });

    it('a moved domain takes its tasks, templates and events along; a moved camera takes its tasks', async () => {
      const mk = async (name: string, parentId = t.rootDomainId) => (await t.admin.post<any>('/api/domains', { parentId, name })).body.id as string;
      const [a, b, c] = [await mk('A'), await mk('B'), await mk('C')];
      const camA = (await t.admin.post<any>('/api/cameras', { domainId: a, name: 'cam a', kind: 'rtsp', mainUrl: 'rtsp://127.0.0.1:9/a' })).body;
      const camC = (await t.admin.post<any>('/api/cameras', { domainId: c, name: 'cam c', kind: 'rtsp', mainUrl: 'rtsp://127.0.0.1:9/c' })).body;
      const taskA = (await t.admin.post<any>('/api/tasks', { name: 'in A', cameraIds: [camA.id], rules: RULES })).body;
      const taskC = (await t.admin.post<any>('/api/tasks', { name: 'in C', cameraIds: [camC.id], rules: RULES })).body;
      const event = await t.admin.post<any>('/api/events', { cameraId: camA.id, type: 'intrusion' });
      assert.equal(event.status, 201, event.text);

      const bob = await t.userWith('bob', [{ domainId: b, role: 'viewer' }]);
      const ann = await t.userWith('ann', [{ domainId: a, role: 'viewer' }]);
      const cid = await t.userWith('cid', [{ domainId: c, role: 'viewer' }]);
      assert.equal((await bob.get(`/api/tasks/${taskA.id}`)).status, 404, 'not B\'s yet');
      assert.equal((await bob.get(`/api/events/${event.body.id}`)).status, 404);

      const moved = await t.admin.patch<any>(`/api/domains/${a}`, { parentId: b });
      assert.equal(moved.status, 200, moved.text);
      assert.equal((await bob.get(`/api/tasks/${taskA.id}`)).status, 200, 'the task moved with its domain');
      assert.equal((await bob.get(`/api/events/${event.body.id}`)).status, 200, 'the event moved with its domain');
      assert.ok((await bob.get<any>('/api/tasks')).body.items.some((x: any) => x.id === taskA.id), 'and is listed there');
      assert.equal((await ann.get(`/api/tasks/${taskA.id}`)).status, 200, 'A\'s own users keep it');
      assert.equal((await ann.get(`/api/events/${event.body.id}`)).status, 200);

      assert.equal((await cid.get(`/api/tasks/${taskC.id}`)).status, 200);
      const camMoved = await t.admin.patch<any>(`/api/cameras/${camC.id}`, { domainId: b });
      assert.equal(camMoved.status, 200, camMoved.text);
      assert.equal((await bob.get(`/api/tasks/${taskC.id}`)).status, 200, 'the task followed its only camera into B');
      assert.equal((await cid.get(`/api/tasks/${taskC.id}`)).status, 404, 'and left C');
    });
  });
}
