import type { ColumnType } from 'kysely';

/** PostgreSQL returns int8 as text; SQLite as a number. Repos convert with Number(). */
type BigIntColumn = ColumnType<number | string, number, number>;
type NullableBigIntColumn = ColumnType<number | string | null, number | null, number | null>;

export interface WebhookSubscriptionsTable {
  id: string;
  name: string;
  url: string;
  enabled: number;
  /** JSON of WebhookFilters. */
  filters: string;
  /** The signing secret, sealed with the SecretBox. */
  secret_enc: string;
  /** The last event seq delivered (or skipped by a filter / given up). */
  cursor_seq: BigIntColumn;
  /** JSON of a pending replay, null when none. */
  replay: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookDeliveriesTable {
  id: string;
  subscription_id: string;
  delivery_id: string;
  /** 'event' | 'replay' | 'ping' */
  kind: string;
  event_id: string | null;
  seq: NullableBigIntColumn;
  attempt: number;
  /** 'delivered' | 'failed' (an attempt that will be retried) | 'gave_up' */
  outcome: string;
  status_code: number | null;
  duration_ms: number;
  error: string | null;
  at_ms: BigIntColumn;
}

export interface SubscriptionCursorsTable {
  /** 'mqtt' (one row per durable non-webhook target). */
  target: string;
  cursor_seq: BigIntColumn;
  updated_at: string;
}

/** Row types of the subscriptions slice (see tables.ts for the conventions). */
export interface SubscriptionTables {
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  subscription_cursors: SubscriptionCursorsTable;
}
