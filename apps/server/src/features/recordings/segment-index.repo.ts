import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { Database, RecordingSegmentsTable } from '../../adapters/db';

/**
 * The longest segment the index expects. Overlap queries scan the (camera_id, start_ms) index from
 * `from - MAX_SEGMENT_MS`, so they stay index range scans; the engine cuts segments of a few seconds.
 */
export const MAX_SEGMENT_MS = 60 * 60 * 1000;

/** A segment as the services use it: numbers, booleans, no dialect leftovers. */
export interface Segment {
  id: string;
  cameraId: string;
  startMs: number;
  endMs: number;
  durationMs: number;
  sizeBytes: number;
  videoCodec: string;
  width: number | null;
  height: number | null;
  hasAudio: boolean;
  initSize: number;
  sha256: string;
  storageKey: string;
  sessionId: string;
  sequence: number;
  recovered: boolean;
  keepUntilMs: number | null;
  createdAt: string;
}

export type SegmentRow = Selectable<RecordingSegmentsTable>;

/** PostgreSQL returns int8 and sums as decimal strings; SQLite returns numbers. */
export const num = (v: number | string | bigint): number => (typeof v === 'number' ? v : Number(v));
export const numOrNull = (v: number | string | bigint | null | undefined): number | null => (v === null || v === undefined ? null : num(v));

export function segmentOf(r: SegmentRow): Segment {
  return {
    id: r.id,
    cameraId: r.camera_id,
    startMs: num(r.start_ms),
    endMs: num(r.end_ms),
    durationMs: r.duration_ms,
    sizeBytes: num(r.size_bytes),
    videoCodec: r.video_codec,
    width: r.width,
    height: r.height,
    hasAudio: r.has_audio === 1,
    initSize: r.init_size,
    sha256: r.sha256,
    storageKey: r.storage_key,
    sessionId: r.session_id,
    sequence: r.sequence,
    recovered: r.recovered === 1,
    keepUntilMs: numOrNull(r.keep_until),
    createdAt: r.created_at,
  };
}

export function rowOf(s: Segment): Insertable<RecordingSegmentsTable> {
  return {
    id: s.id,
    camera_id: s.cameraId,
    start_ms: s.startMs,
    end_ms: s.endMs,
    duration_ms: s.durationMs,
    size_bytes: s.sizeBytes,
    video_codec: s.videoCodec,
    width: s.width,
    height: s.height,
    has_audio: s.hasAudio ? 1 : 0,
    init_size: s.initSize,
    sha256: s.sha256,
    storage_key: s.storageKey,
    session_id: s.sessionId,
    sequence: s.sequence,
    recovered: s.recovered ? 1 : 0,
    keep_until: s.keepUntilMs,
    created_at: s.createdAt,
  };
}

export interface MergedRange {
  startMs: number;
  endMs: number;
  segments: number;
}

export interface CameraCoverage {
  cameraId: string;
  segments: number;
  firstMs: number;
  lastMs: number;
  /** Milliseconds of [from, to) covered by segments (overlapping segments count twice; they do not occur). */
  coveredMs: number;
  bytes: number;
}

export interface CameraUsage {
  cameraId: string;
  segments: number;
  bytes: number;
  oldestStartMs: number;
}

