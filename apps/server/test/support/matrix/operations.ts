import { newId } from '../../../src/util/ids';
import type { ApiResponse, Caller } from '../harness';
import { TEST_PASSWORD } from '../harness';
import type { Domain, Org, Principal } from './org';
import { EVENT_BUILDERS } from './operations-events';
import { none, nonEmpty, sideDomain, targeted } from './plan-helpers';
import { LIVE_BUILDERS } from './operations-live';
import { RECORDING_BUILDERS } from './operations-recordings';
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
  ...RECORDING_BUILDERS,
  // Later feature slices keep their rows in their own files (one file per slice, no shared edits).
  ...LIVE_BUILDERS,
  ...EVENT_BUILDERS,
  ...SUBSCRIPTION_BUILDERS,
  ...TASK_BUILDERS,
  ...PREFERENCE_BUILDERS,
};
