import { sql, type Kysely, type Selectable } from 'kysely';
import type { CamerasTable, Database } from '../../adapters/db';

export type CameraRow = Selectable<CamerasTable>;
export type CameraRowWithDomain = CameraRow & { domain_path: string; domain_name: string };

export interface CameraFilter {
  scope: readonly string[];
  domainId?: string;
  /** With domainId: match the domain's whole subtree (its path prefix). */
  domainPathPrefix?: string;
  groupId?: string;
  tag?: string;
  q?: string;
  kind?: string;
  limit: number;
  offset: number;
}

export class CamerasRepo {
  constructor(private readonly db: Kysely<Database>) {}

  private base() {
    return this.db
      .selectFrom('cameras')
      .innerJoin('domains', 'domains.id', 'cameras.domain_id')
      .selectAll('cameras')
      .select(['domains.path as domain_path', 'domains.name as domain_name']);
  }

  byId(id: string): Promise<CameraRowWithDomain | undefined> {
    return this.base().where('cameras.id', '=', id).executeTakeFirst();
  }

  async list(f: CameraFilter): Promise<{ rows: CameraRowWithDomain[]; total: number }> {
    if (f.scope.length === 0) return { rows: [], total: 0 };
    let q = this.base().where((eb) => eb.or(f.scope.map((p) => eb('domains.path', 'like', `${p}%`))));
    if (f.domainPathPrefix) q = q.where('domains.path', 'like', `${f.domainPathPrefix}%`);
    else if (f.domainId) q = q.where('cameras.domain_id', '=', f.domainId);
    if (f.kind) q = q.where('cameras.kind', '=', f.kind);
    if (f.groupId) {
      const groupId = f.groupId;
      q = q.where('cameras.id', 'in', (eb) => eb.selectFrom('camera_group_members').select('camera_id').where('group_id', '=', groupId));
    }
    if (f.q) {
      const needle = `%${f.q.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
      q = q.where(sql<boolean>`(lower(cameras.name) like ${needle} escape '\\' or lower(cameras.description) like ${needle} escape '\\')`);
    }
    const rows = await q.orderBy('cameras.name').orderBy('cameras.id').execute();
    const filtered = f.tag ? rows.filter((r) => (JSON.parse(r.tags) as string[]).includes(f.tag as string)) : rows;
    return { rows: filtered.slice(f.offset, f.offset + f.limit), total: filtered.length };
  }

  nameTaken(domainId: string, name: string, exceptId?: string): Promise<{ id: string } | undefined> {
    let q = this.db.selectFrom('cameras').select('id').where('domain_id', '=', domainId).where('name', '=', name);
    if (exceptId) q = q.where('id', '!=', exceptId);
    return q.executeTakeFirst();
  }

  async insert(row: CameraRow): Promise<void> {
    await this.db.insertInto('cameras').values(row).execute();
  }

  async update(id: string, patch: Partial<Omit<CameraRow, 'id' | 'created_at'>>): Promise<void> {
    await this.db.updateTable('cameras').set(patch).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('cameras').where('id', '=', id).execute();
  }

  async groupIdsOf(cameraIds: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (cameraIds.length === 0) return out;
    const rows = await this.db.selectFrom('camera_group_members').selectAll().where('camera_id', 'in', cameraIds).execute();
    for (const r of rows) out.set(r.camera_id, [...(out.get(r.camera_id) ?? []), r.group_id]);
    return out;
  }

  async setGroups(cameraId: string, groupIds: readonly string[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('camera_group_members').where('camera_id', '=', cameraId).execute();
      if (groupIds.length > 0) {
        await trx.insertInto('camera_group_members').values(groupIds.map((group_id) => ({ group_id, camera_id: cameraId }))).execute();
      }
    });
  }
}
