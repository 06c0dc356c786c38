/**
 * Tables that store a materialised domain path (`domain_path`, e.g. `/root/store/`) of the object they hold, for
 * access checks and subtree filters in SQL. When a domain moves, its subtree's paths change, and these columns must
 * change with it in the same transaction, or a moved task, event or ticket would still be judged by where its
 * domain used to be (visible to the old parents' users, hidden from the new ones).
 *
 * Left out on purpose: `audit_log` (an append-only record of where something happened at the time).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './index';

export const DOMAIN_PATH_TABLES = [
  'recording_exports',
  'events',
  'incidents',
  'tickets',
  'analysis_tasks',
  'task_templates',
  'task_runs',
] as const satisfies readonly (keyof Database)[];

/**
 * Rewrites every stored path under `oldPrefix` to start with `newPrefix` (both `/…/` with the trailing slash). A
 * prefix comparison, not LIKE: ids may contain `_`, LIKE's one-character wildcard.
 */
export async function rewriteDomainPathPrefix(db: Kysely<Database>, oldPrefix: string, newPrefix: string): Promise<void> {
  for (const table of DOMAIN_PATH_TABLES) {
    await sql`update ${sql.table(table)} set domain_path = ${newPrefix} || substr(domain_path, ${oldPrefix.length + 1})
      where substr(domain_path, 1, ${oldPrefix.length}) = ${oldPrefix}`.execute(db);
  }
}
