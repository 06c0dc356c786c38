import type { Generated } from 'kysely';

/**
 * Row types of the events slice (see tables.ts for the conventions). Instants that list queries range over are epoch
 * milliseconds in bigint columns (PostgreSQL returns them as text; the repo converts); created_at and friends are ISO
 * text. `seq` is an integer identity: strictly increasing, the cursor of durable consumers.
 */
export interface EventsTable {
  seq: Generated<number>;
  fold_key: string | null;
  id: string;
  camera_id: string;
  camera_name: string;
  domain_path: string;
  origin_kind: string;
  task_id: string | null;
  rule_id: string | null;
  rule_name: string | null;
  type: string;
  class_name: string | null;
  track_id: string | null;
  severity: string;
  state: string;
  count: number;
  first_ms: number | string;
  last_ms: number | string;
  occurred_ms: number | string;
  created_ms: number | string;
  confidence: number | null;
  boxes: string;
  details: string;
  snapshot_key: string | null;
  crop_key: string | null;
  dedup_key: string;
  created_at: string;
  reviewed_by: string | null;
  reviewed_at: string | null;
  first_reviewed_ms: number | string | null;
  review_reason: string | null;
  assignee_id: string | null;
  incident_id: string | null;
}

export interface EventNotesTable {
  id: string;
  event_id: string;
  text: string;
  author_id: string | null;
  author_name: string;
  created_at: string;
}

/** Review history; false-alarm reasons are kept here for rule tuning and later training. */
export interface EventReviewsTable {
  id: string;
  event_id: string;
  action: string;
  from_state: string;
  to_state: string;
  reason: string | null;
  actor_id: string | null;
  actor_name: string;
  created_at: string;
}

export interface IncidentsTable {
  id: string;
  title: string;
  domain_path: string;
  created_by_id: string | null;
  created_by_name: string;
  created_at: string;
  updated_at: string;
}

export interface IncidentEventsTable {
  incident_id: string;
  event_id: string;
}

export interface TicketsTable {
  id: string;
  title: string;
  description: string;
  state: string;
  domain_path: string;
  assignee_id: string | null;
  due_at: string | null;
  created_by_id: string | null;
  created_by_name: string;
  created_at: string;
  updated_at: string;
}

export interface TicketEventsTable {
  ticket_id: string;
  event_id: string;
}

export interface TicketCommentsTable {
  id: string;
  ticket_id: string;
  text: string;
  author_id: string | null;
  author_name: string;
  created_at: string;
}

export interface TicketHistoryTable {
  id: string;
  ticket_id: string;
  from_state: string | null;
  to_state: string;
  actor_name: string;
  created_at: string;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  kind: string;
  title: string;
  target_type: string;
  target_id: string;
  created_at: string;
  read_at: string | null;
}

export interface EventTables {
  events: EventsTable;
  event_notes: EventNotesTable;
  event_reviews: EventReviewsTable;
  incidents: IncidentsTable;
  incident_events: IncidentEventsTable;
  tickets: TicketsTable;
  ticket_events: TicketEventsTable;
  ticket_comments: TicketCommentsTable;
  ticket_history: TicketHistoryTable;
  notifications: NotificationsTable;
}
