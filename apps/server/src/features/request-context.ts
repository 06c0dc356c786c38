import type { Access } from '@argus/domain';

/** Who acts, as the audit log records it. */
export interface Actor {
  id: string | null;
  name: string;
  kind: 'user' | 'token' | 'system' | 'anonymous';
  ip: string;
}

/** What a service needs to know about the caller of one request. */
export interface RequestContext {
  access: Access;
  actor: Actor;
}

export const SYSTEM_ACTOR: Actor = { id: null, name: 'system', kind: 'system', ip: '' };
