import { newId } from '../../../src/util/ids';
import type { ApiResponse, Caller } from '../harness';
import { TEST_PASSWORD } from '../harness';
import type { Domain, Org, Principal } from './org';
import { EVENT_BUILDERS } from './operations-events';
import { none, nonEmpty, sideDomain, targeted } from './plan-helpers';
import { LIVE_BUILDERS } from './operations-live';
import { SUBSCRIPTION_BUILDERS } from './operations-subscriptions';
import { TASK_BUILDERS } from './operations-tasks';
import { PREFERENCE_BUILDERS } from './operations-preferences';

export type Side = 'in' | 'out' | 'none';

/** One request of the matrix, with what it is about and what must stay untouched when it is refused. */
export interface Plan {
  method: string;
  url: string;
  body?: unknown;
  /** Ids whose existence is in question: swapped for never-existing ids to prove a `hidden` answer leaks nothing. */
  subjects: string[];
  /** Rows a refused request must leave exactly as they were (read from the database). */
  state?: () => Promise<string>;
  /** Further conditions for `ok` (a filtered list is not empty, an import created its row…). */
  okCheck?: (res: ApiResponse<any>) => string | null | Promise<string | null>;
  /** Send as this caller instead of the principal (a fresh session for sign-out). */
  as?: Caller;
}

export interface BuildContext {
  org: Org;
  side: Side;
  p: Principal;
  f: Factory;
}

export interface Builder {
  /** Targeted operations run twice per principal: on something in StoreA1 (in) and in RegionB (out). */
  targeted: boolean;
  build(ctx: BuildContext): Promise<Plan>;
}

/** Throwaway resources, made by the root administrator for one check each, and their rows as stored. */
export class Factory {
  private n = 0;

  constructor(private readonly org: Org) {}

  uniq(prefix: string): string {
    return `${prefix}-${++this.n}`;
  }

  private async made(res: Promise<ApiResponse<any>>, what: string): Promise<any> {
    const r = await res;
    if (r.status !== 201) throw new Error(`throwaway ${what}: ${r.status} ${r.text}`);
    return r.body;
  }

  async domain(parent: Domain): Promise<string> {
    return (await this.made(this.org.t.admin.post('/api/domains', { parentId: parent.id, name: this.uniq('tmp-domain') }), 'domain')).id;
  }

  async camera(d: Domain): Promise<string> {
    const name = this.uniq('tmp-cam');
    return (await this.made(this.org.t.admin.post('/api/cameras', { domainId: d.id, name, kind: 'rtsp', mainUrl: `rtsp://127.0.0.1:9/${name}` }), 'camera')).id;
  }

  async group(d: Domain): Promise<string> {
    return (await this.made(this.org.t.admin.post('/api/camera-groups', { domainId: d.id, name: this.uniq('tmp-group') }), 'group')).id;
  }

  /**
   * Users are written straight to the store (with staff-a1's hash of TEST_PASSWORD): going through the API would
   * cost one scrypt hash each, and the matrix needs dozens. Everything else is made through the API.
   */
  async user(grants: Array<{ domainId: string; role: string }>): Promise<string> {
    const { usersRepo, db } = this.org.t.server.container;
    const model = await db.kysely.selectFrom('users').selectAll().where('id', '=', this.org.staffA1).executeTakeFirstOrThrow();
    const id = newId('usr');
    const username = this.uniq('tmp-user');
    await usersRepo.insert({ ...model, id, username, display_name: username, last_sign_in_at: null });
    await usersRepo.replaceGrants(id, [], grants.map((g) => ({ id: newId('grt'), domainId: g.domainId, role: g.role, createdAt: model.created_at })));
    return id;
  }

  async token(d: Domain): Promise<string> {
    return (await this.made(this.org.t.admin.post('/api/tokens', { name: this.uniq('tmp-token'), domainId: d.id, role: 'viewer' }), 'token')).info.id;
  }

