import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fetchOpenApi, operationsOf, type Operation } from './support/fuzz/openapi';
import { startTestServer, TEST_PASSWORD, type TestServer } from './support/harness';
import { CROSS_CHECKS, mixedUserChecks, tokenCreatorChecks, type CrossCheck } from './support/matrix/cross-checks';
import { EXPECTATIONS, expected } from './support/matrix/expectations';
import { judgePlan } from './support/matrix/judge';
import { listProblems } from './support/matrix/list-checks';
import { BUILDERS, Factory, type Side } from './support/matrix/operations';
import { buildOrg, PRINCIPAL_NAMES, PRINCIPALS, type Org, type Principal } from './support/matrix/org';

/**
 * Every operation of the OpenAPI document × every principal × a target inside (StoreA1) and outside (RegionB) the
 * principal's domains, against an explicit table of expected outcomes (support/matrix/expectations.ts). A new
 * endpoint fails this test until someone writes down who may use it.
 *
 *   root ─┬─ RegionA ── StoreA1      A/O/V/U: administrator, operator, viewer, auditor on RegionA
 *         └─ RegionB                 T: viewer token on StoreA1 made by A; R: root administrator; N: anonymous
 */
describe('access matrix: who may read and change what, per domain', () => {
  let t: TestServer;
  let org: Org;
  let f: Factory;
  let ops: Operation[];
  let fixedBefore: string;
  const counts = { matrix: 0, lists: 0, cross: 0 };

  /** The fixed organisation's rows; the matrix works on throwaways, so these must not change. */
  const fixedRows = async () => {
    const db = t.server.container.db.kysely;
    const userIds = [org.staffA1, org.staffB, ...PRINCIPALS.map((k) => org.principals[k].userId ?? '')];
    return JSON.stringify([
      await db.selectFrom('domains').selectAll().where('id', 'in', [org.root.id, org.regionA.id, org.storeA1.id, org.regionB.id]).orderBy('id').execute(),
      await db.selectFrom('cameras').selectAll().where('id', 'in', [org.cameraA1, org.cameraB]).orderBy('id').execute(),
      await db.selectFrom('camera_groups').selectAll().where('id', 'in', [org.groupA1, org.groupB]).orderBy('id').execute(),
      await db.selectFrom('camera_group_members').selectAll().where('group_id', 'in', [org.groupA1, org.groupB]).orderBy('group_id').execute(),
      await db.selectFrom('users').select(['id', 'username', 'display_name', 'password_hash', 'disabled']).where('id', 'in', userIds).orderBy('id').execute(),
      await db.selectFrom('role_grants').select(['user_id', 'domain_id', 'role']).where('user_id', 'in', userIds).orderBy('user_id').orderBy('domain_id').execute(),
      await db.selectFrom('api_tokens').select(['id', 'user_id', 'domain_id', 'role', 'revoked_at', 'expires_at']).where('id', 'in', [org.tokenA, org.tokenA2]).orderBy('id').execute(),
    ]);
  };

  before(async () => {
    t = await startTestServer({ overrides: { 'media.probeTimeoutMs': 1000 } });
    org = await buildOrg(t);
    f = new Factory(org);
    ops = operationsOf(await fetchOpenApi(t.url));
    fixedBefore = await fixedRows();
  });
  after(async () => {
    const total = counts.matrix + counts.lists + counts.cross;
    console.log(
      `access matrix: ${total} checks over ${ops?.length ?? 0} operations × ${PRINCIPALS.length} principals ` +
        `(${counts.matrix} endpoint checks, ${counts.lists} list-content checks, ${counts.cross} cross-domain checks)`,
    );
    await t?.close();
  });

  it('has an expectation and a request for every operation of the OpenAPI document', () => {
    const keys = ops.map((o) => o.key);
    const noExpectation = keys.filter((k) => !EXPECTATIONS[k]);
    const noBuilder = keys.filter((k) => !BUILDERS[k]);
    assert.deepEqual(noExpectation, [], 'add a row to support/matrix/expectations.ts for each new operation');
    assert.deepEqual(noBuilder, [], 'add a request to support/matrix/operations.ts for each new operation');
    const stale = Object.keys(EXPECTATIONS).filter((k) => !keys.includes(k));
    assert.deepEqual(stale, [], 'expectations for operations the server no longer has');
    for (const k of keys) for (const p of PRINCIPALS) expected(EXPECTATIONS[k]!, p, BUILDERS[k]!.targeted ? 'in' : 'none');
  });

  it('gives every principal exactly the expected outcome, inside and outside its domains', async () => {
    const failures: string[] = [];
    for (const op of ops) {
      const builder = BUILDERS[op.key];
      const row = EXPECTATIONS[op.key];
      if (!builder || !row) continue;
      const sides: Side[] = builder.targeted ? ['in', 'out'] : ['none'];
      for (const key of PRINCIPALS) {
        const p = org.principals[key];
        for (const side of sides) {
          const outcome = expected(row, key, side);
          const plan = await builder.build({ org, side, p, f });
          const why = await judgePlan(p, plan, outcome);
          counts.matrix++;
          if (why) failures.push(`${op.key} as ${key} (${PRINCIPAL_NAMES[key]}) on ${side === 'none' ? '-' : side === 'in' ? 'StoreA1' : 'RegionB'}: expected ${outcome}; ${why}`);
        }
      }
    }
    assert.deepEqual(failures, [], `${failures.length} matrix cells disagree:\n${failures.join('\n')}`);
  });

  it('never lists foreign resources', async () => {
    const failures: string[] = [];
    for (const key of PRINCIPALS) {
      for (const { label, problem } of await listProblems(org, org.principals[key])) {
        counts.lists++;
        if (problem) failures.push(`${label}: ${problem}`);
      }
    }
    assert.deepEqual(failures, [], failures.join('\n'));
  });

  it('refuses moves, references and grants that reach outside the caller\'s domains', async () => {
    const mixed = await f.user([{ domainId: org.storeA1.id, role: 'viewer' }, { domainId: org.regionB.id, role: 'viewer' }]);
    // An operator on RegionA with a viewer token on StoreA1 (X) and an operator token on RegionA (Y): X acts on
    // its creator and on Y, which lies outside X's domain.
    const owner = await f.user([{ domainId: org.regionA.id, role: 'operator' }]);
    const ownerName = (await t.admin.get(`/api/users/${owner}`)).body.username as string;
    const ownerCaller = await t.signIn(ownerName, TEST_PASSWORD);
    const tokenX = (await ownerCaller.post('/api/tokens', { name: 'x', domainId: org.storeA1.id, role: 'viewer' })).body.token as string;
    const tokenY = (await ownerCaller.post('/api/tokens', { name: 'y', domainId: org.regionA.id, role: 'operator' })).body.info.id as string;
    const tokenPrincipal: Principal = { key: 'T', caller: t.withToken(tokenX), userId: owner, username: ownerName, scope: org.storeA1.path };

    const run = async (checks: CrossCheck[], principalOf: (k: keyof CrossCheck['expect']) => Principal) => {
      const failures: string[] = [];
      for (const check of checks) {
        for (const [key, outcome] of Object.entries(check.expect) as Array<[keyof CrossCheck['expect'], NonNullable<CrossCheck['expect'][keyof CrossCheck['expect']]>]>) {
          const p = principalOf(key);
          const why = await judgePlan(p, await check.build({ org, f, p }), outcome);
          counts.cross++;
          if (why) failures.push(`${check.label} — as ${key} (${PRINCIPAL_NAMES[key]}): expected ${outcome}; ${why}`);
        }
      }
      return failures;
    };
    const failures = [
      ...(await run(CROSS_CHECKS.filter((c) => !c.label.startsWith('make oneself')), (k) => org.principals[k])),
      ...(await run(mixedUserChecks(mixed), (k) => org.principals[k])),
      ...(await run(tokenCreatorChecks(owner, tokenY), () => tokenPrincipal)),
      // Last: were it to succeed, it would change the principals themselves.
      ...(await run(CROSS_CHECKS.filter((c) => c.label.startsWith('make oneself')), (k) => org.principals[k])),
    ];
    assert.deepEqual(failures, [], `${failures.length} cross-domain checks disagree:\n${failures.join('\n')}`);
  });

  it('left the fixed organisation exactly as it was', async () => {
    assert.equal(await fixedRows(), fixedBefore, 'the matrix works on throwaway resources only');
  });
});
