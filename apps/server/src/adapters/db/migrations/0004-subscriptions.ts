import type { Kysely } from 'kysely';

/** Tables of the subscriptions slice. (Placeholder until the slice is built; replace before it ships.) */
export async function up(_db: Kysely<unknown>): Promise<void> {
  // nothing yet
}

export async function down(_db: Kysely<unknown>): Promise<void> {
  // nothing yet
}
