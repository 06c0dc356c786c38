import type { Kysely, Selectable } from 'kysely';
import type { Database, DomainsTable } from '../../adapters/db';
import { rewriteDomainPathPrefix } from '../../adapters/db/domain-path-columns';

export type DomainRow = Selectable<DomainsTable>;

/** Queries over the organisation tree (materialised paths). */
export class DomainsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  byId(id: string): Promise<DomainRow | undefined> {
    return this.db.selectFrom('domains').selectAll().where('id', '=', id).executeTakeFirst();
  }

  root(): Promise<DomainRow | undefined> {
    return this.db.selectFrom('domains').selectAll().where('parent_id', 'is', null).executeTakeFirst();
  }

  /** Every domain at or below one of the prefixes, ordered by path (parents before children). */
  within(prefixes: readonly string[]): Promise<DomainRow[]> {
    if (prefixes.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('domains')
      .selectAll()
      .where((eb) => eb.or(prefixes.map((p) => eb('path', 'like', `${p}%`))))
      .orderBy('path')
      .execute();
  }

  siblingNamed(parentId: string | null, name: string): Promise<DomainRow | undefined> {
    let q = this.db.selectFrom('domains').selectAll().where('name', '=', name);
    q = parentId === null ? q.where('parent_id', 'is', null) : q.where('parent_id', '=', parentId);
    return q.executeTakeFirst();
  }

  async insert(row: DomainRow): Promise<void> {
    await this.db.insertInto('domains').values(row).execute();
  }

  async update(id: string, patch: Partial<Pick<DomainRow, 'name' | 'description' | 'updated_at'>>): Promise<void> {
    await this.db.updateTable('domains').set(patch).where('id', '=', id).execute();
  }

  /**
   * Moves a subtree: rewrites the path prefix of the domain and all below it, and of every object that stores such a
   * path (adapters/db/domain-path-columns.ts), in one transaction.
   */
  async move(id: string, newParentId: string, oldPrefix: string, newPrefix: string, now: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const rows = await trx.selectFrom('domains').select(['id', 'path']).where('path', 'like', `${oldPrefix}%`).execute();
      await trx.updateTable('domains').set({ parent_id: newParentId, updated_at: now }).where('id', '=', id).execute();
      for (const r of rows) {
        await trx.updateTable('domains').set({ path: newPrefix + r.path.slice(oldPrefix.length) }).where('id', '=', r.id).execute();
      }
      await rewriteDomainPathPrefix(trx, oldPrefix, newPrefix);
    });
  }

  async usage(id: string): Promise<{ children: number; cameras: number; groups: number }> {
    const count = async (table: 'domains' | 'cameras' | 'camera_groups', column: 'parent_id' | 'domain_id') => {
      const r = await this.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where(column, '=', id)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    };
    return {
      children: await count('domains', 'parent_id'),
      cameras: await count('cameras', 'domain_id'),
      groups: await count('camera_groups', 'domain_id'),
    };
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('domains').where('id', '=', id).execute();
  }
}
