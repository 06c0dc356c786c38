import { minimalPrefixes, isWithin } from './domain-path';
import { ROLE_PERMISSIONS, type Permission, type Role } from './roles';

export interface Grant {
  domainId: string;
  domainPath: string;
  role: Role;
}

export interface Principal {
  kind: 'user' | 'token';
  userId: string;
  username: string;
  /** Id of the API token when kind is 'token'. */
  tokenId?: string;
}

/**
 * What a signed-in principal may do, derived from its grants only. Pure: no I/O.
 * A permission on a domain holds when some grant on that domain or an ancestor gives it.
 */
export class Access {
  constructor(
    readonly principal: Principal,
    readonly grants: readonly Grant[],
  ) {}

  permissionsAt(domainPath: string): Set<Permission> {
    const out = new Set<Permission>();
    for (const g of this.grants) {
      if (isWithin(domainPath, g.domainPath)) for (const p of ROLE_PERMISSIONS[g.role]) out.add(p);
    }
    return out;
  }

  can(permission: Permission, domainPath: string): boolean {
    return this.grants.some((g) => isWithin(domainPath, g.domainPath) && ROLE_PERMISSIONS[g.role].has(permission));
  }

  /** Domain path prefixes under which `permission` holds; an empty list means nowhere. */
  scope(permission: Permission): string[] {
    return minimalPrefixes(this.grants.filter((g) => ROLE_PERMISSIONS[g.role].has(permission)).map((g) => g.domainPath));
  }

  /** True when the permission holds somewhere. */
  hasAnywhere(permission: Permission): boolean {
    return this.scope(permission).length > 0;
  }
}