/** Queries of the segment index; identical on SQLite and PostgreSQL (window functions exist in both). */
export class SegmentIndexRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Indexes a segment; a second insert of the same storage key (a re-delivered segment) is a no-op. */
  async insert(segment: Segment): Promise<boolean> {
    const result = await this.db
      .insertInto('recording_segments')
      .values(rowOf(segment))
      .onConflict((oc) => oc.column('storage_key').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  async insertMany(segments: readonly Segment[]): Promise<void> {
    if (segments.length === 0) return;
    await this.db.insertInto('recording_segments').values(segments.map(rowOf)).execute();
  }

  async byId(id: string): Promise<Segment | undefined> {
    const r = await this.db.selectFrom('recording_segments').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? segmentOf(r) : undefined;
  }

  async byStorageKey(key: string): Promise<Segment | undefined> {
    const r = await this.db.selectFrom('recording_segments').selectAll().where('storage_key', '=', key).executeTakeFirst();
    return r ? segmentOf(r) : undefined;
  }

  /** Segments of a camera that overlap [fromMs, toMs), in time order, at most `limit`. */
  async overlapping(cameraId: string, fromMs: number, toMs: number, limit = 100_000): Promise<Segment[]> {
    const rows = await this.db
      .selectFrom('recording_segments')
      .selectAll()
      .where('camera_id', '=', cameraId)
      .where('start_ms', '>=', fromMs - MAX_SEGMENT_MS)
      .where('start_ms', '<', toMs)
      .where('end_ms', '>', fromMs)
      .orderBy('start_ms')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(segmentOf);
  }

  /** The first segment that ends after `atMs` (the one holding it, or the next one), for seeking. */
  async firstEndingAfter(cameraId: string, atMs: number): Promise<Segment | undefined> {
    const r = await this.db
      .selectFrom('recording_segments')
      .selectAll()
      .where('camera_id', '=', cameraId)
      .where('start_ms', '>=', atMs - MAX_SEGMENT_MS)
      .where('end_ms', '>', atMs)
      .orderBy('start_ms')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    return r ? segmentOf(r) : undefined;
  }

  async newest(cameraId: string): Promise<Segment | undefined> {
    const r = await this.db
      .selectFrom('recording_segments')
      .selectAll()
      .where('camera_id', '=', cameraId)
      .orderBy('start_ms', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r ? segmentOf(r) : undefined;
  }

  /**
   * Recorded ranges of a camera overlapping [fromMs, toMs): contiguous segments merged when the hole between one
   * segment's end and the next one's start is at most `toleranceMs` (sessions do not split a range by themselves).
   * Ranges are not clipped here. Gaps-and-islands in SQL, so only the merged ranges leave the database.
   */
  async ranges(cameraId: string, fromMs: number, toMs: number, toleranceMs: number): Promise<MergedRange[]> {
    const { rows } = await sql<{ start_ms: number | string; end_ms: number | string; n: number | string }>`
      with s as (
        select id, start_ms, end_ms,
          max(end_ms) over (order by start_ms, id rows between unbounded preceding and 1 preceding) as prev_end
        from recording_segments
        where camera_id = ${cameraId} and start_ms >= ${fromMs - MAX_SEGMENT_MS} and start_ms < ${toMs} and end_ms > ${fromMs}
      ), g as (
        select start_ms, end_ms,
          sum(case when prev_end is null or start_ms - prev_end > ${toleranceMs} then 1 else 0 end)
            over (order by start_ms, id rows unbounded preceding) as grp
        from s
      )
      select min(start_ms) as start_ms, max(end_ms) as end_ms, count(*) as n from g group by grp order by min(start_ms)
    `.execute(this.db);
    return rows.map((r) => ({ startMs: num(r.start_ms), endMs: num(r.end_ms), segments: num(r.n) }));
  }

  /** Per camera of `cameraIds`: whether and how much video overlaps [fromMs, toMs). Cameras without video are absent. */
  async coverage(cameraIds: readonly string[], fromMs: number, toMs: number): Promise<CameraCoverage[]> {
    if (cameraIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('recording_segments')
      .select((eb) => [
        'camera_id',
        eb.fn.countAll<number | string>().as('n'),
        eb.fn.min<number | string>('start_ms').as('first_ms'),
        eb.fn.max<number | string>('end_ms').as('last_ms'),
        eb.fn.sum<number | string>('size_bytes').as('bytes'),
        sql<number | string>`sum((case when end_ms < ${toMs} then end_ms else ${toMs} end) - (case when start_ms > ${fromMs} then start_ms else ${fromMs} end))`.as('covered'),
      ])
      .where('camera_id', 'in', cameraIds)
      .where('start_ms', '>=', fromMs - MAX_SEGMENT_MS)
      .where('start_ms', '<', toMs)
      .where('end_ms', '>', fromMs)
      .groupBy('camera_id')
      .execute();
    return rows.map((r) => ({
      cameraId: r.camera_id,
      segments: num(r.n),
      firstMs: num(r.first_ms),
      lastMs: num(r.last_ms),
      coveredMs: num(r.covered),
      bytes: num(r.bytes ?? 0),
    }));
  }

  /** Segments and bytes per camera (retention, status). */
  async usage(): Promise<CameraUsage[]> {
    const rows = await this.db
      .selectFrom('recording_segments')
      .select((eb) => [
        'camera_id',
        eb.fn.countAll<number | string>().as('n'),
        eb.fn.sum<number | string>('size_bytes').as('bytes'),
        eb.fn.min<number | string>('start_ms').as('oldest'),
      ])
      .groupBy('camera_id')
      .execute();
    return rows.map((r) => ({ cameraId: r.camera_id, segments: num(r.n), bytes: num(r.bytes ?? 0), oldestStartMs: num(r.oldest) }));
  }

  /** The oldest segments of a camera that retention may delete now (keep_until unset or past). */
  async oldestDeletable(cameraId: string, nowMs: number, limit: number): Promise<Segment[]> {
    const rows = await this.db
      .selectFrom('recording_segments')
      .selectAll()
      .where('camera_id', '=', cameraId)
      .where((eb) => eb.or([eb('keep_until', 'is', null), eb('keep_until', '<=', nowMs)]))
      .orderBy('start_ms')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(segmentOf);
  }

  /** The oldest held segments of every camera (keep_until in the future): what retention gives up last. */
  async oldestHeld(nowMs: number, limit: number): Promise<Segment[]> {
    const rows = await this.db
      .selectFrom('recording_segments')
      .selectAll()
      .where('keep_until', '>', nowMs)
      .orderBy('start_ms')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(segmentOf);
  }

  async deleteByIds(ids: readonly string[]): Promise<number> {
    let deleted = 0;
    for (let i = 0; i < ids.length; i += 500) {
      const r = await this.db.deleteFrom('recording_segments').where('id', 'in', ids.slice(i, i + 500)).executeTakeFirst();
      deleted += Number(r.numDeletedRows);
    }
    return deleted;
  }

  /** Raises keep_until to at least `untilMs` on the segments of a camera overlapping [fromMs, toMs). */
  async keep(cameraId: string, fromMs: number, toMs: number, untilMs: number): Promise<number> {
    const r = await this.db
      .updateTable('recording_segments')
      .set({ keep_until: untilMs })
      .where('camera_id', '=', cameraId)
      .where('start_ms', '>=', fromMs - MAX_SEGMENT_MS)
      .where('start_ms', '<', toMs)
      .where('end_ms', '>', fromMs)
      .where((eb) => eb.or([eb('keep_until', 'is', null), eb('keep_until', '<', untilMs)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Clears keep_until on the segments of a camera overlapping [fromMs, toMs) (pins are then re-applied). */
  async unkeep(cameraId: string, fromMs: number, toMs: number): Promise<void> {
    await this.db
      .updateTable('recording_segments')
      .set({ keep_until: null })
      .where('camera_id', '=', cameraId)
      .where('start_ms', '>=', fromMs - MAX_SEGMENT_MS)
      .where('start_ms', '<', toMs)
      .where('end_ms', '>', fromMs)
      .execute();
  }

  /** Every storage key of a camera (consistency checks, tests). */
  async keysOf(cameraId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('recording_segments').select('storage_key').where('camera_id', '=', cameraId).orderBy('start_ms').execute();
    return rows.map((r) => r.storage_key);
  }
}
