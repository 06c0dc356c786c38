import { TEST_PASSWORD } from '../harness';
import type { Outcome } from './expectations';
import type { Factory, Plan } from './operations';
import type { Org, Principal, PrincipalKey } from './org';

/**
 * Requests on something the caller may touch that reach for something it may not: moving into, referencing or
 * granting on RegionB, granting beyond one's own role, and an API token acting on its creator.
 */
export interface CrossCheck {
  label: string;
  expect: Partial<Record<PrincipalKey, Outcome>>;
  build(ctx: { org: Org; f: Factory; p: Principal }): Promise<Plan>;
}

const cam = (f: Factory) => {
  const name = f.uniq('cross-cam');
  return { name, kind: 'rtsp', mainUrl: `rtsp://127.0.0.1:9/${name}` };
};

export const CROSS_CHECKS: CrossCheck[] = [
  {
    label: 'move a StoreA1 camera into RegionB',
    expect: { R: 'ok', A: 'hidden', O: 'hidden', V: 'forbidden', U: 'forbidden', T: 'forbidden' },
    build: async ({ org, f }) => {
      const id = await f.camera(org.storeA1);
      return { method: 'PATCH', url: `/api/cameras/${id}`, body: { domainId: org.regionB.id }, subjects: [org.regionB.id], state: f.state('camera', id) };
    },
  },
  {
    label: 'move a StoreA1 sub-domain under RegionB',
    expect: { R: 'ok', A: 'hidden', O: 'forbidden', V: 'forbidden', U: 'forbidden', T: 'forbidden' },
    build: async ({ org, f }) => {
      const id = await f.domain(org.storeA1);
      return { method: 'PATCH', url: `/api/domains/${id}`, body: { parentId: org.regionB.id }, subjects: [org.regionB.id], state: f.state('domain', id) };
    },
  },
  {
    label: 'put the RegionB camera into a StoreA1 group',
    expect: { R: 'invalid', A: 'hidden', O: 'hidden', V: 'forbidden', U: 'forbidden', T: 'forbidden' },
    build: async ({ org, f }) => {
      const id = await f.group(org.storeA1);
      return { method: 'PUT', url: `/api/camera-groups/${id}/cameras`, body: { cameraIds: [org.cameraB] }, subjects: [org.cameraB], state: f.state('group', id) };
    },
  },
  {
    label: 'create a StoreA1 camera inside the RegionB group',
    expect: { R: 'invalid', A: 'hidden', O: 'hidden', V: 'forbidden', U: 'forbidden', T: 'forbidden' },
    build: async ({ org, f }) => ({ method: 'POST', url: '/api/cameras', body: { domainId: org.storeA1.id, ...cam(f), groupIds: [org.groupB] }, subjects: [org.groupB], state: f.state('group', org.groupB) }),
  },
  {
    label: 'add the StoreA1 camera to the RegionB group by editing the camera',
    expect: { R: 'invalid', A: 'hidden', O: 'hidden', V: 'forbidden', U: 'forbidden', T: 'forbidden' },
    build: async ({ org, f }) => {
      const id = await f.camera(org.storeA1);
      return { method: 'PATCH', url: `/api/cameras/${id}`, body: { groupIds: [org.groupB] }, subjects: [org.groupB], state: f.state('camera', id) };
    },
  },
  {
    label: 'grant a StoreA1 user a role on RegionB',
    expect: { R: 'ok', A: 'hidden', O: 'hidden', V: 'hidden', U: 'forbidden', T: 'hidden' },
    build: async ({ org, f }) => {
      const id = await f.user([{ domainId: org.storeA1.id, role: 'viewer' }]);
      return { method: 'PUT', url: `/api/users/${id}/grants`, body: { grants: [{ domainId: org.regionB.id, role: 'viewer' }] }, subjects: [org.regionB.id], state: f.state('user', id) };
    },
  },
  {
    label: 'create a user with grants on StoreA1 and RegionB',
    expect: { R: 'ok', A: 'hidden', O: 'forbidden', V: 'forbidden', U: 'forbidden', T: 'forbidden' },
    build: async ({ org, f }) => ({
      method: 'POST',
      url: '/api/users',
      body: { username: f.uniq('cross-user'), password: TEST_PASSWORD, grants: [{ domainId: org.storeA1.id, role: 'viewer' }, { domainId: org.regionB.id, role: 'viewer' }] },
      subjects: [org.regionB.id],
    }),
  },
  {
    label: 'make oneself administrator of the root domain',
    expect: { A: 'hidden', O: 'forbidden', V: 'forbidden', U: 'forbidden', T: 'forbidden' },
    build: async ({ org, f, p }) => ({
      method: 'PUT',
      url: `/api/users/${p.userId}/grants`,
      body: { grants: [{ domainId: org.root.id, role: 'administrator' }] },
      subjects: [org.root.id],
      state: f.state('user', p.userId ?? ''),
    }),
  },
  {
    label: 'issue an API token above one\'s own role',
    expect: { A: 'ok', O: 'forbidden', V: 'forbidden', U: 'forbidden', T: 'forbidden' },
    build: async ({ org, f }) => ({ method: 'POST', url: '/api/tokens', body: { name: f.uniq('cross-token'), domainId: org.storeA1.id, role: 'administrator' }, subjects: [] }),
  },
  {
    label: 'create an administrator of StoreA1',
    expect: { R: 'ok', A: 'ok', O: 'forbidden', V: 'forbidden', U: 'forbidden', T: 'forbidden' },
    build: async ({ org, f }) => ({
      method: 'POST',
      url: '/api/users',
      body: { username: f.uniq('cross-admin'), password: TEST_PASSWORD, grants: [{ domainId: org.storeA1.id, role: 'administrator' }] },
      subjects: [],
    }),
  },
  {
    label: 'remove every grant of a StoreA1 user (the change is made, so the answer is 2xx)',
    expect: { R: 'ok', A: 'ok' },
    build: async ({ org, f }) => {
      const id = await f.user([{ domainId: org.storeA1.id, role: 'viewer' }]);
      const db = org.t.server.container.db.kysely;
      return {
        method: 'PUT',
        url: `/api/users/${id}/grants`,
        body: { grants: [] },
        subjects: [],
        okCheck: async () => ((await db.selectFrom('role_grants').select('id').where('user_id', '=', id).execute()).length === 0 ? null : 'grants remain'),
      };
    },
  },
  {
    label: 'list the cameras of the RegionB group',
    expect: { R: 'ok', A: 'empty', O: 'empty', V: 'empty', U: 'empty', T: 'empty' },
    build: async ({ org }) => ({ method: 'GET', url: `/api/cameras?groupId=${org.groupB}`, subjects: [org.groupB] }),
  },
  {
    label: 'read the audit trail of RegionB by its id',
    expect: { R: 'ok', A: 'empty', U: 'empty' },
    build: async ({ org }) => ({ method: 'GET', url: `/api/audit?targetId=${org.regionB.id}`, subjects: [org.regionB.id] }),
  },
  {
    label: 'import into StoreA1 a row that names RegionB',
    expect: { R: 'ok', A: 'ok', O: 'ok' },
    build: async ({ org, f, p }) => {
      const c = cam(f);
      const db = org.t.server.container.db.kysely;
      return {
        method: 'POST',
        url: '/api/cameras/import',
        body: { format: 'json', domainId: org.storeA1.id, content: JSON.stringify([{ ...c, domainId: org.regionB.id }]) },
        subjects: [],
        okCheck: async (res) => {
          const inB = await db.selectFrom('cameras').select('id').where('name', '=', c.name).where('domain_id', '=', org.regionB.id).execute();
          if (p.key === 'R') return res.body?.created === 1 && inB.length === 1 ? null : `root could not import into RegionB: ${res.text.slice(0, 300)}`;
          if (inB.length > 0) return `a camera was created in RegionB: ${res.text.slice(0, 300)}`;
          const row = res.body?.rows?.[0];
          return res.body?.created === 0 && row?.ok === false && /does not exist/.test(JSON.stringify(row.errors)) ? null : `expected the row to fail as "does not exist": ${res.text.slice(0, 300)}`;
        },
      };
    },
  },
];

