import type { Kysely } from 'kysely';

/**
 * Offline task runs: a task's rules over a video file or a camera's recorded range, with progress, persisted so the
 * list survives a restart (runs a stop interrupted are marked failed at the next start). A run goes with its task
 * (cascade). Range bounds are epoch ms in bigint columns; started_at and finished_at ISO text.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('task_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('task_id', 'text', (c) => c.notNull().references('analysis_tasks.id').onDelete('cascade'))
    .addColumn('camera_id', 'text', (c) => c.notNull())
    .addColumn('domain_path', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('progress', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('events', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('file', 'text')
    .addColumn('start_s', 'real')
    .addColumn('duration_s', 'real')
    .addColumn('from_ms', 'bigint')
    .addColumn('to_ms', 'bigint')
    .addColumn('covered', 'text')
    .addColumn('created_by_id', 'text')
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  // Lists are per task, newest first (ids are time-ordered); the start-up sweep finds runs left running.
  await db.schema.createIndex('task_runs_task').on('task_runs').columns(['task_id', 'id']).execute();
  await db.schema.createIndex('task_runs_state').on('task_runs').column('state').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('task_runs').ifExists().execute();
}
