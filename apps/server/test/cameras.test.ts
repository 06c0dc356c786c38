import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestRtspServer, type TestRtspServer } from '@argus/media';
import { startTestServer, type TestServer } from './support/harness';

const VTEST = '/usr/share/doc/opencv-doc/examples/data/vtest.avi';

describe('video center: cameras, groups, import, probe', () => {
  let t: TestServer;
  let rtsp: TestRtspServer;
  let store: { id: string };
  before(async () => {
    // A generous probe time: with the whole suite running, the test camera once took over the default 8 s to answer.
    t = await startTestServer({ overrides: { 'media.probeTimeoutMs': 30_000 } });
    rtsp = await startTestRtspServer({ mounts: { '/walk': VTEST }, user: 'camuser', password: 'cam-secret-9' });
    store = (await t.admin.post('/api/domains', { parentId: t.rootDomainId, name: 'Store' })).body;
  });
  after(async () => {
    await rtsp.stop();
    await t.close();
  });

  it('keeps credentials out of responses, logs and the database in clear', async () => {
    const url = rtsp.url('/walk').replace('rtsp://', 'rtsp://camuser:cam-secret-9@');
    const r = await t.admin.post('/api/cameras', { domainId: store.id, name: 'Entrance', kind: 'rtsp', mainUrl: url, tags: ['entrance', 'outdoor'], location: { latitude: 51.5, longitude: -0.12 } });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.mainUrl, rtsp.url('/walk'));
    assert.equal(r.body.username, 'camuser');
    assert.equal(r.body.hasPassword, true);
    assert.ok(!r.text.includes('cam-secret-9'));
    const row = await t.server.container.db.kysely.selectFrom('cameras').selectAll().where('id', '=', r.body.id).executeTakeFirstOrThrow();
    assert.ok(!JSON.stringify(row).includes('cam-secret-9'), 'encrypted at rest');
    const dbFile = readFileSync(path.join(t.server.container.config.dataDir, 'argus.db'));
    assert.ok(!dbFile.includes('cam-secret-9'));
    const audit = await t.admin.get(`/api/audit?targetId=${r.body.id}`);
    assert.ok(!audit.text.includes('cam-secret-9'));

    const probe = await t.admin.post(`/api/cameras/${r.body.id}/probe`, {});
    assert.equal(probe.status, 200, probe.text);
    assert.equal(probe.body.ok, true, probe.text);
    assert.equal(probe.body.video.codec, 'h264');
    assert.ok(probe.body.video.width > 0 && probe.body.video.height > 0);
    assert.ok(probe.body.video.bitRateKbps > 0);
    const again = await t.admin.get(`/api/cameras/${r.body.id}`);
    assert.equal(again.body.lastProbe.ok, true, 'the last probe is kept on the camera');

    const cleared = await t.admin.patch(`/api/cameras/${r.body.id}`, { password: null });
    assert.equal(cleared.body.hasPassword, false);
    const refused = await t.admin.post(`/api/cameras/${r.body.id}/probe`, {});
    assert.equal(refused.body.ok, false);
    assert.equal(refused.body.reason, 'auth_refused');
  });

  it('probes a local file and reports a clear reason when a stream cannot be opened', async () => {
    const file = await t.admin.post('/api/cameras', { domainId: store.id, name: 'Clip', kind: 'file', mainUrl: VTEST });
    assert.equal(file.status, 201, file.text);
    const ok = await t.admin.post(`/api/cameras/${file.body.id}/probe`, {});
    assert.equal(ok.body.ok, true, ok.text);
    assert.equal(ok.body.video.width, 768);
    assert.equal(ok.body.video.height, 576);
    const dead = await t.admin.post('/api/cameras', { domainId: store.id, name: 'Dead', kind: 'rtsp', mainUrl: 'rtsp://127.0.0.1:9/none' });
    const unreachable = await t.admin.post(`/api/cameras/${dead.body.id}/probe`, {});
    assert.equal(unreachable.body.ok, false);
    assert.equal(unreachable.body.reason, 'unreachable');
    assert.ok(unreachable.body.message.length > 0);
    assert.equal((await t.admin.post(`/api/cameras/${dead.body.id}/probe`, { stream: 'sub' })).status, 400, 'no sub stream');
  });

  it('probes settings before they are saved, storing nothing', async () => {
    const before = (await t.admin.get('/api/cameras')).body.total;
    const ok = await t.admin.post('/api/cameras/probe', { domainId: store.id, kind: 'rtsp', url: rtsp.url('/walk'), username: 'camuser', password: 'cam-secret-9' });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.ok, true);
    assert.ok(!ok.text.includes('cam-secret-9'));
    const refused = await t.admin.post('/api/cameras/probe', { domainId: store.id, kind: 'rtsp', url: rtsp.url('/walk') });
    assert.equal(refused.body.reason, 'auth_refused');
    const bad = await t.admin.post('/api/cameras/probe', { domainId: store.id, kind: 'rtsp', url: 'http://x/y' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errors[0].field, 'url');
    assert.equal((await t.admin.get('/api/cameras')).body.total, before);
    const failed = await t.admin.get('/api/audit?action=camera.probe-unsaved&outcome=failed');
    assert.equal(failed.body.items.length, 1);
  });

  it('lists a domain with or without its sub-domains', async () => {
    const shelf = (await t.admin.post('/api/domains', { parentId: store.id, name: 'Shelf' })).body;
    await t.admin.post('/api/cameras', { domainId: shelf.id, name: 'Shelf cam', kind: 'rtsp', mainUrl: 'rtsp://h/shelf' });
    const own = (await t.admin.get(`/api/cameras?domainId=${store.id}`)).body.items.map((c: { name: string }) => c.name);
    const all = (await t.admin.get(`/api/cameras?domainId=${store.id}&includeSubdomains=true`)).body.items.map((c: { name: string }) => c.name);
    assert.ok(!own.includes('Shelf cam'));
    assert.ok(all.includes('Shelf cam') && all.includes('Entrance'));
  });

  it('validates cameras with clear field errors', async () => {
    const bad = await t.admin.post('/api/cameras', { domainId: store.id, name: 'X', kind: 'rtsp', mainUrl: 'http://wrong/scheme' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errors[0].field, 'mainUrl');
    const lat = await t.admin.post('/api/cameras', { domainId: store.id, name: 'Y', kind: 'rtsp', mainUrl: 'rtsp://h/y', location: { latitude: 123 } });
    assert.equal(lat.status, 400);
    const dup = await t.admin.post('/api/cameras', { domainId: store.id, name: 'Clip', kind: 'rtsp', mainUrl: 'rtsp://h/z' });
    assert.equal(dup.status, 409);
    const outside = await t.admin.post('/api/cameras', { domainId: store.id, name: 'Secrets', kind: 'file', mainUrl: '/etc/passwd' });
    assert.equal(outside.status, 400);
    assert.match(outside.body.detail, /file sources must lie under/);
    const traversal = await t.admin.post('/api/cameras/probe', { domainId: store.id, kind: 'file', url: '/usr/share/doc/opencv-doc/examples/data/../../../../../etc/passwd' });
    assert.equal(traversal.status, 400, 'no probing of arbitrary server files');
    const unknownField = await t.admin.post('/api/cameras', { domainId: store.id, name: 'Z', kind: 'rtsp', mainUrl: 'rtsp://h/z', colour: 'red' });
    assert.equal(unknownField.status, 400);
    assert.match(unknownField.body.detail, /colour/);
  });

  it('groups cameras and filters the list', async () => {
    const g = await t.admin.post('/api/camera-groups', { domainId: store.id, name: 'Entrances' });
    assert.equal(g.status, 201);
    const cams = (await t.admin.get(`/api/cameras?domainId=${store.id}`)).body.items as Array<{ id: string; name: string }>;
    const entrance = cams.find((c) => c.name === 'Entrance')!;
    const set = await t.admin.put(`/api/camera-groups/${g.body.id}/cameras`, { cameraIds: [entrance.id] });
    assert.deepEqual(set.body.cameraIds, [entrance.id]);
    const inGroup = await t.admin.get(`/api/cameras?groupId=${g.body.id}`);
    assert.deepEqual(inGroup.body.items.map((c: { name: string }) => c.name), ['Entrance']);
    assert.deepEqual((await t.admin.get('/api/cameras?tag=outdoor')).body.items.map((c: { name: string }) => c.name), ['Entrance']);
    assert.deepEqual((await t.admin.get('/api/cameras?q=clI')).body.items.map((c: { name: string }) => c.name), ['Clip']);
    const other = (await t.admin.post('/api/domains', { parentId: t.rootDomainId, name: 'Other' })).body;
    const foreign = await t.admin.post('/api/cameras', { domainId: other.id, name: 'Foreign', kind: 'rtsp', mainUrl: 'rtsp://h/f' });
    assert.equal((await t.admin.put(`/api/camera-groups/${g.body.id}/cameras`, { cameraIds: [foreign.body.id] })).status, 400);
  });

  it('imports cameras from CSV and JSON with per-row errors', async () => {
    const csv = [
      'name,kind,main_url,sub_url,username,password,tags,groups,latitude,longitude',
      'Aisle 1,rtsp,rtsp://10.1.1.1/main,rtsp://10.1.1.1/sub,u,p4ss,aisle;indoor,Entrances,51.1,0.1',
      'Aisle 2,rtsp,ftp://10.1.1.2/main,,,,,,,',
      'Aisle 3,teleport,rtsp://10.1.1.3/main,,,,,,,',
      'Aisle 4,rtsp,rtsp://10.1.1.4/main,,,,,No such group,,',
      'Aisle 5,file,/srv/clips/a5.mp4,,,,,,north,',
      'Aisle 1,rtsp,rtsp://10.1.1.9/main,,,,,,,',
    ].join('\n');
    const dry = await t.admin.post('/api/cameras/import', { format: 'csv', content: csv, domainId: store.id, dryRun: true });
    assert.equal(dry.status, 200, dry.text);
    assert.equal(dry.body.created, 0);
    const r = await t.admin.post('/api/cameras/import', { format: 'csv', content: csv, domainId: store.id });
    assert.equal(r.body.total, 6);
    assert.equal(r.body.created, 1);
    assert.equal(r.body.failed, 5);
    const byRow = new Map<number, { errors: Array<{ field: string }> }>(r.body.rows.map((x: { row: number }) => [x.row, x]));
    assert.equal(byRow.get(2)!.errors[0]!.field, 'mainUrl');
    assert.equal(byRow.get(3)!.errors[0]!.field, 'kind');
    assert.equal(byRow.get(4)!.errors[0]!.field, 'groups');
    assert.equal(byRow.get(5)!.errors[0]!.field, 'latitude');
    assert.equal(byRow.get(6)!.errors[0]!.field, 'name');
    const aisle = (await t.admin.get('/api/cameras?q=Aisle 1')).body.items[0];
    assert.equal(aisle.subUrl, 'rtsp://10.1.1.1/sub');
    assert.equal(aisle.hasPassword, true);
    assert.equal(aisle.groupIds.length, 1);

    const json = JSON.stringify([{ name: 'J1', kind: 'http', mainUrl: 'https://cams.example/j1.m3u8' }, { name: 'J2' }, 'junk']);
    const j = await t.admin.post('/api/cameras/import', { format: 'json', content: json, domainId: store.id });
    assert.equal(j.body.created, 1);
    assert.equal(j.body.failed, 2);
    const broken = await t.admin.post('/api/cameras/import', { format: 'json', content: '[{', domainId: store.id });
    assert.equal(broken.status, 400);
    assert.match(broken.body.detail, /not valid JSON/);
  });
});
