import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestRtspServer, type TestRtspServer } from '@argus/media';
import { startTestServer, type TestServer } from './support/harness';
import { until, WALKWAY } from './support/tasks-fixtures';
import type { TasksModule } from '../src/features/tasks/tasks.module';
import { STOPPED_DURING_RUN, TaskRuns } from '../src/features/tasks/task-runs';
import { TaskRunsRepo } from '../src/features/tasks/task-runs.repo';

const VTEST = '/usr/share/doc/opencv-doc/examples/data/vtest.avi';

describe('offline runs over a recorded range, persisted', () => {
  let rtsp: TestRtspServer;
  let t: TestServer;
  let tasks: TasksModule;
  before(async () => {
    rtsp = await startTestRtspServer({ mounts: { '/walk': VTEST } });
    t = await startTestServer({ overrides: { 'recording.segmentSeconds': 2, 'recording.reconcileSeconds': 0.5 } });
    tasks = t.server.container.modules.find((m) => m.name === 'tasks') as TasksModule;
  });
  after(async () => {
    await t.close();
    await rtsp.stop();
  });

  it('analyses the recording of a camera: events at the recorded times, origin offline, progress to 1, stored as done; bad ranges are refused', { timeout: 180_000 }, async () => {
    const cam = (await t.admin.post<any>('/api/cameras', { domainId: t.rootDomainId, name: 'walkway', kind: 'rtsp', mainUrl: rtsp.url('/walk') })).body;
    // Paused: no live job, so every event of the task comes from the offline run.
    const task = (await t.admin.post<any>('/api/tasks', { name: 'walkway offline', cameraIds: [cam.id], rules: WALKWAY, params: { fps: 3 }, enabled: false })).body;
    const index = t.server.container.segmentIndex;
    const segments = await until('6 recorded segments', 60_000, async () => {
      const s = await index.overlapping(cam.id, Date.now() - 3_600_000, Date.now() + 60_000);
      return s.length >= 6 ? s : null;
    });
    const firstMs = segments[0]!.startMs;
    const lastMs = segments[5]!.endMs;
    // Ten seconds before the recording began: a gap the run reports and skips.
    const fromMs = firstMs - 10_000;
    const iso = (ms: number) => new Date(ms).toISOString();

    const reversed = await t.admin.post<any>(`/api/tasks/${task.id}/runs`, { cameraId: cam.id, from: iso(lastMs), to: iso(firstMs) });
    assert.equal(reversed.status, 400, reversed.text);
    assert.equal(reversed.body.errors[0].field, 'to');
    const empty = await t.admin.post<any>(`/api/tasks/${task.id}/runs`, { cameraId: cam.id, from: '2024-01-01T00:00:00Z', to: '2024-01-01T00:10:00Z' });
    assert.equal(empty.status, 404, empty.text);
    assert.equal(empty.body.code, 'no_recordings');
    const both = await t.admin.post<any>(`/api/tasks/${task.id}/runs`, { cameraId: cam.id, file: VTEST, from: iso(fromMs), to: iso(lastMs) });
    assert.equal(both.status, 400);
    assert.equal(both.body.errors[0].field, 'file');
    const neither = await t.admin.post<any>(`/api/tasks/${task.id}/runs`, { cameraId: cam.id });
    assert.equal(neither.status, 400);
    const halfRange = await t.admin.post<any>(`/api/tasks/${task.id}/runs`, { cameraId: cam.id, from: iso(fromMs) });
    assert.equal(halfRange.status, 400);
    assert.equal(halfRange.body.errors[0].field, 'to');

    const run = await t.admin.post<any>(`/api/tasks/${task.id}/runs`, { cameraId: cam.id, from: iso(fromMs), to: iso(lastMs) });
    assert.equal(run.status, 202, run.text);
    assert.equal(run.body.source, 'range');
    assert.equal(run.body.fromMs, fromMs);
    const startedAtMs = run.body.startedAtMs as number;
    assert.equal((await t.admin.post<any>(`/api/tasks/${task.id}/runs`, { cameraId: cam.id, from: iso(fromMs), to: iso(lastMs) })).status, 409, 'one run per task at a time');

    const progress: number[] = [];
    const done = await until('the run to finish', 150_000, async () => {
      const r = await t.admin.get<any>(`/api/task-runs/${run.body.id}`);
      progress.push(r.body.progress);
      return r.body.state !== 'running' ? r.body : null;
    });
    assert.equal(done.state, 'done', JSON.stringify(done));
    assert.equal(done.progress, 1);
    assert.ok(progress.every((p, i) => i === 0 || p >= (progress[i - 1] as number)), `progress never goes back: ${progress.join(' ')}`);
    assert.ok(done.events > 0, 'people walk through the zone in the recording');
    assert.ok(done.covered.length >= 1, JSON.stringify(done.covered));
    assert.ok(Math.abs(done.covered[0].fromMs - firstMs) <= 50, 'the covered range starts where the recording starts');
    assert.equal(done.gaps[0].fromMs, fromMs, 'the part before the recording is a gap');
    assert.ok(Math.abs(done.gaps[0].toMs - firstMs) <= 50);

    const events = (await t.admin.get<any>(`/api/events?taskId=${task.id}&limit=500`)).body.items as any[];
    // The event center folds repeated firings of one track (same dedup key) into one event.
    assert.ok(events.length > 0 && events.length <= done.events, `${events.length} events from ${done.events as number} firings`);
    for (const ev of events) {
      assert.equal(ev.details.origin, 'offline');
      assert.equal(ev.cameraId, cam.id);
      assert.ok(ev.occurredAtMs >= firstMs - 50 && ev.occurredAtMs <= lastMs + 50, `event at ${iso(ev.occurredAtMs)} lies in the recorded range ${iso(firstMs)}..${iso(lastMs)}`);
      assert.ok(ev.occurredAtMs < startedAtMs, 'recorded time, not the time of the run');
    }

    const list = await t.admin.get<any>(`/api/tasks/${task.id}/runs`);
    assert.equal(list.status, 200);
    assert.equal(list.body.items[0].id, run.body.id);
    assert.equal(list.body.items[0].state, 'done');
    assert.equal(list.body.items[0].events, done.events);

    // A second run, cancelled at once; the list pages newest first.
    const second = await t.admin.post<any>(`/api/tasks/${task.id}/runs`, { cameraId: cam.id, from: iso(firstMs), to: iso(lastMs) });
    assert.equal(second.status, 202, second.text);
    const cancelled = await t.admin.post<any>(`/api/task-runs/${second.body.id}/cancel`, {});
    assert.equal(cancelled.status, 200, cancelled.text);
    assert.equal(cancelled.body.state, 'cancelled');
    assert.equal((await t.admin.post<any>(`/api/task-runs/${second.body.id}/cancel`, {})).status, 409, 'a finished run cannot be cancelled');
    const page1 = (await t.admin.get<any>(`/api/tasks/${task.id}/runs?limit=1`)).body;
    assert.deepEqual(page1.items.map((r: any) => r.id), [second.body.id]);
    const page2 = (await t.admin.get<any>(`/api/tasks/${task.id}/runs?limit=1&cursor=${page1.nextCursor as string}`)).body;
    assert.deepEqual(page2.items.map((r: any) => r.id), [run.body.id]);
    assert.equal(page2.nextCursor, null);
    await until('the cancelled run to let go', 30_000, async () => (await t.admin.post<any>(`/api/tasks/${task.id}/runs`, { cameraId: cam.id, file: VTEST, durationS: 1 })).status === 202);

    const audit = await t.server.container.db.kysely.selectFrom('audit_log').select('action').where('target_id', '=', task.id).execute();
    assert.ok(audit.some((a) => a.action === 'task.run.start') && audit.some((a) => a.action === 'task.run.cancel'), 'start and cancel are audited');
  });

  it('marks a run left running by a stopped server as failed when the runs service starts', async () => {
    const c = t.server.container;
    const cam = (await t.admin.post<any>('/api/cameras', { domainId: t.rootDomainId, name: 'crashed', kind: 'rtsp', mainUrl: 'rtsp://127.0.0.1:9/x' })).body;
    const task = (await t.admin.post<any>('/api/tasks', { name: 'crashed run', cameraIds: [cam.id], rules: WALKWAY, enabled: false })).body;
    const repo = new TaskRunsRepo(c.db.kysely);
    await repo.insert({
      id: 'run_000000000000crashed', task_id: task.id, camera_id: cam.id, domain_path: (await c.camerasRepo.byId(cam.id))!.domain_path, state: 'running', progress: 0.4, events: 3, error: null,
      source: 'range', file: null, start_s: null, duration_s: null, from_ms: Date.now() - 60_000, to_ms: Date.now(), covered: null,
      created_by_id: null, created_by_name: 'admin', started_at: new Date().toISOString(), finished_at: null,
    });
    const rec = c.config.recording;
    const restarted = new TaskRuns({
      repo, tasks: tasks.service, runtime: tasks.runtime, cameras: c.camerasRepo, index: c.segmentIndex, blobs: c.blobs, audit: c.audit, clock: c.clock,
      tools: () => c.media.tools(), roots: [], dataDir: c.config.dataDir, uploads: { resolve: () => Promise.reject(new Error('no uploads here')) },
      limits: { maxRangeSeconds: rec.export.maxSeconds, cutTimeoutSeconds: rec.export.timeoutSeconds, gapToleranceMs: rec.gapToleranceMs },
      log: () => undefined,
    });
    await restarted.recover();
    const r = await t.admin.get<any>('/api/task-runs/run_000000000000crashed');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.state, 'failed');
    assert.equal(r.body.error, STOPPED_DURING_RUN);
    assert.equal(r.body.events, 3, 'what it counted stays');
    assert.ok(r.body.finishedAt);
    await restarted.close();
  });
});
