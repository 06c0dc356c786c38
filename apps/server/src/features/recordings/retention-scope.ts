/**
 * Pure: a camera's effective retention limits. Each limit (max age, max size) resolves on its own:
 * the camera's own setting ?? the strictest of its groups' ?? its domain's or the nearest ancestor's ?? the global
 * default. "Strictest" is the smallest value: a camera in two groups keeps its video as briefly as the stricter asks.
 */

export interface RetentionLimits {
  maxAgeHours: number | null;
  maxBytes: number | null;
}

export type LimitSource = 'camera' | 'group' | 'domain' | 'global' | 'none';

export interface EffectiveRetention extends RetentionLimits {
  maxAgeSource: LimitSource;
  maxBytesSource: LimitSource;
}

export interface RetentionScopeInput {
  camera: RetentionLimits;
  /** The limits of every group the camera belongs to (any order). */
  groups: readonly RetentionLimits[];
  /** The camera's domain first, then its parent, … up to the root; domains without a policy are null. */
  domainChain: readonly (RetentionLimits | null)[];
  /** Global defaults; null: no limit. */
  global: RetentionLimits;
}

type Field = keyof RetentionLimits;

function resolveField(input: RetentionScopeInput, field: Field): { value: number | null; source: LimitSource } {
  const own = input.camera[field];
  if (own !== null) return { value: own, source: 'camera' };
  const fromGroups = input.groups.map((g) => g[field]).filter((v): v is number => v !== null);
  if (fromGroups.length > 0) return { value: Math.min(...fromGroups), source: 'group' };
  for (const d of input.domainChain) {
    const v = d?.[field] ?? null;
    if (v !== null) return { value: v, source: 'domain' };
  }
  const g = input.global[field];
  return g !== null ? { value: g, source: 'global' } : { value: null, source: 'none' };
}

export function resolveRetention(input: RetentionScopeInput): EffectiveRetention {
  const age = resolveField(input, 'maxAgeHours');
  const size = resolveField(input, 'maxBytes');
  return { maxAgeHours: age.value, maxBytes: size.value, maxAgeSource: age.source, maxBytesSource: size.source };
}

/** The chain from a domain up to the root (the domain first); stops at a missing parent or a cycle. */
export function domainChain(domainId: string, parentOf: ReadonlyMap<string, string | null>): string[] {
  const chain: string[] = [];
  const seen = new Set<string>();
  let id: string | null | undefined = domainId;
  while (id !== null && id !== undefined && !seen.has(id)) {
    seen.add(id);
    chain.push(id);
    id = parentOf.get(id);
  }
  return chain;
}

/** Everything retention needs to resolve any camera's policy, loaded once per run. */
export interface RetentionScopes {
  groupPolicies: ReadonlyMap<string, RetentionLimits>;
  domainPolicies: ReadonlyMap<string, RetentionLimits>;
  /** camera id → ids of the groups it belongs to. */
  memberships: ReadonlyMap<string, readonly string[]>;
  /** domain id → parent id (null for the root). */
  domainParents: ReadonlyMap<string, string | null>;
}

export const NO_SCOPES: RetentionScopes = { groupPolicies: new Map(), domainPolicies: new Map(), memberships: new Map(), domainParents: new Map() };

/** Resolves one camera against preloaded scopes. */
export function resolveCameraRetention(
  camera: { id: string; domainId: string; own: RetentionLimits },
  scopes: RetentionScopes,
  global: RetentionLimits,
): EffectiveRetention {
  const groups = (scopes.memberships.get(camera.id) ?? []).map((g) => scopes.groupPolicies.get(g)).filter((p): p is RetentionLimits => p !== undefined);
  const chain = domainChain(camera.domainId, scopes.domainParents).map((d) => scopes.domainPolicies.get(d) ?? null);
  return resolveRetention({ camera: camera.own, groups, domainChain: chain, global });
}
