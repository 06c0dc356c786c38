import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { newTimeOrderedId } from '../../../src/util/ids';
import type { Builder, Factory } from './operations';
import type { Domain, Org } from './org';
import { none, sideDomain, targeted } from './plan-helpers';

const VTEST = '/usr/share/doc/opencv-doc/examples/data/vtest.avi';

let tinyClip: Uint8Array | null = null;
/** A one-second 64x48 MP4 (made once by ffmpeg): an upload that is a real video. */
function tinyVideo(): Uint8Array {
  if (tinyClip) return tinyClip;
  const file = path.join(os.tmpdir(), `argus-matrix-${process.pid}.mp4`);
  const r = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=duration=1:size=64x48:rate=5', '-pix_fmt', 'yuv420p', file]);
  if (r.status !== 0) throw new Error(`ffmpeg could not make the matrix clip: ${r.stderr?.toString()}`);
  tinyClip = readFileSync(file);
  rmSync(file, { force: true });
  return tinyClip;
}
const RULES = {
  zones: [{ name: 'z', polygon: [[0.1, 0.1], [0.9, 0.1], [0.9, 0.9]] }],
  lines: [],
  rules: [{ type: 'intrusion', zone: 'z', classes: ['person'] }],
};

async function made(res: Promise<{ status: number; text: string; body: any }>, what: string): Promise<string> {
  const r = await res;
  if (r.status !== 201) throw new Error(`throwaway ${what}: ${r.status} ${r.text}`);
  return r.body.id as string;
}

/** A throwaway task over a throwaway camera of the domain (made by the root administrator). */
async function task(org: Org, f: Factory, d: Domain): Promise<string> {
  const camera = await f.camera(d);
  return made(org.t.admin.post('/api/tasks', { name: f.uniq('tmp-task'), cameraIds: [camera], rules: RULES, enabled: false }), 'task');
}

async function template(org: Org, f: Factory, d: Domain): Promise<string> {
  return made(org.t.admin.post('/api/task-templates', { name: f.uniq('tmp-template'), domainId: d.id, template: { rules: RULES } }), 'template');
}

function taskRows(org: Org, id: string): () => Promise<string> {
  const db = org.t.server.container.db.kysely;
  return async () => JSON.stringify([
    await db.selectFrom('analysis_tasks').selectAll().where('id', '=', id).execute(),
    await db.selectFrom('analysis_task_cameras').selectAll().where('task_id', '=', id).execute(),
  ]);
}

function templateRows(org: Org, id: string): () => Promise<string> {
  const db = org.t.server.container.db.kysely;
  return async () => JSON.stringify(await db.selectFrom('task_templates').selectAll().where('id', '=', id).execute());
}

function taskCount(org: Org): () => Promise<string> {
  const db = org.t.server.container.db.kysely;
  return async () => JSON.stringify(await db.selectFrom('analysis_tasks').select('id').orderBy('id').execute());
}

