import type { ColumnType } from 'kysely';
import type { EventTables } from './tables-events';
import type { SubscriptionTables } from './tables-subscriptions';
import type { TaskTables } from './tables-tasks';
import type { PreferenceTables } from './tables-preferences';

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

/** A bigint column: written as a number, read as a number (SQLite) or a decimal string (PostgreSQL int8). */
export type Int8 = ColumnType<number | string, number, number>;
export type Int8Null = ColumnType<number | string | null, number | null, number | null>;

/** One closed fragmented-MP4 segment of a camera's recording, stored in the blob store under storage_key. */
export interface RecordingSegmentsTable {
  id: string;
  camera_id: string;
  /** Wall-clock time of the first frame, epoch ms. */
  start_ms: Int8;
  /** start_ms + duration_ms. */
  end_ms: Int8;
  duration_ms: number;
  size_bytes: Int8;
  video_codec: string;
  width: number | null;
  height: number | null;
  has_audio: number;
  /** Bytes of ftyp+moov at the start of the file (the HLS EXT-X-MAP byte range). */
  init_size: number;
  sha256: string;
  storage_key: string;
  session_id: string;
  sequence: number;
  recovered: number;
  /** Epoch ms until which retention must not delete it (events, pinned exports), or null. */
  keep_until: Int8Null;
  created_at: string;
}

/** Per-camera recording settings; a camera without a row uses the configured defaults. */
export interface CameraRecordingSettingsTable {
  camera_id: string;
  mode: string;
  max_age_hours: number | null;
  max_bytes: Int8Null;
  pre_roll_segments: number | null;
  post_roll_seconds: number | null;
  /** JSON array of weekly windows ({days, start, end}); null: always. */
  schedule: string | null;
  updated_at: string;
}

/** An export job and, once done, its clip and signed manifest. */
export interface RecordingExportsTable {
  id: string;
  camera_id: string;
  camera_name: string;
  domain_path: string;
  state: string;
  progress: number;
  error: string | null;
  from_ms: Int8;
  to_ms: Int8;
  actual_from_ms: Int8Null;
  actual_to_ms: Int8Null;
  watermark: number;
  pinned: number;
  keep_until: Int8Null;
  file_key: string | null;
  file_sha256: string | null;
  file_size: Int8Null;
  manifest: string | null;
  created_by_id: string | null;
  created_by_name: string;
  created_at: string;
  finished_at: string | null;
}

/** Retention defaults of a camera group or a domain (migration 0007); null fields: no default at this level. */
export interface RecordingPoliciesTable {
  /** 'group' or 'domain'. */
  scope_kind: string;
  scope_id: string;
  max_age_hours: number | null;
  max_bytes: Int8Null;
  updated_at: string;
}

/** A request to keep a camera's recordings of [from_ms, to_ms) until until_ms (events, integrations; migration 0007). */
export interface RecordingHoldsTable {
  id: string;
  camera_id: string;
  from_ms: Int8;
  to_ms: Int8;
  until_ms: Int8;
  reason: string;
  created_by_name: string;
  created_at: string;
}

/** Later slices keep their row types beside this file (tables-<slice>.ts). */
export interface Database extends EventTables, SubscriptionTables, TaskTables, PreferenceTables {
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
  recording_segments: RecordingSegmentsTable;
  camera_recording_settings: CameraRecordingSettingsTable;
  recording_exports: RecordingExportsTable;
  recording_policies: RecordingPoliciesTable;
  recording_holds: RecordingHoldsTable;
}