/** A user with grants on StoreA1 and RegionB: RegionA managers see them, but may not change them as a whole. */
export function mixedUserChecks(mixedUserId: string): CrossCheck[] {
  const leak = (org: Org) => (res: { text: string }) => {
    const at = Math.max(res.text.indexOf(org.regionB.id), res.text.indexOf(`"${org.regionB.name}"`));
    return at < 0 ? null : `the answer reveals RegionB (${org.regionB.id}, "${org.regionB.name}"): …${res.text.slice(Math.max(0, at - 120), at + 160)}…`;
  };
  return [
    {
      label: 'read a user who also holds a RegionB grant',
      expect: { R: 'ok', A: 'ok', U: 'ok', O: 'hidden', V: 'hidden', T: 'hidden' },
      build: async ({ org, p }) => ({ method: 'GET', url: `/api/users/${mixedUserId}`, subjects: [mixedUserId], ...(p.key === 'R' ? {} : { okCheck: leak(org) }) }),
    },
    {
      label: 'list users, one of whom also holds a RegionB grant',
      expect: { A: 'ok', U: 'ok' },
      build: async ({ org }) => ({ method: 'GET', url: '/api/users', subjects: [], okCheck: leak(org) }),
    },
    {
      label: 'rename a user who also holds a RegionB grant',
      expect: { A: 'forbidden', U: 'forbidden' },
      build: async ({ f }) => ({ method: 'PATCH', url: `/api/users/${mixedUserId}`, body: { displayName: 'renamed' }, subjects: [], state: f.state('user', mixedUserId) }),
    },
    {
      label: 'disable a user who also holds a RegionB grant',
      expect: { A: 'forbidden' },
      build: async ({ f }) => ({ method: 'PATCH', url: `/api/users/${mixedUserId}`, body: { disabled: true }, subjects: [], state: f.state('user', mixedUserId) }),
    },
    {
      label: 'set the password of a user who also holds a RegionB grant',
      expect: { A: 'forbidden' },
      build: async ({ f }) => ({ method: 'POST', url: `/api/users/${mixedUserId}/password`, body: { password: 'taken-over-12345' }, subjects: [], state: f.state('user', mixedUserId) }),
    },
    {
      label: 'delete a user who also holds a RegionB grant',
      expect: { A: 'forbidden' },
      build: async ({ f }) => ({ method: 'DELETE', url: `/api/users/${mixedUserId}`, subjects: [], state: f.state('user', mixedUserId) }),
    },
    {
      label: 'clear the RegionA grants of a user who also holds a RegionB grant (RegionB grant stays)',
      expect: { A: 'ok' },
      build: async ({ org }) => ({
        method: 'PUT',
        url: `/api/users/${mixedUserId}/grants`,
        body: { grants: [] },
        subjects: [],
        okCheck: async () => {
          const grants = await org.t.server.container.db.kysely.selectFrom('role_grants').select('domain_id').where('user_id', '=', mixedUserId).execute();
          return grants.some((g) => g.domain_id === org.regionB.id) ? null : 'the RegionB grant was removed by a RegionA administrator';
        },
      }),
    },
  ];
}

