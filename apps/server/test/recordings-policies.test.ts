import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OPENCV_VTEST_PATH } from '@argus/media';
import type { Segment } from '../src/features/recordings/segment-index.repo';
import { postgresAvailable } from './support/postgres';
import { startTestServer, type TestServer } from './support/harness';

const HOUR = 3_600_000;

/**
 * Group and domain retention defaults, the effective policy of a camera, and recording holds, through the HTTP API
 * and one retention run, on SQLite and on PostgreSQL (no recorder runs: segments are index rows).
 */
for (const database of ['sqlite', 'postgres'] as const) {
  describe(`recording policies and holds (${database})`, () => {
    let t: TestServer | undefined;
    let skip: string | undefined;
    let childDomain = '';
    let groupId = '';
    let cameraId = '';

    before(async () => {
      if (database === 'postgres') skip = (await postgresAvailable()) ?? undefined;
      if (skip) return;
      t = await startTestServer({
        database,
        overrides: { 'recording.enabled': false, 'recording.retention.intervalSeconds': 3600, 'recording.retention.maxAgeHours': 24 * 30 },
      });
      childDomain = (await t.admin.post('/api/domains', { parentId: t.rootDomainId, name: 'Site' })).body.id as string;
      groupId = (await t.admin.post('/api/camera-groups', { domainId: childDomain, name: 'Doors' })).body.id as string;
      const cam = await t.admin.post('/api/cameras', { domainId: childDomain, name: 'Door 1', kind: 'file', mainUrl: `file://${OPENCV_VTEST_PATH}` });
      assert.equal(cam.status, 201, JSON.stringify(cam.body));
      cameraId = cam.body.id as string;
      assert.equal((await t.admin.put(`/api/camera-groups/${groupId}/cameras`, { cameraIds: [cameraId] })).status, 200);
    });
    after(async () => {
      await t?.close();
    });

    const effective = async () => (await t!.admin.get(`/api/cameras/${cameraId}/recording-settings`)).body.effective as Record<string, unknown>;

    it('resolves camera ?? strictest group ?? nearest domain ?? global, and shows where each limit comes from', async (ctx) => {
      if (skip || !t) return ctx.skip(skip);
      assert.deepEqual(await effective().then((e) => [e.maxAgeHours, e.maxAgeSource, e.maxBytesSource]), [720, 'global', 'none']);

      const root = await t.admin.put(`/api/domains/${t.rootDomainId}/recording-settings`, { maxAgeHours: 200, maxBytes: 9_000_000_000 });
      assert.equal(root.status, 200, JSON.stringify(root.body));
      assert.deepEqual(root.body, { ...root.body, scope: 'domain', id: t.rootDomainId, maxAgeHours: 200, maxBytes: 9_000_000_000 });
      assert.deepEqual(await effective().then((e) => [e.maxAgeHours, e.maxAgeSource, e.maxBytes, e.maxBytesSource]), [200, 'domain', 9_000_000_000, 'domain']);

      // The nearer domain wins over its ancestor; a limit it leaves unset still comes from the ancestor.
      await t.admin.put(`/api/domains/${childDomain}/recording-settings`, { maxAgeHours: 100 });
      assert.deepEqual(await effective().then((e) => [e.maxAgeHours, e.maxBytes]), [100, 9_000_000_000]);

      await t.admin.put(`/api/camera-groups/${groupId}/recording-settings`, { maxAgeHours: 10 });
      assert.deepEqual(await effective().then((e) => [e.maxAgeHours, e.maxAgeSource]), [10, 'group']);
      const group = await t.admin.get(`/api/camera-groups/${groupId}/recording-settings`);
      assert.deepEqual([group.body.scope, group.body.name, group.body.maxAgeHours, group.body.maxBytes], ['group', 'Doors', 10, null]);

      await t.admin.put(`/api/cameras/${cameraId}/recording-settings`, { maxAgeHours: 50 });
      assert.deepEqual(await effective().then((e) => [e.maxAgeHours, e.maxAgeSource]), [50, 'camera']);
      await t.admin.put(`/api/cameras/${cameraId}/recording-settings`, { maxAgeHours: null });
      assert.deepEqual(await effective().then((e) => [e.maxAgeHours, e.maxAgeSource]), [10, 'group']);

      const audit = await t.admin.get(`/api/audit?action=recording.policy`);
      assert.equal(audit.status, 200);
      assert.ok(JSON.stringify(audit.body).includes('recording.policy'), 'policy changes are audited');
    });

    it('refuses bad input with clear 4xx answers', async (ctx) => {
      if (skip || !t) return ctx.skip(skip);
      const cases: Array<[Promise<{ status: number }>, number]> = [
        [t.admin.put(`/api/camera-groups/${groupId}/recording-settings`, { maxAgeHours: 0 }), 400],
        [t.admin.put(`/api/camera-groups/${groupId}/recording-settings`, { maxBytes: 5 }), 400],
        [t.admin.put(`/api/camera-groups/${groupId}/recording-settings`, { maxAgeHours: 5, extra: 1 }), 400],
        [t.admin.put('/api/camera-groups/grp_missing/recording-settings', { maxAgeHours: 5 }), 404],
        [t.admin.get('/api/domains/..%2F..%2Fetc/recording-settings'), 400],
        [t.admin.post(`/api/cameras/${cameraId}/recording-holds`, { from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z', reason: 'x' }), 400],
        [t.admin.post(`/api/cameras/${cameraId}/recording-holds`, { from: '2026-01-01T00:00:00Z', to: '2026-03-01T00:00:00Z', reason: 'x' }), 400],
        [t.admin.post(`/api/cameras/${cameraId}/recording-holds`, { from: '2026-01-01T00:00:00Z', to: '2026-01-01T01:00:00Z', until: '2001-01-01T00:00:00Z', reason: 'x' }), 400],
        [t.admin.post(`/api/cameras/${cameraId}/recording-holds`, { from: '2026-01-01T00:00:00Z', to: '2026-01-01T01:00:00Z', reason: '' }), 400],
        [t.admin.post('/api/cameras/cam_missing/recording-holds', { from: '2026-01-01T00:00:00Z', to: '2026-01-01T01:00:00Z', reason: 'x' }), 404],
      ];
      for (const [i, [res, status]] of cases.entries()) assert.equal((await res).status, status, `case ${i}`);
    });

    it('a hold keeps its segments past the effective max age; the others go', async (ctx) => {
      if (skip || !t) return ctx.skip(skip);
      const c = t.server.container;
      const now = c.clock.now();
      const seg = (i: number, startMs: number): Segment => ({
        id: `seg_pol${database}${i}`,
        cameraId,
        startMs,
        endMs: startMs + 4000,
        durationMs: 4000,
        sizeBytes: 1000,
        videoCodec: 'h264',
        width: 1920,
        height: 1080,
        hasAudio: false,
        initSize: 800,
        sha256: 'ab'.repeat(32),
        storageKey: `rec/${cameraId}/pol-${i}.mp4`,
        sessionId: 's1',
        sequence: i,
        recovered: false,
        keepUntilMs: null,
        createdAt: new Date(now).toISOString(),
      });
      // Older than the group's 10 h, younger than the domain's 100 h: only the group policy can delete them.
      const old = now - 20 * HOUR;
      for (let i = 0; i < 3; i++) await c.segmentIndex.insert(seg(i, old + i * 4000));
      const recent = now - HOUR;
      await c.segmentIndex.insert(seg(9, recent));
      const hold = await t.admin.post(`/api/cameras/${cameraId}/recording-holds`, { from: String(old + 4000), to: String(old + 8000), reason: 'door forced' });
      assert.equal(hold.status, 201, JSON.stringify(hold.body));
      assert.ok((hold.body.untilMs as number) > now + 29 * 24 * HOUR, 'default: recording.retention.eventHoldDays (30)');
      // The port the event center uses: a hold placed before its segment is indexed still protects it.
      await c.recordingHolds.hold(cameraId, old + 12_000, old + 16_000, now + HOUR, 'event evt_1');
      await c.segmentIndex.insert(seg(3, old + 12_000));
      const report = await c.retention.run('test');
      assert.equal(report.byReason['max-age'], 2, JSON.stringify(report));
      const left = (await c.segmentIndex.overlapping(cameraId, old - 1, now)).map((s) => s.id).sort();
      assert.deepEqual(left, [`seg_pol${database}1`, `seg_pol${database}3`, `seg_pol${database}9`]);

      // the holds in force are listed; releasing one ends its protection at once (audited)
      const listed = await t.admin.get<any>(`/api/cameras/${cameraId}/recording-holds`);
      assert.equal(listed.status, 200, listed.text);
      assert.deepEqual(listed.body.items.map((h: any) => h.reason).sort(), ['door forced', 'event evt_1']);
      assert.equal((await t.admin.delete(`/api/cameras/${cameraId}/recording-holds/hld_missing`)).status, 404);
      const released = await t.admin.delete(`/api/cameras/${cameraId}/recording-holds/${hold.body.id as string}`);
      assert.equal(released.status, 204, released.text);
      assert.deepEqual((await t.admin.get<any>(`/api/cameras/${cameraId}/recording-holds`)).body.items.map((h: any) => h.reason), ['event evt_1']);
      const afterRelease = await c.retention.run('test');
      assert.equal(afterRelease.byReason['max-age'], 1, 'the released segment is old enough to go');
      assert.deepEqual((await c.segmentIndex.overlapping(cameraId, old - 1, now)).map((s) => s.id).sort(), [`seg_pol${database}3`, `seg_pol${database}9`]);
      const audit = await t.admin.get<any>('/api/audit?action=recording.hold.release');
      assert.ok(audit.body.items.some((e: any) => e.action === 'recording.hold.release'), 'the release is audited');

      // disk pressure with only held video left to free: the held segment goes too (recording must go on)
      const pressed = await c.retention.run('test', 1500);
      assert.equal(pressed.byReason['disk-ceiling'], 1, JSON.stringify(pressed));
      assert.equal(pressed.byReason['held-disk-ceiling'], 1, JSON.stringify(pressed));
      assert.deepEqual(await c.segmentIndex.overlapping(cameraId, old - 1, now), []);
    });
  });
}
