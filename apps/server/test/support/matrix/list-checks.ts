import type { Org, Principal } from './org';

/**
 * What each list endpoint may show a principal: only things inside the principal's scope (for T: StoreA1 only),
 * and at least the fixed StoreA1 items so that "nothing foreign" is not trivially true. Returns problems found.
 */
export async function listProblems(org: Org, p: Principal): Promise<Array<{ label: string; problem: string | null }>> {
  if (!p.scope) return [];
  const scope = p.scope;
  const everything = p.key === 'R';
  const paths = new Map<string, string>(((await org.t.admin.get('/api/domains')).body as Array<{ id: string; path: string }>).map((d) => [d.id, d.path]));
  const inScope = (domainId: string) => (paths.get(domainId) ?? '<unknown>').startsWith(scope);
  const foreignIds = [org.regionB.id, org.cameraB, org.groupB, org.staffB];
  const out: Array<{ label: string; problem: string | null }> = [];
  const check = (label: string, problem: string | null) => out.push({ label: `${label} as ${p.key}`, problem });
  const get = (url: string) => p.caller.get(url);

  const domains = await get('/api/domains');
  check('GET /api/domains lists only domains in scope', domains.status !== 200 ? `status ${domains.status}` : (() => {
    const items = domains.body as Array<{ id: string; path: string }>;
    const foreign = items.filter((d) => !d.path.startsWith(scope));
    if (foreign.length > 0) return `foreign domains: ${foreign.map((d) => d.id).join(', ')}`;
    if (!items.some((d) => d.path === scope)) return 'the principal\'s own top domain is missing';
    if (everything && !items.some((d) => d.id === org.regionB.id)) return 'root does not see RegionB';
    return null;
  })());

  for (const [url, mine, theirs] of [
    ['/api/cameras', org.cameraA1, org.cameraB],
    ['/api/camera-groups', org.groupA1, org.groupB],
  ] as const) {
    const r = await get(url);
    const items = (Array.isArray(r.body) ? r.body : r.body?.items) as Array<{ id: string; domainId: string; cameraIds?: string[] }> | undefined;
    check(`GET ${url} lists only items in scope`, r.status !== 200 || !items ? `status ${r.status}` : (() => {
      const foreign = items.filter((c) => !inScope(c.domainId));
      if (foreign.length > 0) return `foreign items: ${foreign.map((c) => `${c.id} in ${c.domainId}`).join(', ')}`;
      if (!items.some((c) => c.id === mine)) return `the StoreA1 item ${mine} is missing`;
      if (everything && !items.some((c) => c.id === theirs)) return `root does not see ${theirs}`;
      if (!everything && r.text.includes(theirs)) return `${theirs} appears in the answer`;
      return null;
    })());
  }

  if (['R', 'A', 'U'].includes(p.key)) {
    const users = await get('/api/users');
    check('GET /api/users lists only users with a grant in scope', users.status !== 200 ? `status ${users.status}` : (() => {
      const items = users.body as Array<{ id: string; username: string; grants: Array<{ domainPath: string }> }>;
      if (everything) return items.some((u) => u.id === org.staffB) ? null : 'root does not see staff-b';
      const foreign = items.filter((u) => !u.grants.some((g) => g.domainPath.startsWith(scope)));
      if (foreign.length > 0) return `users without a grant in scope: ${foreign.map((u) => u.username).join(', ')}`;
      if (!items.some((u) => u.id === org.staffA1)) return 'staff-a1 is missing';
      return items.some((u) => u.id === org.staffB) ? 'staff-b (RegionB only) is listed' : null;
    })());

    const audit = await get('/api/audit?limit=500');
    check('GET /api/audit shows only entries of domains in scope', audit.status !== 200 ? `status ${audit.status}` : (() => {
      const items = audit.body.items as Array<{ id: string; action: string; domainPath: string | null; targetId: string | null }>;
      if (items.length === 0) return 'the audit log is empty';
      if (everything) return items.some((e) => e.targetId === org.cameraB) ? null : 'root does not see RegionB entries';
      const foreign = items.filter((e) => e.domainPath === null || !e.domainPath.startsWith(scope));
      if (foreign.length > 0) return `entries outside scope: ${foreign.slice(0, 5).map((e) => `${e.action} ${e.domainPath ?? '(organisation-wide)'}`).join(', ')}`;
      const leaked = foreignIds.filter((id) => audit.text.includes(id));
      return leaked.length > 0 ? `RegionB ids appear in the entries: ${leaked.join(', ')}` : null;
    })());
  }

  const tokens = await get('/api/tokens');
  const db = org.t.server.container.db.kysely;
  const own = await db.selectFrom('api_tokens').innerJoin('domains', 'domains.id', 'api_tokens.domain_id').select(['api_tokens.id', 'domains.path']).where('api_tokens.user_id', '=', p.userId ?? '').execute();
  check('GET /api/tokens lists only the caller\'s own tokens, in scope', tokens.status !== 200 ? `status ${tokens.status}` : (() => {
    const ids = (tokens.body as Array<{ id: string }>).map((x) => x.id);
    const allowed = new Set(own.filter((x) => x.path.startsWith(scope)).map((x) => x.id));
    const foreign = ids.filter((id) => !allowed.has(id));
    return foreign.length > 0 ? `tokens not the caller's or outside its scope: ${foreign.join(', ')}` : null;
  })());

  const me = await get('/api/auth/me');
  check('GET /api/auth/me describes the caller only', me.status !== 200 ? `status ${me.status}` : (() => {
    if (me.body.id !== p.userId || me.body.username !== p.username) return `me is ${me.body.username}`;
    if (p.key === 'T' && (me.body.kind !== 'token' || me.body.grants.length !== 1 || me.body.grants[0].domainId !== org.storeA1.id)) return `the token's grants are ${JSON.stringify(me.body.grants)}`;
    if (p.key === 'T' && me.body.permissions.some((x: string) => !['domains.read', 'cameras.read', 'live.view', 'recordings.view', 'events.read', 'tasks.read'].includes(x))) return `the token claims ${me.body.permissions.join(', ')}`;
    return null;
  })());
  return out;
}
