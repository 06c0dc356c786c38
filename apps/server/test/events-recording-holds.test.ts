// Events keep the recording around them: a stored event places a recording hold over its clip range, which
// retention honours; bursts of events on one camera merge into one hold.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from './support/harness';

describe('events hold their recordings', () => {
  let t: TestServer;
  let cam: string;

  before(async () => {
    t = await startTestServer();
    cam = (await t.admin.post('/api/cameras', { domainId: t.rootDomainId, name: 'Hold cam', kind: 'rtsp', mainUrl: 'rtsp://127.0.0.1:9/h' })).body.id;
  });
  after(async () => {
    await t.close();
  });

  const holdsOf = (cameraId: string) =>
    t.server.container.db.kysely.selectFrom('recording_holds').selectAll().where('camera_id', '=', cameraId).orderBy('from_ms').execute();

  it('places one hold per burst, covering pre- and post-roll, and none for an event of another camera', async () => {
    const t0 = Date.now() - 600_000;
    for (const dt of [0, 4_000, 9_000]) {
      const res = await t.admin.post('/api/events', { cameraId: cam, type: 'intrusion', occurredAt: String(t0 + dt) });
      assert.equal(res.status, 201, res.text);
    }
    const far = await t.admin.post('/api/events', { cameraId: cam, type: 'loitering', occurredAt: String(t0 + 300_000) });
    assert.equal(far.status, 201, far.text);
    const holds = t.server.container.events.recordingHolds;
    assert.ok(holds, 'events.holdRecordings is on by default');
    await holds.flush();
    const rows = await holdsOf(cam);
    const { clipPreSeconds, clipPostSeconds } = t.server.container.config.events;
    assert.deepEqual(
      rows.map((r) => [Number(r.from_ms), Number(r.to_ms)]),
      [
        [t0 - clipPreSeconds * 1000, t0 + 9_000 + clipPostSeconds * 1000],
        [t0 + 300_000 - clipPreSeconds * 1000, t0 + 300_000 + clipPostSeconds * 1000],
      ],
    );
    const holdDays = t.server.container.config.recording.retention.eventHoldDays;
    for (const r of rows) assert.ok(Math.abs(Number(r.until_ms) - (Date.now() + holdDays * 86_400_000)) < 120_000, 'held for eventHoldDays');
    assert.equal(holds.failed, 0);
  });
});