  /** The stored rows of a resource and of what hangs off it (members, grants). */
  state(kind: 'domain' | 'camera' | 'group' | 'user' | 'token', id: string): () => Promise<string> {
    const db = this.org.t.server.container.db.kysely;
    return async () => {
      switch (kind) {
        case 'domain':
          return JSON.stringify(await db.selectFrom('domains').selectAll().where('id', '=', id).execute());
        case 'camera':
          return JSON.stringify([
            await db.selectFrom('cameras').selectAll().where('id', '=', id).execute(),
            await db.selectFrom('camera_group_members').selectAll().where('camera_id', '=', id).orderBy('group_id').execute(),
          ]);
        case 'group':
          return JSON.stringify([
            await db.selectFrom('camera_groups').selectAll().where('id', '=', id).execute(),
            await db.selectFrom('camera_group_members').selectAll().where('group_id', '=', id).orderBy('camera_id').execute(),
          ]);
        case 'user':
          return JSON.stringify([
            await db.selectFrom('users').selectAll().where('id', '=', id).execute(),
            await db.selectFrom('role_grants').selectAll().where('user_id', '=', id).orderBy('domain_id').execute(),
          ]);
        case 'token':
          return JSON.stringify(await db.selectFrom('api_tokens').selectAll().where('id', '=', id).execute());
      }
    };
  }
}


