import type { Kysely } from 'kysely';
import type { Database } from '../../adapters/db';
import type { UserPreferencesTable } from '../../adapters/db/tables-preferences';

/** Storage of per-user preferences (one row per user and key). */
export class PreferencesRepo {
  constructor(private readonly db: Kysely<Database>) {}

  get(userId: string, key: string): Promise<UserPreferencesTable | undefined> {
    return this.db.selectFrom('user_preferences').selectAll().where('user_id', '=', userId).where('key', '=', key).executeTakeFirst();
  }

  async put(row: UserPreferencesTable): Promise<void> {
    await this.db
      .insertInto('user_preferences')
      .values(row)
      .onConflict((oc) => oc.columns(['user_id', 'key']).doUpdateSet({ value: row.value, updated_at: row.updated_at }))
      .execute();
  }

  /** True when a row was removed. */
  async delete(userId: string, key: string): Promise<boolean> {
    const res = await this.db.deleteFrom('user_preferences').where('user_id', '=', userId).where('key', '=', key).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }
}
