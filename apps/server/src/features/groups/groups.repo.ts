import type { Kysely, Selectable } from 'kysely';
import type { CameraGroupsTable, Database } from '../../adapters/db';

export type GroupRow = Selectable<CameraGroupsTable> & { domain_path: string; domain_name: string };

export class GroupsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  private base() {
    return this.db
      .selectFrom('camera_groups')
      .innerJoin('domains', 'domains.id', 'camera_groups.domain_id')
      .selectAll('camera_groups')
      .select(['domains.path as domain_path', 'domains.name as domain_name']);
  }

  byId(id: string): Promise<GroupRow | undefined> {
    return this.base().where('camera_groups.id', '=', id).executeTakeFirst();
  }

  within(scope: readonly string[]): Promise<GroupRow[]> {
    if (scope.length === 0) return Promise.resolve([]);
    return this.base()
      .where((eb) => eb.or(scope.map((p) => eb('domains.path', 'like', `${p}%`))))
      .orderBy('camera_groups.name')
      .execute();
  }

  nameTaken(domainId: string, name: string, exceptId?: string): Promise<{ id: string } | undefined> {
    let q = this.db.selectFrom('camera_groups').select('id').where('domain_id', '=', domainId).where('name', '=', name);
    if (exceptId) q = q.where('id', '!=', exceptId);
    return q.executeTakeFirst();
  }

  async insert(row: Selectable<CameraGroupsTable>): Promise<void> {
    await this.db.insertInto('camera_groups').values(row).execute();
  }

  async update(id: string, patch: Partial<Pick<GroupRow, 'name' | 'description' | 'updated_at'>>): Promise<void> {
    await this.db.updateTable('camera_groups').set(patch).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('camera_groups').where('id', '=', id).execute();
  }

  /** Member camera ids with their domain paths. */
  members(groupId: string): Promise<Array<{ camera_id: string; domain_path: string }>> {
    return this.db
      .selectFrom('camera_group_members')
      .innerJoin('cameras', 'cameras.id', 'camera_group_members.camera_id')
      .innerJoin('domains', 'domains.id', 'cameras.domain_id')
      .select(['camera_group_members.camera_id', 'domains.path as domain_path'])
      .where('camera_group_members.group_id', '=', groupId)
      .execute();
  }

  async replaceMembers(groupId: string, remove: readonly string[], add: readonly string[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (remove.length > 0) await trx.deleteFrom('camera_group_members').where('group_id', '=', groupId).where('camera_id', 'in', remove).execute();
      if (add.length > 0) await trx.insertInto('camera_group_members').values(add.map((camera_id) => ({ group_id: groupId, camera_id }))).execute();
    });
  }
}
