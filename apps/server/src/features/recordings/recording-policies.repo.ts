/** Retention defaults of camera groups and domains, and what retention needs to resolve a camera's policy. */
import type { Kysely } from 'kysely';
import type { Database } from '../../adapters/db';
import type { RetentionLimits, RetentionScopes } from './retention-scope';
import { numOrNull } from './segment-index.repo';

export type PolicyScopeKind = 'group' | 'domain';

export interface ScopePolicy extends RetentionLimits {
  updatedAt: string | null;
}

export const NO_POLICY: ScopePolicy = { maxAgeHours: null, maxBytes: null, updatedAt: null };

/** A group or domain with the domain path that decides who may see and change it. */
export interface PolicyScope {
  kind: PolicyScopeKind;
  id: string;
  name: string;
  domainPath: string;
}

export class RecordingPoliciesRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async get(kind: PolicyScopeKind, id: string): Promise<ScopePolicy> {
    const r = await this.db.selectFrom('recording_policies').selectAll().where('scope_kind', '=', kind).where('scope_id', '=', id).executeTakeFirst();
    return r ? { maxAgeHours: r.max_age_hours, maxBytes: numOrNull(r.max_bytes), updatedAt: r.updated_at } : NO_POLICY;
  }

  /** Stores a policy; one with no limit at all is removed (the scope then sets nothing). */
  async put(kind: PolicyScopeKind, id: string, p: RetentionLimits, at: string): Promise<void> {
    if (p.maxAgeHours === null && p.maxBytes === null) {
      await this.db.deleteFrom('recording_policies').where('scope_kind', '=', kind).where('scope_id', '=', id).execute();
      return;
    }
    const row = { max_age_hours: p.maxAgeHours, max_bytes: p.maxBytes, updated_at: at };
    await this.db
      .insertInto('recording_policies')
      .values({ scope_kind: kind, scope_id: id, ...row })
      .onConflict((oc) => oc.columns(['scope_kind', 'scope_id']).doUpdateSet(row))
      .execute();
  }

  /** The group or domain a policy belongs to, or null when it does not exist. */
  async scope(kind: PolicyScopeKind, id: string): Promise<PolicyScope | null> {
    if (kind === 'domain') {
      const d = await this.db.selectFrom('domains').select(['id', 'name', 'path']).where('id', '=', id).executeTakeFirst();
      return d ? { kind, id: d.id, name: d.name, domainPath: d.path } : null;
    }
    const g = await this.db
      .selectFrom('camera_groups')
      .innerJoin('domains', 'domains.id', 'camera_groups.domain_id')
      .select(['camera_groups.id as id', 'camera_groups.name as name', 'domains.path as path'])
      .where('camera_groups.id', '=', id)
      .executeTakeFirst();
    return g ? { kind, id: g.id, name: g.name, domainPath: g.path } : null;
  }

  /** Every group and domain policy, group memberships and the domain tree (one retention run, or one camera view). */
  async scopes(): Promise<RetentionScopes> {
    const [policies, members, domains] = await Promise.all([
      this.db.selectFrom('recording_policies').selectAll().execute(),
      this.db.selectFrom('camera_group_members').select(['camera_id', 'group_id']).execute(),
      this.db.selectFrom('domains').select(['id', 'parent_id']).execute(),
    ]);
    const groupPolicies = new Map<string, RetentionLimits>();
    const domainPolicies = new Map<string, RetentionLimits>();
    for (const p of policies) {
      const limits = { maxAgeHours: p.max_age_hours, maxBytes: numOrNull(p.max_bytes) };
      if (p.scope_kind === 'group') groupPolicies.set(p.scope_id, limits);
      else if (p.scope_kind === 'domain') domainPolicies.set(p.scope_id, limits);
    }
    const memberships = new Map<string, string[]>();
    for (const m of members) memberships.set(m.camera_id, [...(memberships.get(m.camera_id) ?? []), m.group_id]);
    return { groupPolicies, domainPolicies, memberships, domainParents: new Map(domains.map((d) => [d.id, d.parent_id])) };
  }
}
