import type { Caller, TestServer } from '../harness';
import { TEST_PASSWORD } from '../harness';

/**
 * The principals of the matrix. R: the root administrator (the harness admin). A/O/V/U: administrator, operator,
 * viewer and auditor granted on RegionA only. T: an API token, viewer on StoreA1, created by A. N: nobody.
 */
export const PRINCIPALS = ['R', 'A', 'O', 'V', 'U', 'T', 'N'] as const;
export type PrincipalKey = (typeof PRINCIPALS)[number];

export const PRINCIPAL_NAMES: Record<PrincipalKey, string> = {
  R: 'root administrator',
  A: 'RegionA administrator',
  O: 'RegionA operator',
  V: 'RegionA viewer',
  U: 'RegionA auditor',
  T: 'viewer token on StoreA1',
  N: 'anonymous',
};

export interface Domain {
  id: string;
  name: string;
  path: string;
}

export interface Principal {
  key: PrincipalKey;
  caller: Caller;
  /** The user the principal acts as (for T: its creator); null for anonymous. */
  userId: string | null;
  username: string | null;
  /** Domain path under which the principal holds rights; null for anonymous. */
  scope: string | null;
}

export interface Org {
  t: TestServer;
  root: Domain;
  regionA: Domain;
  storeA1: Domain;
  regionB: Domain;
  cameraA1: string;
  cameraB: string;
  groupA1: string;
  groupB: string;
  /** Users who are not principals: a viewer on StoreA1, one on RegionB. */
  staffA1: string;
  staffB: string;
  /** Username of a viewer whose only use is to be signed in as by the sign-in row. */
  signInProbe: string;
  /** The id of T, A's viewer token on StoreA1. */
  tokenA: string;
  /** A second token of A, on RegionA: outside what the StoreA1 token may see. */
  tokenA2: string;
  principals: Record<PrincipalKey, Principal>;
}

async function must<T = any>(p: Promise<{ status: number; body: any; text: string }>, status: number, what: string): Promise<T> {
  const r = await p;
  if (r.status !== status) throw new Error(`matrix setup: ${what} answered ${r.status} ${r.text}`);
  return r.body as T;
}

export async function buildOrg(t: TestServer): Promise<Org> {
  const a = t.admin;
  const rootRow = await must<Domain>(a.get(`/api/domains/${t.rootDomainId}`), 200, 'reading the root');
  const regionA = await must<Domain>(a.post('/api/domains', { parentId: t.rootDomainId, name: 'RegionA' }), 201, 'RegionA');
  const storeA1 = await must<Domain>(a.post('/api/domains', { parentId: regionA.id, name: 'StoreA1' }), 201, 'StoreA1');
  const regionB = await must<Domain>(a.post('/api/domains', { parentId: t.rootDomainId, name: 'RegionB' }), 201, 'RegionB');
  const cam = (d: Domain, name: string) => must(a.post('/api/cameras', { domainId: d.id, name, kind: 'rtsp', mainUrl: `rtsp://127.0.0.1:9/${name}` }), 201, name);
  const cameraA1 = (await cam(storeA1, 'cam-a1')).id as string;
  const cameraB = (await cam(regionB, 'cam-b')).id as string;
  const groupA1 = (await must(a.post('/api/camera-groups', { domainId: storeA1.id, name: 'group-a1' }), 201, 'group A1')).id as string;
  const groupB = (await must(a.post('/api/camera-groups', { domainId: regionB.id, name: 'group-b' }), 201, 'group B')).id as string;
  await must(a.put(`/api/camera-groups/${groupA1}/cameras`, { cameraIds: [cameraA1] }), 200, 'group A1 members');
  await must(a.put(`/api/camera-groups/${groupB}/cameras`, { cameraIds: [cameraB] }), 200, 'group B members');
  const user = (username: string, domainId: string, role: string) =>
    must(a.post('/api/users', { username, password: TEST_PASSWORD, grants: [{ domainId, role }] }), 201, username);
  const staffA1 = (await user('staff-a1', storeA1.id, 'viewer')).id as string;
  const staffB = (await user('staff-b', regionB.id, 'viewer')).id as string;
  await user('sign-in-probe', storeA1.id, 'viewer');

  const me = await must(a.get('/api/auth/me'), 200, 'me');
  const roleUser = async (key: 'A' | 'O' | 'V' | 'U', username: string, role: string): Promise<Principal> => {
    const u = await t.userWith(username, [{ domainId: regionA.id, role }]);
    return { key, caller: u, userId: u.id, username, scope: regionA.path };
  };
  const A = await roleUser('A', 'region-a-admin', 'administrator');
  const O = await roleUser('O', 'region-a-operator', 'operator');
  const V = await roleUser('V', 'region-a-viewer', 'viewer');
  const U = await roleUser('U', 'region-a-auditor', 'auditor');
  const token = await must(A.caller.post('/api/tokens', { name: 'store-a1 viewer', domainId: storeA1.id, role: 'viewer' }), 201, 'token of A');
  const tokenA2 = (await must(A.caller.post('/api/tokens', { name: 'region-a operator', domainId: regionA.id, role: 'operator' }), 201, 'second token of A')).info.id as string;

  return {
    t,
    root: rootRow,
    regionA,
    storeA1,
    regionB,
    cameraA1,
    cameraB,
    groupA1,
    groupB,
    staffA1,
    staffB,
    signInProbe: 'sign-in-probe',
    tokenA: token.info.id as string,
    tokenA2,
    principals: {
      R: { key: 'R', caller: a, userId: me.id, username: me.username, scope: rootRow.path },
      A,
      O,
      V,
      U,
      T: { key: 'T', caller: t.withToken(token.token), userId: A.userId, username: A.username, scope: storeA1.path },
      N: { key: 'N', caller: t.anonymous, userId: null, username: null, scope: null },
    },
  };
}
