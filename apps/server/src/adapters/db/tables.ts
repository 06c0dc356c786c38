/**
 * Row types of the metadata database. Timestamps are ISO-8601 UTC text (sortable in both dialects),
 * booleans are 0/1 integers, structured values are JSON text.
 */
export interface DomainsTable {
  id: string;
  parent_id: string | null;
  name: string;
  path: string;
  description: string;
  created_at: string;
  updated_at: string;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  disabled: number;
  created_at: string;
  updated_at: string;
  last_sign_in_at: string | null;
}

export interface RoleGrantsTable {
  id: string;
  user_id: string;
  domain_id: string;
  role: string;
  created_at: string;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  ip: string;
  user_agent: string;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  token_hash: string;
  prefix: string;
  user_id: string;
  domain_id: string;
  role: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface CamerasTable {
  id: string;
  domain_id: string;
  name: string;
  kind: string;
  main_url: string;
  sub_url: string | null;
  username: string | null;
  password_enc: string | null;
  tags: string;
  location: string;
  description: string;
  enabled: number;
  /** JSON of the last probe result, null before the first probe. */
  last_probe: string | null;
  created_at: string;
  updated_at: string;
}

export interface CameraGroupsTable {
  id: string;
  domain_id: string;
  name: string;
  description: string;
  created_at: string;
  updated_at: string;
}

export interface CameraGroupMembersTable {
  group_id: string;
  camera_id: string;
}

export interface AuditLogTable {
  id: string;
  at: string;
  actor_id: string | null;
  actor_name: string;
  actor_kind: string;
  action: string;
  target_type: string;
  target_id: string | null;
  domain_path: string | null;
  outcome: string;
  ip: string;
  details: string;
}

export interface SystemStateTable {
  key: string;
  value: string;
}

export interface Database {
  domains: DomainsTable;
  users: UsersTable;
  role_grants: RoleGrantsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  cameras: CamerasTable;
  camera_groups: CameraGroupsTable;
  camera_group_members: CameraGroupMembersTable;
  audit_log: AuditLogTable;
  system_state: SystemStateTable;
}