/** How to exercise each operation of the OpenAPI document on a target in (StoreA1) or out (RegionB). */
export const BUILDERS: Record<string, Builder> = {
  'GET /api/health/live': none(() => ({ method: 'GET', url: '/api/health/live', subjects: [] })),
  'GET /api/health': none(() => ({ method: 'GET', url: '/api/health', subjects: [] })),
  'GET /metrics': none(() => ({ method: 'GET', url: '/metrics', subjects: [] })),
  'GET /api/setup': none(() => ({ method: 'GET', url: '/api/setup', subjects: [] })),
  'POST /api/setup': none(({ f }) => ({ method: 'POST', url: '/api/setup', body: { token: 'argus_setup_guess', username: f.uniq('setup-user'), password: 'long-enough-pw-1' }, subjects: [] })),
  'POST /api/auth/sign-in': none(({ org }) => ({ method: 'POST', url: '/api/auth/sign-in', body: { username: org.signInProbe, password: TEST_PASSWORD }, subjects: [] })),
  'POST /api/auth/sign-out': none(async ({ org, p }) => ({
    method: 'POST',
    url: '/api/auth/sign-out',
    subjects: [],
    // Sign out a fresh session of the same user, so the principal's own session lives on.
    ...(p.key !== 'N' && p.key !== 'T' && p.username ? { as: await org.t.signIn(p.username, TEST_PASSWORD) } : {}),
  })),
  'GET /api/auth/me': none(() => ({ method: 'GET', url: '/api/auth/me', subjects: [] })),
  'GET /api/roles': none(() => ({ method: 'GET', url: '/api/roles', subjects: [] })),
  'GET /api/tokens': none(() => ({ method: 'GET', url: '/api/tokens', subjects: [] })),

  'GET /api/domains': none(() => ({ method: 'GET', url: '/api/domains', subjects: [] })),
  'POST /api/domains': targeted(async ({ org, side, f }) => {
    const parent = sideDomain(org, side);
    return { method: 'POST', url: '/api/domains', body: { parentId: parent.id, name: f.uniq('new-domain') }, subjects: [parent.id], state: f.state('domain', parent.id) };
  }),
  'GET /api/domains/{id}': targeted(async ({ org, side }) => {
    const d = sideDomain(org, side);
    return { method: 'GET', url: `/api/domains/${d.id}`, subjects: [d.id] };
  }),
  'PATCH /api/domains/{id}': targeted(async ({ org, side, f }) => {
    const id = await f.domain(sideDomain(org, side));
    return { method: 'PATCH', url: `/api/domains/${id}`, body: { description: 'changed by the matrix' }, subjects: [id], state: f.state('domain', id) };
  }),
  'DELETE /api/domains/{id}': targeted(async ({ org, side, f }) => {
    const id = await f.domain(sideDomain(org, side));
    return { method: 'DELETE', url: `/api/domains/${id}`, subjects: [id], state: f.state('domain', id) };
  }),

  'GET /api/users': none(() => ({ method: 'GET', url: '/api/users', subjects: [] })),
  'POST /api/users': targeted(async ({ org, side, f }) => {
    const d = sideDomain(org, side);
    return { method: 'POST', url: '/api/users', body: { username: f.uniq('new-user'), password: TEST_PASSWORD, grants: [{ domainId: d.id, role: 'viewer' }] }, subjects: [d.id] };
  }),
  'GET /api/users/{id}': targeted(async ({ org, side }) => {
    const id = side === 'out' ? org.staffB : org.staffA1;
    return { method: 'GET', url: `/api/users/${id}`, subjects: [id] };
  }),
  'PATCH /api/users/{id}': targeted(async ({ org, side, f }) => {
    const id = await f.user([{ domainId: sideDomain(org, side).id, role: 'viewer' }]);
    return { method: 'PATCH', url: `/api/users/${id}`, body: { displayName: 'Changed by the matrix' }, subjects: [id], state: f.state('user', id) };
  }),
  'DELETE /api/users/{id}': targeted(async ({ org, side, f }) => {
    const id = await f.user([{ domainId: sideDomain(org, side).id, role: 'viewer' }]);
    return { method: 'DELETE', url: `/api/users/${id}`, subjects: [id], state: f.state('user', id) };
  }),
  'PUT /api/users/{id}/grants': targeted(async ({ org, side, f }) => {
    const d = sideDomain(org, side);
    const id = await f.user([{ domainId: d.id, role: 'viewer' }]);
    return { method: 'PUT', url: `/api/users/${id}/grants`, body: { grants: [{ domainId: d.id, role: 'operator' }] }, subjects: [id], state: f.state('user', id) };
  }),
  'POST /api/users/{id}/password': targeted(async ({ org, side, f }) => {
    const id = await f.user([{ domainId: sideDomain(org, side).id, role: 'viewer' }]);
    return { method: 'POST', url: `/api/users/${id}/password`, body: { password: 'set-by-the-matrix-1' }, subjects: [id], state: f.state('user', id) };
  }),

  'POST /api/tokens': targeted(async ({ org, side, f }) => {
    const d = sideDomain(org, side);
    return { method: 'POST', url: '/api/tokens', body: { name: f.uniq('new-token'), domainId: d.id, role: 'viewer' }, subjects: [d.id] };
  }),
  'DELETE /api/tokens/{id}': targeted(async ({ org, side, f }) => {
    const id = await f.token(sideDomain(org, side));
    return { method: 'DELETE', url: `/api/tokens/${id}`, subjects: [id], state: f.state('token', id) };
  }),

  'GET /api/cameras': targeted(async ({ org, side }) => {
    const d = sideDomain(org, side);
    return { method: 'GET', url: `/api/cameras?domainId=${d.id}`, subjects: [d.id], okCheck: nonEmpty };
  }),
  'POST /api/cameras': targeted(async ({ org, side, f }) => {
    const d = sideDomain(org, side);
    const name = f.uniq('new-cam');
    return { method: 'POST', url: '/api/cameras', body: { domainId: d.id, name, kind: 'rtsp', mainUrl: `rtsp://127.0.0.1:9/${name}` }, subjects: [d.id] };
  }),
  'POST /api/cameras/probe': targeted(async ({ org, side }) => {
    const d = sideDomain(org, side);
    return { method: 'POST', url: '/api/cameras/probe', body: { domainId: d.id, kind: 'rtsp', url: 'rtsp://127.0.0.1:9/unsaved' }, subjects: [d.id] };
  }),
  'POST /api/cameras/import': targeted(async ({ org, side, f }) => {
    const d = sideDomain(org, side);
    const name = f.uniq('imported-cam');
    return {
      method: 'POST',
      url: '/api/cameras/import',
      body: { format: 'json', domainId: d.id, content: JSON.stringify([{ name, kind: 'rtsp', mainUrl: `rtsp://127.0.0.1:9/${name}` }]) },
      subjects: [d.id],
      okCheck: (res) => (res.body?.created === 1 ? null : `the import created ${String(res.body?.created)} cameras: ${res.text.slice(0, 300)}`),
    };
  }),
  'GET /api/cameras/{id}': targeted(async ({ org, side }) => {
    const id = side === 'out' ? org.cameraB : org.cameraA1;
    return { method: 'GET', url: `/api/cameras/${id}`, subjects: [id] };
  }),
  'PATCH /api/cameras/{id}': targeted(async ({ org, side, f }) => {
    const id = await f.camera(sideDomain(org, side));
    return { method: 'PATCH', url: `/api/cameras/${id}`, body: { description: 'changed by the matrix', tags: ['matrix'] }, subjects: [id], state: f.state('camera', id) };
  }),
  'DELETE /api/cameras/{id}': targeted(async ({ org, side, f }) => {
    const id = await f.camera(sideDomain(org, side));
    return { method: 'DELETE', url: `/api/cameras/${id}`, subjects: [id], state: f.state('camera', id) };
  }),
  'POST /api/cameras/{id}/probe': targeted(async ({ org, side, f }) => {
    const id = await f.camera(sideDomain(org, side));
    return { method: 'POST', url: `/api/cameras/${id}/probe`, body: {}, subjects: [id], state: f.state('camera', id) };
  }),

  'GET /api/camera-groups': none(() => ({ method: 'GET', url: '/api/camera-groups', subjects: [] })),
  'POST /api/camera-groups': targeted(async ({ org, side, f }) => {
    const d = sideDomain(org, side);
    return { method: 'POST', url: '/api/camera-groups', body: { domainId: d.id, name: f.uniq('new-group') }, subjects: [d.id] };
  }),
  'GET /api/camera-groups/{id}': targeted(async ({ org, side }) => {
    const id = side === 'out' ? org.groupB : org.groupA1;
    return { method: 'GET', url: `/api/camera-groups/${id}`, subjects: [id] };
  }),
  'PATCH /api/camera-groups/{id}': targeted(async ({ org, side, f }) => {
    const id = await f.group(sideDomain(org, side));
    return { method: 'PATCH', url: `/api/camera-groups/${id}`, body: { description: 'changed by the matrix' }, subjects: [id], state: f.state('group', id) };
  }),
  'PUT /api/camera-groups/{id}/cameras': targeted(async ({ org, side, f }) => {
    const d = sideDomain(org, side);
    const [group, camera] = [await f.group(d), await f.camera(d)];
    return { method: 'PUT', url: `/api/camera-groups/${group}/cameras`, body: { cameraIds: [camera] }, subjects: [group, camera], state: f.state('group', group) };
  }),
  'DELETE /api/camera-groups/{id}': targeted(async ({ org, side, f }) => {
    const id = await f.group(sideDomain(org, side));
    return { method: 'DELETE', url: `/api/camera-groups/${id}`, subjects: [id], state: f.state('group', id) };
  }),

  'GET /api/audit': targeted(async ({ org, side }) => {
    const id = side === 'out' ? org.cameraB : org.cameraA1;
    return { method: 'GET', url: `/api/audit?targetId=${id}`, subjects: [id], okCheck: nonEmpty };
  }),

  // ---- recording, playback and export (added with the recording slice; helpers below the table) ----
  'GET /api/cameras/{id}/recordings': targeted(async ({ org, side }) => {
    const id = side === 'out' ? org.cameraB : org.cameraA1;
    const seg = await seedSegment(org, id);
    return { method: 'GET', url: `/api/cameras/${id}/recordings?from=${seg.startMs - 60_000}&to=${seg.startMs + 60_000}`, subjects: [id] };
  }),
  'GET /api/cameras/{id}/playback.m3u8': targeted(async ({ org, side }) => {
    const id = side === 'out' ? org.cameraB : org.cameraA1;
    const seg = await seedSegment(org, id);
    return { method: 'GET', url: `/api/cameras/${id}/playback.m3u8?from=${seg.startMs}&to=${seg.startMs + 4000}`, subjects: [id] };
  }),
  'GET /api/recordings/segments/{id}': targeted(async ({ org, side }) => {
    const seg = await seedSegment(org, side === 'out' ? org.cameraB : org.cameraA1);
    return { method: 'GET', url: `/api/recordings/segments/${seg.id}`, subjects: [seg.id] };
  }),
  'GET /api/recordings/search': targeted(async ({ org, side }) => {
    const id = side === 'out' ? org.cameraB : org.cameraA1;
    const seg = await seedSegment(org, id);
    return { method: 'GET', url: `/api/recordings/search?cameraIds=${id}&from=${seg.startMs - 1000}&to=${seg.startMs + 5000}`, subjects: [id], okCheck: nonEmpty };
  }),
  'GET /api/recordings/status': none(() => ({ method: 'GET', url: '/api/recordings/status', subjects: [] })),
  'GET /api/cameras/{id}/recording-state': targeted(async ({ org, side }) => {
    const id = side === 'out' ? org.cameraB : org.cameraA1;
    return { method: 'GET', url: `/api/cameras/${id}/recording-state`, subjects: [id] };
  }),
  'GET /api/cameras/{id}/recording-settings': targeted(async ({ org, side }) => {
    const id = side === 'out' ? org.cameraB : org.cameraA1;
    return { method: 'GET', url: `/api/cameras/${id}/recording-settings`, subjects: [id] };
  }),
  'PUT /api/cameras/{id}/recording-settings': targeted(async ({ org, side, f }) => {
    const id = await f.camera(sideDomain(org, side));
    return { method: 'PUT', url: `/api/cameras/${id}/recording-settings`, body: { mode: 'off', maxAgeHours: 72 }, subjects: [id], state: recordingRows(org, 'camera_recording_settings', 'camera_id', id) };
  }),
  'POST /api/cameras/{id}/exports': targeted(async ({ org, side, f }) => {
    const id = await f.camera(sideDomain(org, side));
    const seg = await seedSegment(org, id);
    return {
      method: 'POST',
      url: `/api/cameras/${id}/exports`,
      body: { from: String(seg.startMs), to: String(seg.startMs + 4000) },
      subjects: [id],
      state: recordingRows(org, 'recording_exports', 'camera_id', id),
    };
  }),
  'GET /api/exports': targeted(async ({ org, side }) => {
    const id = side === 'out' ? org.cameraB : org.cameraA1;
    await seedExport(org, id);
    return { method: 'GET', url: `/api/exports?cameraId=${id}`, subjects: [id], okCheck: nonEmpty };
  }),
  'GET /api/exports/public-key': none(() => ({ method: 'GET', url: '/api/exports/public-key', subjects: [] })),
  'POST /api/exports/verify': none(() => ({ method: 'POST', url: '/api/exports/verify', body: { manifest: { format: 'argus-export-manifest' }, fileSha256: 'a'.repeat(64) }, subjects: [] })),
  'GET /api/exports/{id}': targeted(async ({ org, side }) => {
    const id = await seedExport(org, side === 'out' ? org.cameraB : org.cameraA1);
    return { method: 'GET', url: `/api/exports/${id}`, subjects: [id] };
  }),
  'GET /api/exports/{id}/manifest': targeted(async ({ org, side }) => {
    const id = await seedExport(org, side === 'out' ? org.cameraB : org.cameraA1);
    return { method: 'GET', url: `/api/exports/${id}/manifest`, subjects: [id] };
  }),
  'GET /api/exports/{id}/file': targeted(async ({ org, side }) => {
    const id = await seedExport(org, side === 'out' ? org.cameraB : org.cameraA1);
    return { method: 'GET', url: `/api/exports/${id}/file`, subjects: [id] };
  }),
  'DELETE /api/exports/{id}': targeted(async ({ org, side }) => {
    const id = await seedExport(org, side === 'out' ? org.cameraB : org.cameraA1);
    return { method: 'DELETE', url: `/api/exports/${id}`, subjects: [id], state: recordingRows(org, 'recording_exports', 'id', id) };
  }),
  'GET /api/camera-groups/{id}/recording-settings': targeted(async ({ org, side }) => {
    const id = side === 'out' ? org.groupB : org.groupA1;
    return { method: 'GET', url: `/api/camera-groups/${id}/recording-settings`, subjects: [id] };
  }),
  'PUT /api/camera-groups/{id}/recording-settings': targeted(async ({ org, side, f }) => {
    const id = await f.group(sideDomain(org, side));
    return { method: 'PUT', url: `/api/camera-groups/${id}/recording-settings`, body: { maxAgeHours: 48 }, subjects: [id], state: policyRows(org, id) };
  }),
  'GET /api/domains/{id}/recording-settings': targeted(async ({ org, side }) => {
    const d = sideDomain(org, side);
    return { method: 'GET', url: `/api/domains/${d.id}/recording-settings`, subjects: [d.id] };
  }),
  'PUT /api/domains/{id}/recording-settings': targeted(async ({ org, side, f }) => {
    const id = await f.domain(sideDomain(org, side));
    return { method: 'PUT', url: `/api/domains/${id}/recording-settings`, body: { maxBytes: 5_000_000_000 }, subjects: [id], state: policyRows(org, id) };
  }),
  'POST /api/cameras/{id}/recording-holds': targeted(async ({ org, side, f }) => {
    const id = await f.camera(sideDomain(org, side));
    const now = Date.now();
    return {
      method: 'POST',
      url: `/api/cameras/${id}/recording-holds`,
      body: { from: String(now - 60_000), to: String(now), reason: 'access matrix' },
      subjects: [id],
      state: holdRows(org, id),
    };
  }),
  'GET /api/cameras/{id}/recording-holds': targeted(async ({ org, side, f }) => {
    const id = await f.camera(sideDomain(org, side));
    return { method: 'GET', url: `/api/cameras/${id}/recording-holds`, subjects: [id] };
  }),
  'DELETE /api/cameras/{id}/recording-holds/{holdId}': targeted(async ({ org, side, f }) => {
    const id = await f.camera(sideDomain(org, side));
    const now = Date.now();
    const hold = await org.t.admin.post<{ id: string }>(`/api/cameras/${id}/recording-holds`, { from: String(now - 60_000), to: String(now), reason: 'access matrix' });
    return { method: 'DELETE', url: `/api/cameras/${id}/recording-holds/${hold.body.id}`, subjects: [id], state: holdRows(org, id) };
  }),
  // ---- end of the recording block ----
  // Later feature slices keep their rows in their own files (one file per slice, no shared edits).
  ...LIVE_BUILDERS,
  ...EVENT_BUILDERS,
  ...SUBSCRIPTION_BUILDERS,
  ...TASK_BUILDERS,
  ...PREFERENCE_BUILDERS,
};

