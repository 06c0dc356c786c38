import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Database, RecordingExportsTable } from '../../adapters/db';
import { num, numOrNull } from '../recordings/segment-index.repo';

export const EXPORT_STATES = ['queued', 'running', 'done', 'failed'] as const;
export type ExportState = (typeof EXPORT_STATES)[number];

export interface ExportJob {
  id: string;
  cameraId: string;
  cameraName: string;
  domainPath: string;
  state: ExportState;
  progress: number;
  error: string | null;
  fromMs: number;
  toMs: number;
  actualFromMs: number | null;
  actualToMs: number | null;
  watermark: boolean;
  pinned: boolean;
  keepUntilMs: number | null;
  fileKey: string | null;
  fileSha256: string | null;
  fileSize: number | null;
  manifest: string | null;
  createdById: string | null;
  createdByName: string;
  createdAt: string;
  finishedAt: string | null;
}

type Row = Selectable<RecordingExportsTable>;

function jobOf(r: Row): ExportJob {
  return {
    id: r.id,
    cameraId: r.camera_id,
    cameraName: r.camera_name,
    domainPath: r.domain_path,
    state: r.state as ExportState,
    progress: Number(r.progress),
    error: r.error,
    fromMs: num(r.from_ms),
    toMs: num(r.to_ms),
    actualFromMs: numOrNull(r.actual_from_ms),
    actualToMs: numOrNull(r.actual_to_ms),
    watermark: r.watermark === 1,
    pinned: r.pinned === 1,
    keepUntilMs: numOrNull(r.keep_until),
    fileKey: r.file_key,
    fileSha256: r.file_sha256,
    fileSize: numOrNull(r.file_size),
    manifest: r.manifest,
    createdById: r.created_by_id,
    createdByName: r.created_by_name,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  };
}

export interface ExportPatch {
  state?: ExportState;
  progress?: number;
  error?: string | null;
  actualFromMs?: number;
  actualToMs?: number;
  keepUntilMs?: number | null;
  fileKey?: string;
  fileSha256?: string;
  fileSize?: number;
  manifest?: string;
  finishedAt?: string;
}

export class ExportsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(j: ExportJob): Promise<void> {
    await this.db
      .insertInto('recording_exports')
      .values({
        id: j.id,
        camera_id: j.cameraId,
        camera_name: j.cameraName,
        domain_path: j.domainPath,
        state: j.state,
        progress: j.progress,
        error: j.error,
        from_ms: j.fromMs,
        to_ms: j.toMs,
        actual_from_ms: j.actualFromMs,
        actual_to_ms: j.actualToMs,
        watermark: j.watermark ? 1 : 0,
        pinned: j.pinned ? 1 : 0,
        keep_until: j.keepUntilMs,
        file_key: j.fileKey,
        file_sha256: j.fileSha256,
        file_size: j.fileSize,
        manifest: j.manifest,
        created_by_id: j.createdById,
        created_by_name: j.createdByName,
        created_at: j.createdAt,
        finished_at: j.finishedAt,
      })
      .execute();
  }

  async update(id: string, p: ExportPatch): Promise<void> {
    const set: Updateable<RecordingExportsTable> = {};
    if (p.state !== undefined) set.state = p.state;
    if (p.progress !== undefined) set.progress = p.progress;
    if (p.error !== undefined) set.error = p.error;
    if (p.actualFromMs !== undefined) set.actual_from_ms = p.actualFromMs;
    if (p.actualToMs !== undefined) set.actual_to_ms = p.actualToMs;
    if (p.keepUntilMs !== undefined) set.keep_until = p.keepUntilMs;
    if (p.fileKey !== undefined) set.file_key = p.fileKey;
    if (p.fileSha256 !== undefined) set.file_sha256 = p.fileSha256;
    if (p.fileSize !== undefined) set.file_size = p.fileSize;
    if (p.manifest !== undefined) set.manifest = p.manifest;
    if (p.finishedAt !== undefined) set.finished_at = p.finishedAt;
    if (Object.keys(set).length === 0) return;
    await this.db.updateTable('recording_exports').set(set).where('id', '=', id).execute();
  }

  async byId(id: string): Promise<ExportJob | undefined> {
    const r = await this.db.selectFrom('recording_exports').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? jobOf(r) : undefined;
  }

  /** Exports without their manifests (lists), newest first. */
  async list(f: { cameraIds?: readonly string[]; limit: number }): Promise<ExportJob[]> {
    let q = this.db.selectFrom('recording_exports').selectAll();
    if (f.cameraIds) {
      if (f.cameraIds.length === 0) return [];
      q = q.where('camera_id', 'in', f.cameraIds);
    }
    const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
    return rows.map((r) => ({ ...jobOf(r), manifest: null }));
  }

  async byState(states: readonly ExportState[]): Promise<ExportJob[]> {
    const rows = await this.db.selectFrom('recording_exports').selectAll().where('state', 'in', states).orderBy('created_at').execute();
    return rows.map(jobOf);
  }

  /** Pinned exports of a camera whose range overlaps [fromMs, toMs) (to re-apply their pins after another is removed). */
  async pinnedOverlapping(cameraId: string, fromMs: number, toMs: number): Promise<ExportJob[]> {
    const rows = await this.db
      .selectFrom('recording_exports')
      .selectAll()
      .where('camera_id', '=', cameraId)
      .where('pinned', '=', 1)
      .where('state', '=', 'done')
      .where('actual_from_ms', '<', toMs)
      .where('actual_to_ms', '>', fromMs)
      .execute();
    return rows.map(jobOf);
  }

  /** Finished exports past their keep time (created before `createdBefore` and not pinned, or pinned until before now). */
  async expired(nowMs: number, createdBefore: string, limit: number): Promise<ExportJob[]> {
    const rows = await this.db
      .selectFrom('recording_exports')
      .selectAll()
      .where('state', 'in', ['done', 'failed'])
      .where((eb) =>
        eb.or([
          eb.and([eb('pinned', '=', 0), eb('created_at', '<', createdBefore)]),
          eb.and([eb('pinned', '=', 1), eb('keep_until', '<', nowMs)]),
        ]),
      )
      .orderBy('created_at')
      .limit(limit)
      .execute();
    return rows.map(jobOf);
  }

  async totalBytes(): Promise<number> {
    const r = await this.db
      .selectFrom('recording_exports')
      .select((eb) => eb.fn.sum<number | string | null>('file_size').as('bytes'))
      .executeTakeFirst();
    return r?.bytes === null || r?.bytes === undefined ? 0 : num(r.bytes);
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('recording_exports').where('id', '=', id).execute();
  }
}
