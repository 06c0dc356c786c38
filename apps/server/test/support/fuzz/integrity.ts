import type { Kysely } from 'kysely';
import type { Database } from '../../../src/adapters/db';

/** Tables whose rows a rejected request must never touch (sessions and the audit log change by design). */
const TABLES = ['domains', 'users', 'role_grants', 'api_tokens', 'cameras', 'camera_groups', 'camera_group_members', 'system_state'] as const;
type Table = (typeof TABLES)[number];

type Row = Record<string, unknown>;

/** Row key and the resource ids the row belongs to (a change is allowed when one of them may change). */
function identity(table: Table, r: Row): { key: string; owners: string[] } {
  const s = (k: string) => String(r[k]);
  switch (table) {
    case 'role_grants':
      return { key: s('id'), owners: [s('user_id')] };
    case 'camera_group_members':
      return { key: `${s('group_id')}|${s('camera_id')}`, owners: [s('group_id'), s('camera_id')] };
    case 'system_state':
      return { key: s('key'), owners: [] };
    case 'domains':
    case 'users':
    case 'api_tokens':
    case 'cameras':
    case 'camera_groups':
      return { key: s('id'), owners: [s('id')] };
  }
}

export type DbSnapshot = Map<Table, Map<string, { owners: string[]; json: string }>>;

export async function snapshotDb(db: Kysely<Database>): Promise<DbSnapshot> {
  const out: DbSnapshot = new Map();
  for (const table of TABLES) {
    const rows = (await db.selectFrom(table).selectAll().execute()) as Row[];
    const m = new Map<string, { owners: string[]; json: string }>();
    for (const r of rows) {
      const { key, owners } = identity(table, r);
      m.set(key, { owners, json: JSON.stringify(r) });
    }
    out.set(table, m);
  }
  return out;
}

/**
 * Compares two snapshots. Rows owned by a `mutable` id (throwaway victims) may change; every other row must be
 * byte-identical, and a new row must belong to a victim or to an id some accepted (2xx) response announced.
 */
export function compareSnapshots(before: DbSnapshot, after: DbSnapshot, mutable: ReadonlySet<string>, announced: string): string[] {
  const problems: string[] = [];
  const free = (owners: string[]) => owners.some((o) => mutable.has(o));
  for (const table of TABLES) {
    const b: Map<string, { owners: string[]; json: string }> = before.get(table) ?? new Map();
    const a: Map<string, { owners: string[]; json: string }> = after.get(table) ?? new Map();
    for (const [key, row] of b) {
      if (free(row.owners)) continue;
      const now = a.get(key);
      if (!now) problems.push(`${table} ${key} was deleted`);
      else if (now.json !== row.json) problems.push(`${table} ${key} changed:\n  before ${row.json}\n  after  ${now.json}`);
    }
    for (const [key, row] of a) {
      if (b.has(key) || free(row.owners)) continue;
      if (!row.owners.some((o) => announced.includes(o))) problems.push(`${table} ${key} appeared without an accepted request creating it: ${row.json}`);
    }
  }
  return problems;
}
