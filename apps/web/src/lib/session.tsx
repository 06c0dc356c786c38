import { createContext, useContext } from 'react';
import type { Schemas } from '@argus/sdk';

export type Me = Schemas['Me'];

export interface Session {
  me: Me;
  /** True when the user holds the permission on at least one domain (the server still checks each call). */
  can: (permission: string) => boolean;
  /** Reads /api/auth/me again (after grants change). */
  refresh: () => void;
  /** Ends the session; `message` is shown on the sign-in page. */
  signOut: (message?: string) => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in shell');
  return s;
}

export function sessionOf(me: Me, refresh: () => void, signOut: (message?: string) => void): Session {
  const held = new Set(me.permissions);
  return { me, can: (p) => held.has(p), refresh, signOut };
}

/** The distinct roles of a user, e.g. "administrator, viewer". */
export function rolesOf(grants: ReadonlyArray<{ role: string }>): string[] {
  return [...new Set(grants.map((g) => g.role))];
}
