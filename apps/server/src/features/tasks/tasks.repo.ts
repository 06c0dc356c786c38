import type { Kysely } from 'kysely';
import type { Database } from '../../adapters/db';
import type { AnalysisTasksTable, TaskTemplatesTable } from '../../adapters/db/tables-tasks';

export type TaskRow = AnalysisTasksTable;
export type TemplateRow = TaskTemplatesTable;

const num = (v: number | string | bigint): number => (typeof v === 'number' ? v : Number(v));

/** Storage of analysis tasks, their cameras, user templates and counting samples. */
export class TasksRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async byId(id: string): Promise<TaskRow | undefined> {
    return this.db.selectFrom('analysis_tasks').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Tasks whose domain lies within one of the scope paths (empty scope = none). */
  async list(scope: readonly string[]): Promise<TaskRow[]> {
    if (scope.length === 0) return [];
    return this.db
      .selectFrom('analysis_tasks')
      .selectAll()
      .where((eb) => eb.or(scope.map((p) => eb('domain_path', 'like', `${p}%`))))
      .orderBy('name')
      .orderBy('id')
      .execute();
  }

  async all(): Promise<TaskRow[]> {
    return this.db.selectFrom('analysis_tasks').selectAll().orderBy('id').execute();
  }

  async cameraIdsOf(taskIds: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (taskIds.length === 0) return out;
    const rows = await this.db.selectFrom('analysis_task_cameras').selectAll().where('task_id', 'in', [...taskIds]).orderBy('position').execute();
    for (const r of rows) out.set(r.task_id, [...(out.get(r.task_id) ?? []), r.camera_id]);
    return out;
  }

  /** Ids of the tasks that watch a camera. */
  async taskIdsOfCamera(cameraId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('analysis_task_cameras').select('task_id').where('camera_id', '=', cameraId).execute();
    return [...new Set(rows.map((r) => r.task_id))];
  }

  async insert(row: TaskRow, cameraIds: readonly string[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('analysis_tasks').values(row).execute();
      await trx.insertInto('analysis_task_cameras').values(cameraIds.map((camera_id, position) => ({ task_id: row.id, camera_id, position }))).execute();
    });
  }

  async update(id: string, patch: Partial<TaskRow>, cameraIds?: readonly string[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('analysis_tasks').set(patch).where('id', '=', id).execute();
      if (cameraIds) {
        await trx.deleteFrom('analysis_task_cameras').where('task_id', '=', id).execute();
        await trx.insertInto('analysis_task_cameras').values(cameraIds.map((camera_id, position) => ({ task_id: id, camera_id, position }))).execute();
      }
    });
  }

  async delete(id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('task_counts').where('task_id', '=', id).execute();
      await trx.deleteFrom('analysis_task_cameras').where('task_id', '=', id).execute();
      await trx.deleteFrom('analysis_tasks').where('id', '=', id).execute();
    });
  }

  async nameTaken(domainPath: string, name: string, exceptId?: string): Promise<boolean> {
    let q = this.db.selectFrom('analysis_tasks').select('id').where('domain_path', '=', domainPath).where('name', '=', name);
    if (exceptId) q = q.where('id', '!=', exceptId);
    return (await q.executeTakeFirst()) !== undefined;
  }

  async templates(scope: readonly string[]): Promise<TemplateRow[]> {
    if (scope.length === 0) return [];
    return this.db
      .selectFrom('task_templates')
      .selectAll()
      .where((eb) => eb.or(scope.map((p) => eb('domain_path', 'like', `${p}%`))))
      .orderBy('name')
      .execute();
  }

  async templateById(id: string): Promise<TemplateRow | undefined> {
    return this.db.selectFrom('task_templates').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insertTemplate(row: TemplateRow): Promise<void> {
    await this.db.insertInto('task_templates').values(row).execute();
  }

  async deleteTemplate(id: string): Promise<void> {
    await this.db.deleteFrom('task_templates').where('id', '=', id).execute();
  }

  async addCounts(rows: ReadonlyArray<{ task_id: string; camera_id: string; rule_index: number; at_ms: number; count: number }>): Promise<void> {
    if (rows.length === 0) return;
    await this.db.insertInto('task_counts').values([...rows]).onConflict((oc) => oc.columns(['task_id', 'camera_id', 'rule_index', 'at_ms']).doUpdateSet((eb) => ({ count: eb.ref('excluded.count') }))).execute();
  }

  async counts(taskId: string, filter: { rule?: number; cameraId?: string; from?: number; to?: number }): Promise<Array<{ cameraId: string; ruleIndex: number; atMs: number; count: number }>> {
    let q = this.db.selectFrom('task_counts').selectAll().where('task_id', '=', taskId);
    if (filter.rule !== undefined) q = q.where('rule_index', '=', filter.rule);
    if (filter.cameraId !== undefined) q = q.where('camera_id', '=', filter.cameraId);
    if (filter.from !== undefined) q = q.where('at_ms', '>=', filter.from);
    if (filter.to !== undefined) q = q.where('at_ms', '<', filter.to);
    const rows = await q.orderBy('at_ms').limit(10000).execute();
    return rows.map((r) => ({ cameraId: r.camera_id, ruleIndex: r.rule_index, atMs: num(r.at_ms), count: r.count }));
  }
}
