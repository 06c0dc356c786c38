import type { Kysely, Selectable } from 'kysely';
import { isRole, type Grant } from '@argus/domain';
import type { Database, UsersTable } from '../../adapters/db';

export type UserRow = Selectable<UsersTable>;

export interface GrantRow extends Grant {
  userId: string;
  domainName: string;
}

export class UsersRepo {
  constructor(private readonly db: Kysely<Database>) {}

  byId(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  byUsername(username: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('username', '=', username.toLowerCase()).executeTakeFirst();
  }

  all(): Promise<UserRow[]> {
    return this.db.selectFrom('users').selectAll().orderBy('username').execute();
  }

  async count(): Promise<number> {
    const r = await this.db.selectFrom('users').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Grants with their domain paths, for one user or for all (userIds undefined). */
  async grants(userIds?: readonly string[]): Promise<GrantRow[]> {
    if (userIds && userIds.length === 0) return [];
    let q = this.db
      .selectFrom('role_grants')
      .innerJoin('domains', 'domains.id', 'role_grants.domain_id')
      .select(['role_grants.user_id', 'role_grants.domain_id', 'role_grants.role', 'domains.path', 'domains.name']);
    if (userIds) q = q.where('role_grants.user_id', 'in', userIds);
    const rows = await q.orderBy('domains.path').execute();
    return rows.flatMap((r) =>
      isRole(r.role) ? [{ userId: r.user_id, domainId: r.domain_id, domainPath: r.path, domainName: r.name, role: r.role }] : [],
    );
  }

  async insert(row: UserRow): Promise<void> {
    await this.db.insertInto('users').values(row).execute();
  }

  async update(id: string, patch: Partial<Omit<UserRow, 'id' | 'created_at'>>): Promise<void> {
    await this.db.updateTable('users').set(patch).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('users').where('id', '=', id).execute();
  }

  /** Replaces the grants of a user on the given domains (others stay), in one transaction. */
  async replaceGrants(
    userId: string,
    removeOn: readonly string[],
    add: ReadonlyArray<{ id: string; domainId: string; role: string; createdAt: string }>,
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (removeOn.length > 0) {
        await trx.deleteFrom('role_grants').where('user_id', '=', userId).where('domain_id', 'in', removeOn).execute();
      }
      if (add.length > 0) {
        await trx
          .insertInto('role_grants')
          .values(add.map((g) => ({ id: g.id, user_id: userId, domain_id: g.domainId, role: g.role, created_at: g.createdAt })))
          .execute();
      }
    });
  }

  async deleteSessionsOf(userId: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  }
}
