import type { TestServer } from '../harness';
import { TEST_PASSWORD } from '../harness';
import { collectionOf, fillPath, type Operation } from './openapi';
import type { RawClient } from './raw-client';
import type { FuzzTargets } from './cases';

/** Real data for the fuzz run: sentinels (only must-reject requests name them) and per-operation victims. */
export interface FuzzFixture {
  targets: FuzzTargets;
  adminCookie: string;
  /** Ids whose rows may legitimately change (victims and the playground they live in). */
  mutable: Set<string>;
  sentinel: { domainId: string; leafId: string; cameraId: string; groupId: string; userId: string; tokenId: string };
  /** The sentinels as the API shows them, for before/after comparison. */
  readSentinels(): Promise<unknown>;
}

async function created(res: Promise<{ status: number; body: any; text: string }>, what: string): Promise<any> {
  const r = await res;
  if (r.status !== 201) throw new Error(`fixture: creating ${what} failed: ${r.status} ${r.text}`);
  return r.body;
}

const PREFIX: Record<string, string> = { domains: 'dom', cameras: 'cam', 'camera-groups': 'grp', users: 'usr', tokens: 'tok' };

export async function buildFixture(t: TestServer, ops: readonly Operation[], raw: RawClient): Promise<FuzzFixture> {
  const a = t.admin;
  const signIn = await fetch(`${t.url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(t.adminCredentials),
  });
  const adminCookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  if (signIn.status !== 200 || !adminCookie) throw new Error('fixture: admin sign-in failed');
  const adminId = (await a.get('/api/auth/me')).body.id as string;

  // Sentinels: a domain with a leaf, a camera with credentials, tags and a location, a group holding it, a user, a token.
  const sDomain = await created(a.post('/api/domains', { parentId: t.rootDomainId, name: 'Fuzz sentinel', description: 'must never change' }), 'sentinel domain');
  const sLeaf = await created(a.post('/api/domains', { parentId: sDomain.id, name: 'Sentinel leaf' }), 'sentinel leaf');
  const sGroup = await created(a.post('/api/camera-groups', { domainId: sDomain.id, name: 'Sentinel group', description: 'g' }), 'sentinel group');
  const sCamera = await created(
    a.post('/api/cameras', {
      domainId: sDomain.id,
      name: 'Sentinel camera',
      kind: 'rtsp',
      mainUrl: 'rtsp://sentinel:s3cret-pass@127.0.0.1:9/sentinel',
      tags: ['sentinel', 'door'],
      location: { latitude: 51.5, longitude: -0.12, address: '1 Sentinel Street' },
      description: 'sentinel',
      groupIds: [sGroup.id],
    }),
    'sentinel camera',
  );
  const sUser = await created(a.post('/api/users', { username: 'fuzz-sentinel', password: TEST_PASSWORD, grants: [{ domainId: sDomain.id, role: 'viewer' }] }), 'sentinel user');
  const sToken = await created(a.post('/api/tokens', { name: 'sentinel token', domainId: sDomain.id, role: 'viewer' }), 'sentinel token');

  // The playground: everything a possibly-accepted request may touch or reference lives here.
  const play = await created(a.post('/api/domains', { parentId: t.rootDomainId, name: 'Fuzz playground' }), 'playground');
  const playGroup = await created(a.post('/api/camera-groups', { domainId: play.id, name: 'Playground group' }), 'playground group');
  const playCamera = await created(a.post('/api/cameras', { domainId: play.id, name: 'Playground camera', kind: 'rtsp', mainUrl: 'rtsp://127.0.0.1:9/play' }), 'playground camera');
  const mutable = new Set<string>([play.id, playGroup.id, playCamera.id]);

  const victims = new Map<string, string>();
  let n = 0;
  for (const op of ops) {
    const collection = collectionOf(op.path);
    if (!collection || op.method === 'GET') continue;
    const name = `victim ${n++} ${op.method}`;
    let id: string;
    switch (collection) {
      case 'domains':
        id = (await created(a.post('/api/domains', { parentId: play.id, name }), name)).id;
        break;
      case 'cameras':
        id = (await created(a.post('/api/cameras', { domainId: play.id, name, kind: 'rtsp', mainUrl: `rtsp://127.0.0.1:9/victim-${n}` }), name)).id;
        break;
      case 'camera-groups':
        id = (await created(a.post('/api/camera-groups', { domainId: play.id, name }), name)).id;
        break;
      case 'users':
        id = (await created(a.post('/api/users', { username: `fuzz-victim-${n}`, password: TEST_PASSWORD, grants: [{ domainId: play.id, role: 'viewer' }] }), name)).id;
        break;
      case 'tokens':
        id = (await created(a.post('/api/tokens', { name, domainId: play.id, role: 'viewer' }), name)).info.id;
        break;
      default:
        id = `${PREFIX[collection] ?? 'zzz'}_fuzzvictim${n}`;
    }
    victims.set(op.key, id);
    mutable.add(id);
  }

  const sentinels: Record<string, string> = { domains: sLeaf.id, cameras: sCamera.id, 'camera-groups': sGroup.id, users: sUser.id, tokens: sToken.info.id };
  const foreign: Record<string, string> = { domains: sCamera.id, cameras: sGroup.id, 'camera-groups': sCamera.id, users: sDomain.id, tokens: sUser.id };

  // An operation is public when it answers an anonymous request with something other than 401.
  const publicOps = new Set<string>();
  for (const op of ops) {
    const path = fillPath(op.path, { id: sentinels[collectionOf(op.path) ?? ''] ?? 'zzz_fuzz' });
    const r = await raw.send({ method: op.method, path });
    if (r.status !== 401) publicOps.add(op.key);
  }

  const readSentinels = async () => {
    const tokens = ((await a.get('/api/tokens')).body as Array<{ id: string }>).filter((x) => x.id === sToken.info.id);
    return {
      domain: (await a.get(`/api/domains/${sDomain.id}`)).body,
      leaf: (await a.get(`/api/domains/${sLeaf.id}`)).body,
      camera: (await a.get(`/api/cameras/${sCamera.id}`)).body,
      group: (await a.get(`/api/camera-groups/${sGroup.id}`)).body,
      user: (await a.get(`/api/users/${sUser.id}`)).body,
      tokens,
    };
  };

  return {
    adminCookie,
    mutable,
    sentinel: { domainId: sDomain.id, leafId: sLeaf.id, cameraId: sCamera.id, groupId: sGroup.id, userId: sUser.id, tokenId: sToken.info.id },
    readSentinels,
    targets: {
      ids: { domainId: play.id, cameraId: playCamera.id, groupId: playGroup.id, userId: adminId },
      sentinelFor: (c) => sentinels[c ?? ''] ?? 'zzz_fuzzsentinel',
      victimFor: (op) => victims.get(op.key) ?? 'zzz_fuzzvictim',
      foreignKindFor: (c) => foreign[c ?? ''] ?? sCamera.id,
      isPublic: (op) => publicOps.has(op.key),
    },
  };
}
