import type { Kysely } from 'kysely';

/**
 * Recording policies: retention defaults per camera group and per domain (a camera's own setting wins, then its
 * groups' strictest, then its domain's or the nearest ancestor's, then the global configuration), and recording holds
 * (a camera's recordings of a time range kept until a given instant, asked for by events or integrations).
 * Instants are epoch milliseconds in bigint columns (compared as integers), created_at and updated_at ISO text.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('recording_policies')
    .addColumn('scope_kind', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'text', (c) => c.notNull())
    .addColumn('max_age_hours', 'integer')
    .addColumn('max_bytes', 'bigint')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('recording_policies_pk', ['scope_kind', 'scope_id'])
    .execute();

  await db.schema
    .createTable('recording_holds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('camera_id', 'text', (c) => c.notNull())
    .addColumn('from_ms', 'bigint', (c) => c.notNull())
    .addColumn('to_ms', 'bigint', (c) => c.notNull())
    .addColumn('until_ms', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // Retention walks the holds still in force; expired ones are removed by until_ms.
  await db.schema.createIndex('recording_holds_until').on('recording_holds').column('until_ms').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['recording_holds', 'recording_policies']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
