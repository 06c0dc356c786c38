/** Recording holds: requests to keep a camera's recordings of a time range until an instant. */
import type { Kysely, Selectable } from 'kysely';
import type { Database, RecordingHoldsTable } from '../../adapters/db';
import { num } from './segment-index.repo';

export interface RecordingHold {
  id: string;
  cameraId: string;
  fromMs: number;
  toMs: number;
  untilMs: number;
  reason: string;
  createdByName: string;
  createdAt: string;
}

function holdOf(r: Selectable<RecordingHoldsTable>): RecordingHold {
  return {
    id: r.id,
    cameraId: r.camera_id,
    fromMs: num(r.from_ms),
    toMs: num(r.to_ms),
    untilMs: num(r.until_ms),
    reason: r.reason,
    createdByName: r.created_by_name,
    createdAt: r.created_at,
  };
}

export class RecordingHoldsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(h: RecordingHold): Promise<void> {
    await this.db
      .insertInto('recording_holds')
      .values({
        id: h.id,
        camera_id: h.cameraId,
        from_ms: h.fromMs,
        to_ms: h.toMs,
        until_ms: h.untilMs,
        reason: h.reason,
        created_by_name: h.createdByName,
        created_at: h.createdAt,
      })
      .execute();
  }

  /** Holds still in force at `nowMs` (of one camera, when given). */
  async active(nowMs: number, cameraId?: string): Promise<RecordingHold[]> {
    let q = this.db.selectFrom('recording_holds').selectAll().where('until_ms', '>', nowMs);
    if (cameraId !== undefined) q = q.where('camera_id', '=', cameraId);
    const rows = await q.orderBy('until_ms').execute();
    return rows.map(holdOf);
  }

  async byId(id: string): Promise<RecordingHold | undefined> {
    const r = await this.db.selectFrom('recording_holds').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? holdOf(r) : undefined;
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('recording_holds').where('id', '=', id).execute();
  }

  /** Removes holds that ended at or before `nowMs`; resolves with how many. */
  async expire(nowMs: number): Promise<number> {
    const r = await this.db.deleteFrom('recording_holds').where('until_ms', '<=', nowMs).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