// ---- helpers of the recording block: index rows and export jobs written straight into the server under test ----
let recordingSeeds = 0;

/** A segment of the camera ten minutes ago, indexed and stored (2 KiB of bytes; the matrix checks rights, not video). */
async function seedSegment(org: Org, cameraId: string): Promise<{ id: string; startMs: number }> {
  const c = org.t.server.container;
  const n = ++recordingSeeds;
  const startMs = Date.now() - 600_000 + n * 10;
  const id = `seg_matrix${n.toString(36)}`;
  const key = `rec/${cameraId}/matrix/${id}.mp4`;
  const bytes = Buffer.alloc(2048, n % 251);
  await c.blobs.put(key, bytes);
  await c.segmentIndex.insert({
    id, cameraId, startMs, endMs: startMs + 4000, durationMs: 4000, sizeBytes: bytes.length, videoCodec: 'h264', width: 640, height: 360, hasAudio: false,
    initSize: 1024, sha256: 'ab'.repeat(32), storageKey: key, sessionId: 'matrix', sequence: n, recovered: false, keepUntilMs: null, createdAt: new Date().toISOString(),
  });
  return { id, startMs };
}

/** A finished export of the camera (row, manifest and file), as the export queue leaves one. */
async function seedExport(org: Org, cameraId: string): Promise<string> {
  const c = org.t.server.container;
  const camera = await c.camerasRepo.byId(cameraId);
  const id = newId('exp');
  const fileKey = `exp/${id}/matrix.mp4`;
  await c.blobs.put(fileKey, Buffer.alloc(1024, 7));
  const now = Date.now();
  await c.db.kysely
    .insertInto('recording_exports')
    .values({
      id, camera_id: cameraId, camera_name: camera?.name ?? 'x', domain_path: camera?.domain_path ?? '/', state: 'done', progress: 1, error: null,
      from_ms: now - 60_000, to_ms: now, actual_from_ms: now - 60_000, actual_to_ms: now, watermark: 0, pinned: 0, keep_until: null, file_key: fileKey,
      file_sha256: 'cd'.repeat(32), file_size: 1024, manifest: JSON.stringify(matrixManifest(id, cameraId, camera?.name ?? 'x', now)),
      created_by_id: null, created_by_name: 'matrix', created_at: new Date(now).toISOString(), finished_at: new Date(now).toISOString(),
    })
    .execute();
  return id;
}

