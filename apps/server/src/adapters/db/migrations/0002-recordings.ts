import type { Kysely } from 'kysely';

/**
 * Recording: the segment index, per-camera recording settings and export jobs.
 * Instants of video (start_ms, end_ms, keep_until, ranges of exports) are epoch milliseconds in bigint columns, so
 * range queries compare integers; PostgreSQL returns int8 as text, the repos convert. created_at and friends stay
 * ISO-8601 text like the rest of the schema.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('recording_segments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('camera_id', 'text', (c) => c.notNull())
    .addColumn('start_ms', 'bigint', (c) => c.notNull())
    .addColumn('end_ms', 'bigint', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    .addColumn('video_codec', 'text', (c) => c.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('has_audio', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('init_size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull().unique())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('recovered', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('keep_until', 'bigint')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // Playback, ranges and per-camera retention walk (camera_id, start_ms); the global ceiling walks start_ms.
  await db.schema.createIndex('recording_segments_camera_start').on('recording_segments').columns(['camera_id', 'start_ms']).execute();
  await db.schema.createIndex('recording_segments_start').on('recording_segments').column('start_ms').execute();

  // No foreign key to cameras: recordings outlive a deleted camera until retention (or a pin) says otherwise.
  await db.schema
    .createTable('camera_recording_settings')
    .addColumn('camera_id', 'text', (c) => c.primaryKey().references('cameras.id').onDelete('cascade'))
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('max_age_hours', 'integer')
    .addColumn('max_bytes', 'bigint')
    .addColumn('pre_roll_segments', 'integer')
    .addColumn('post_roll_seconds', 'integer')
    .addColumn('schedule', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('recording_exports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('camera_id', 'text', (c) => c.notNull())
    .addColumn('camera_name', 'text', (c) => c.notNull())
    .addColumn('domain_path', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('progress', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('from_ms', 'bigint', (c) => c.notNull())
    .addColumn('to_ms', 'bigint', (c) => c.notNull())
    .addColumn('actual_from_ms', 'bigint')
    .addColumn('actual_to_ms', 'bigint')
    .addColumn('watermark', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pinned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('keep_until', 'bigint')
    .addColumn('file_key', 'text')
    .addColumn('file_sha256', 'text')
    .addColumn('file_size', 'bigint')
    .addColumn('manifest', 'text')
    .addColumn('created_by_id', 'text')
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('recording_exports_camera').on('recording_exports').columns(['camera_id', 'created_at']).execute();
  await db.schema.createIndex('recording_exports_state').on('recording_exports').column('state').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['recording_exports', 'camera_recording_settings', 'recording_segments']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
