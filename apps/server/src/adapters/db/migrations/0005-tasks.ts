import type { Kysely } from 'kysely';

/**
 * Analysis tasks (jobs) and their cameras, user task templates, and counting samples. Task rows go with their cameras'
 * membership rows (cascade); counting samples go with their task. at_ms is epoch ms as bigint (range-queried).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('analysis_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('domain_path', 'text', (c) => c.notNull())
    .addColumn('algorithm_id', 'text', (c) => c.notNull())
    .addColumn('algorithm_version', 'text', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('analysis_tasks_domain').on('analysis_tasks').column('domain_path').execute();
  await db.schema
    .createTable('analysis_task_cameras')
    .addColumn('task_id', 'text', (c) => c.notNull().references('analysis_tasks.id').onDelete('cascade'))
    .addColumn('camera_id', 'text', (c) => c.notNull().references('cameras.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('analysis_task_cameras_pk', ['task_id', 'camera_id'])
    .execute();
  await db.schema.createIndex('analysis_task_cameras_camera').on('analysis_task_cameras').column('camera_id').execute();
  await db.schema
    .createTable('task_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('domain_path', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('task_counts')
    .addColumn('task_id', 'text', (c) => c.notNull().references('analysis_tasks.id').onDelete('cascade'))
    .addColumn('camera_id', 'text', (c) => c.notNull())
    .addColumn('rule_index', 'integer', (c) => c.notNull())
    .addColumn('at_ms', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('task_counts_pk', ['task_id', 'camera_id', 'rule_index', 'at_ms'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('task_counts').ifExists().execute();
  await db.schema.dropTable('task_templates').ifExists().execute();
  await db.schema.dropTable('analysis_task_cameras').ifExists().execute();
  await db.schema.dropTable('analysis_tasks').ifExists().execute();
}