/** An API token acting on the user who made it or on that user's other tokens. */
export function tokenCreatorChecks(ownerId: string, siblingTokenId: string): CrossCheck[] {
  return [
    {
      label: 'a viewer token changes its creator\'s password',
      expect: { T: 'refused' },
      build: async ({ f }) => ({ method: 'POST', url: `/api/users/${ownerId}/password`, body: { password: 'token-takes-over-1' }, subjects: [], state: f.state('user', ownerId) }),
    },
    {
      label: 'a viewer token renames its creator',
      expect: { T: 'refused' },
      build: async ({ f }) => ({ method: 'PATCH', url: `/api/users/${ownerId}`, body: { displayName: 'renamed by token' }, subjects: [], state: f.state('user', ownerId) }),
    },
    {
      label: 'a viewer token grants its creator more',
      expect: { T: 'refused' },
      build: async ({ org, f }) => ({ method: 'PUT', url: `/api/users/${ownerId}/grants`, body: { grants: [{ domainId: org.storeA1.id, role: 'administrator' }] }, subjects: [], state: f.state('user', ownerId) }),
    },
    {
      label: 'a StoreA1 viewer token (no tokens.manage) revokes its creator\'s RegionA token',
      expect: { T: 'refused' },
      build: async ({ f }) => ({ method: 'DELETE', url: `/api/tokens/${siblingTokenId}`, subjects: [], state: f.state('token', siblingTokenId) }),
    },
  ];
}
