import type { Kysely } from 'kysely';

/**
 * Subscriptions (northbound push): webhook subscriptions with their durable cursor (the last event seq delivered),
 * the delivery log (one row per attempt) and the cursors of other durable targets (MQTT).
 * Times of attempts are epoch ms in bigint columns (queried by range and pruned); created_at/updated_at are ISO text.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('webhook_subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('filters', 'text', (c) => c.notNull())
    .addColumn('secret_enc', 'text', (c) => c.notNull())
    .addColumn('cursor_seq', 'bigint', (c) => c.notNull())
    /** Pending replay: deliver events with seq in (replay_cursor, replay_to_seq] whose time is in the range. JSON or null. */
    .addColumn('replay', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subscription_id', 'text', (c) => c.notNull())
    .addColumn('delivery_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text')
    .addColumn('seq', 'bigint')
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('at_ms', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhook_deliveries_sub_at').on('webhook_deliveries').columns(['subscription_id', 'at_ms']).execute();
  await db.schema.createIndex('webhook_deliveries_at').on('webhook_deliveries').column('at_ms').execute();

  await db.schema
    .createTable('subscription_cursors')
    .addColumn('target', 'text', (c) => c.primaryKey())
    .addColumn('cursor_seq', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('subscription_cursors').ifExists().execute();
  await db.schema.dropTable('webhook_deliveries').ifExists().execute();
  await db.schema.dropTable('webhook_subscriptions').ifExists().execute();
}