/** How to exercise each operation of the task center and rules (issue 6) slice; see operations.ts for the helpers. */
export const TASK_BUILDERS: Record<string, Builder> = {
  'GET /api/cameras/{id}/snapshot.jpg': targeted(async ({ org, side, f }) => {
    // A throwaway camera whose source is a local file (written straight to the store, as the factory does for users),
    // so the allowed callers get a real frame instead of a dead RTSP address.
    const id = await f.camera(sideDomain(org, side));
    await org.t.server.container.db.kysely.updateTable('cameras').set({ kind: 'file', main_url: VTEST }).where('id', '=', id).execute();
    return { method: 'GET', url: `/api/cameras/${id}/snapshot.jpg`, subjects: [id] };
  }),
  'GET /api/algorithms': none(() => ({ method: 'GET', url: '/api/algorithms', subjects: [] })),
  'POST /api/analysis/uploads': none(() => ({ method: 'POST', url: '/api/analysis/uploads?name=matrix.mp4', body: tinyVideo(), subjects: [] })),
  'GET /api/analysis/load': none(() => ({ method: 'GET', url: '/api/analysis/load', subjects: [] })),
  'GET /api/tasks': none(() => ({ method: 'GET', url: '/api/tasks', subjects: [] })),
  'POST /api/tasks': targeted(async ({ org, side, f }) => {
    const camera = await f.camera(sideDomain(org, side));
    return { method: 'POST', url: '/api/tasks', body: { name: f.uniq('new-task'), cameraIds: [camera], rules: RULES, enabled: false }, subjects: [camera], state: taskCount(org) };
  }),
  'GET /api/tasks/{id}': targeted(async ({ org, side, f }) => {
    const id = await task(org, f, sideDomain(org, side));
    return { method: 'GET', url: `/api/tasks/${id}`, subjects: [id] };
  }),
  'PATCH /api/tasks/{id}': targeted(async ({ org, side, f }) => {
    const id = await task(org, f, sideDomain(org, side));
    return { method: 'PATCH', url: `/api/tasks/${id}`, body: { priority: 9 }, subjects: [id], state: taskRows(org, id) };
  }),
  'DELETE /api/tasks/{id}': targeted(async ({ org, side, f }) => {
    const id = await task(org, f, sideDomain(org, side));
    return { method: 'DELETE', url: `/api/tasks/${id}`, subjects: [id], state: taskRows(org, id) };
  }),
  'POST /api/tasks/{id}/pause': targeted(async ({ org, side, f }) => {
    const id = await task(org, f, sideDomain(org, side));
    return { method: 'POST', url: `/api/tasks/${id}/pause`, body: {}, subjects: [id], state: taskRows(org, id) };
  }),
  'POST /api/tasks/{id}/resume': targeted(async ({ org, side, f }) => {
    const id = await task(org, f, sideDomain(org, side));
    return { method: 'POST', url: `/api/tasks/${id}/resume`, body: {}, subjects: [id], state: taskRows(org, id) };
  }),
  'GET /api/tasks/{id}/status': targeted(async ({ org, side, f }) => {
    const id = await task(org, f, sideDomain(org, side));
    return { method: 'GET', url: `/api/tasks/${id}/status`, subjects: [id] };
  }),
  'GET /api/tasks/{id}/counts': targeted(async ({ org, side, f }) => {
    const id = await task(org, f, sideDomain(org, side));
    return { method: 'GET', url: `/api/tasks/${id}/counts`, subjects: [id] };
  }),
  'POST /api/tasks/{id}/runs': targeted(async ({ org, side, f }) => {
    const id = await task(org, f, sideDomain(org, side));
    const cameraId = ((await org.t.admin.get<any>(`/api/tasks/${id}`)).body.cameraIds as string[])[0];
    return { method: 'POST', url: `/api/tasks/${id}/runs`, body: { cameraId, file: VTEST, durationS: 1 }, subjects: [id], state: taskRows(org, id) };
  }),
  'GET /api/task-runs/{id}': targeted(async ({ org, side, f }) => {
    const id = await task(org, f, sideDomain(org, side));
    const cameraId = ((await org.t.admin.get<any>(`/api/tasks/${id}`)).body.cameraIds as string[])[0];
    const run = await org.t.admin.post<any>(`/api/tasks/${id}/runs`, { cameraId, file: VTEST, durationS: 1 });
    if (run.status !== 202) throw new Error(`throwaway run: ${run.status} ${run.text}`);
    // Wait for the one-second run to end, so throwaway runs never pile up against the limit of runs at once.
    for (let i = 0; i < 100 && (await org.t.admin.get<any>(`/api/task-runs/${run.body.id as string}`)).body.state === 'running'; i++) await new Promise((r) => setTimeout(r, 200));
    return { method: 'GET', url: `/api/task-runs/${run.body.id as string}`, subjects: [run.body.id as string] };
  }),
  'GET /api/tasks/{id}/runs': targeted(async ({ org, side, f }) => {
    const id = await task(org, f, sideDomain(org, side));
    return { method: 'GET', url: `/api/tasks/${id}/runs`, subjects: [id] };
  }),
  'POST /api/task-runs/{id}/cancel': targeted(async ({ org, side, f }) => {
    // A run stored as running (written straight to the store, as a run of another moment would be): cancelling it
    // touches only its row, so denied callers leave it exactly as it was.
    const id = await task(org, f, sideDomain(org, side));
    const db = org.t.server.container.db.kysely;
    const t = await db.selectFrom('analysis_tasks').select('domain_path').where('id', '=', id).executeTakeFirstOrThrow();
    const cameraId = ((await org.t.admin.get<any>(`/api/tasks/${id}`)).body.cameraIds as string[])[0] as string;
    const runId = newTimeOrderedId('run');
    await db.insertInto('task_runs').values({
      id: runId, task_id: id, camera_id: cameraId, domain_path: t.domain_path, state: 'running', progress: 0, events: 0, error: null, source: 'file', file: VTEST,
      start_s: null, duration_s: 1, from_ms: null, to_ms: null, covered: null, created_by_id: null, created_by_name: 'matrix', started_at: new Date().toISOString(), finished_at: null,
    }).execute();
    const state = async () => JSON.stringify(await db.selectFrom('task_runs').selectAll().where('id', '=', runId).execute());
    return { method: 'POST', url: `/api/task-runs/${runId}/cancel`, body: {}, subjects: [runId], state };
  }),
  'GET /api/task-templates': none(() => ({ method: 'GET', url: '/api/task-templates', subjects: [] })),
  'POST /api/task-templates': targeted(async ({ org, side, f }) => {
    const d = sideDomain(org, side);
    return { method: 'POST', url: '/api/task-templates', body: { name: f.uniq('new-template'), domainId: d.id, template: { rules: RULES } }, subjects: [d.id] };
  }),
  'DELETE /api/task-templates/{id}': targeted(async ({ org, side, f }) => {
    const id = await template(org, f, sideDomain(org, side));
    return { method: 'DELETE', url: `/api/task-templates/${id}`, subjects: [id], state: templateRows(org, id) };
  }),
  'POST /api/task-templates/{id}/apply': targeted(async ({ org, side, f }) => {
    const d = sideDomain(org, side);
    const id = await template(org, f, d);
    const camera = await f.camera(d);
    return { method: 'POST', url: `/api/task-templates/${id}/apply`, body: { cameraIds: [camera], enabled: false }, subjects: [id, camera], state: taskCount(org) };
  }),
};
