/** Roles and the permissions each grants. A grant gives one role on one domain and all its sub-domains. */
export const ROLES = ['administrator', 'operator', 'viewer', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'domains.read',
  'domains.manage',
  'cameras.read',
  'cameras.manage',
  'cameras.probe',
  'live.view',
  'recordings.view',
  'recordings.export',
  'events.read',
  'events.act',
  'tasks.read',
  'tasks.manage',
  'subscriptions.manage',
  'users.read',
  'users.manage',
  'tokens.manage',
  'audit.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const VIEWER: readonly Permission[] = ['domains.read', 'cameras.read', 'live.view', 'recordings.view', 'events.read', 'tasks.read'];
const OPERATOR: readonly Permission[] = [
  ...VIEWER,
  'cameras.manage',
  'cameras.probe',
  'recordings.export',
  'events.act',
  'tasks.manage',
  'tokens.manage',
];
const AUDITOR: readonly Permission[] = ['domains.read', 'cameras.read', 'users.read', 'audit.read'];

export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  administrator: new Set(PERMISSIONS),
  operator: new Set(OPERATOR),
  viewer: new Set(VIEWER),
  auditor: new Set(AUDITOR),
};

export const ROLE_DESCRIPTIONS: Readonly<Record<Role, string>> = {
  administrator: 'Everything in the granted domains: organisation, users, cameras, video and events.',
  operator: 'Manages and probes cameras and analysis tasks, watches live and recorded video, exports clips and acts on events.',
  viewer: 'Watches live and recorded video and reads events and analysis tasks of the granted domains.',
  auditor: 'Reads the audit log, users and configuration of the granted domains; no video.',
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** True when every permission of `role` is also held through `held`. */
export function roleFitsWithin(role: Role, held: ReadonlySet<Permission>): boolean {
  for (const p of ROLE_PERMISSIONS[role]) if (!held.has(p)) return false;
  return true;
}
