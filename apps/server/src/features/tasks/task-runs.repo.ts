import type { Kysely } from 'kysely';
import type { Database } from '../../adapters/db';
import type { TaskRunsTable } from '../../adapters/db/tables-tasks';

export type TaskRunRow = TaskRunsTable;

const RUN_STATES_OPEN = ['running'] as const;

/** bigint columns come back as strings from PostgreSQL. */
function rowOf(r: TaskRunsTable): TaskRunRow {
  return { ...r, from_ms: r.from_ms === null ? null : Number(r.from_ms), to_ms: r.to_ms === null ? null : Number(r.to_ms), progress: Number(r.progress), events: Number(r.events) };
}

/** Storage of offline task runs. */
export class TaskRunsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: TaskRunRow): Promise<void> {
    await this.db.insertInto('task_runs').values(row).execute();
  }

  async update(id: string, patch: Partial<Omit<TaskRunRow, 'id' | 'task_id'>>): Promise<void> {
    await this.db.updateTable('task_runs').set(patch).where('id', '=', id).execute();
  }

  /** Finishes a run that is still running (a cancel and the job's own end race; the first one wins). */
  async finish(id: string, patch: Pick<TaskRunRow, 'state' | 'finished_at'> & Partial<Pick<TaskRunRow, 'progress' | 'events' | 'error'>>): Promise<boolean> {
    const r = await this.db.updateTable('task_runs').set(patch).where('id', '=', id).where('state', 'in', [...RUN_STATES_OPEN]).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async byId(id: string): Promise<TaskRunRow | undefined> {
    const r = await this.db.selectFrom('task_runs').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? rowOf(r) : undefined;
  }

  /** A task's runs, newest first; `before` is the id of the last run of the previous page. */
  async listByTask(taskId: string, limit: number, before?: string): Promise<TaskRunRow[]> {
    let q = this.db.selectFrom('task_runs').selectAll().where('task_id', '=', taskId);
    if (before) q = q.where('id', '<', before);
    return (await q.orderBy('id', 'desc').limit(limit).execute()).map(rowOf);
  }

  /** Marks every run still `running` as failed (at start-up: nothing of this process is running yet). */
  async failRunning(error: string, finishedAt: string): Promise<number> {
    const r = await this.db.updateTable('task_runs').set({ state: 'failed', error, finished_at: finishedAt }).where('state', 'in', [...RUN_STATES_OPEN]).executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Keeps the newest `keep` finished runs of a task; older ones are deleted. */
  async prune(taskId: string, keep: number): Promise<void> {
    const cut = await this.db.selectFrom('task_runs').select('id').where('task_id', '=', taskId).orderBy('id', 'desc').offset(keep).limit(1).executeTakeFirst();
    if (!cut) return;
    await this.db.deleteFrom('task_runs').where('task_id', '=', taskId).where('id', '<=', cut.id).where('state', '!=', 'running').execute();
  }
}