/** A complete (unsigned-looking but well-formed) manifest, the shape GET /api/exports/{id}/manifest returns. */
function matrixManifest(exportId: string, cameraId: string, cameraName: string, now: number) {
  const span = { start: new Date(now - 60_000).toISOString(), end: new Date(now).toISOString(), startMs: now - 60_000, endMs: now };
  return {
    format: 'argus-export-manifest', version: 1, exportId, camera: { id: cameraId, name: cameraName }, requestedRange: span, actualRange: span, gaps: [],
    watermark: false, exportedBy: { id: null, name: 'matrix', kind: 'system' }, createdAt: span.end, segments: [],
    file: { name: 'matrix.mp4', sha256: 'cd'.repeat(32), size: 1024, contentType: 'video/mp4' }, signature: { algorithm: 'Ed25519', keyId: 'matrix', value: '' },
  };
}

/** Group or domain retention defaults (recording block). */
function policyRows(org: Org, scopeId: string): () => Promise<string> {
  const db = org.t.server.container.db.kysely;
  return async () => JSON.stringify(await db.selectFrom('recording_policies').selectAll().where('scope_id', '=', scopeId).execute());
}

/** Recording holds of a camera (recording block). */
function holdRows(org: Org, cameraId: string): () => Promise<string> {
  const db = org.t.server.container.db.kysely;
  return async () => JSON.stringify(await db.selectFrom('recording_holds').selectAll().where('camera_id', '=', cameraId).execute());
}

function recordingRows(org: Org, table: 'camera_recording_settings' | 'recording_exports', column: 'camera_id' | 'id', value: string): () => Promise<string> {
  const db = org.t.server.container.db.kysely;
  return async () =>
    JSON.stringify(
      table === 'camera_recording_settings'
        ? await db.selectFrom('camera_recording_settings').selectAll().where('camera_id', '=', value).execute()
        : await db.selectFrom('recording_exports').selectAll().where(column === 'id' ? 'id' : 'camera_id', '=', value).execute(),
    );
}
