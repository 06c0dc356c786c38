import type { Role } from '@argus/domain';
import type { GrantRow, UserRow } from './users.repo';

export interface GrantView {
  domainId: string;
  domainName: string;
  domainPath: string;
  role: Role;
}

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  disabled: boolean;
  createdAt: string;
  lastSignInAt: string | null;
  grants: GrantView[];
}

export function userView(u: UserRow, grants: readonly GrantRow[]): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    disabled: u.disabled === 1,
    createdAt: u.created_at,
    lastSignInAt: u.last_sign_in_at,
    grants: grants
      .filter((g) => g.userId === u.id)
      .map((g) => ({ domainId: g.domainId, domainName: g.domainName, domainPath: g.domainPath, role: g.role })),
  };
}
