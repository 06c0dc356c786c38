import { sql, type Expression, type ExpressionBuilder, type Kysely, type Selectable, type SqlBool } from 'kysely';
import type { Database } from '../../adapters/db';
import type { EventsTable } from '../../adapters/db/tables-events';
import type { EventBox, EventSeverity, EventState, StoredEvent } from './event-port';
import type { EventCursor } from './event-cursor';

export type EventRow = Selectable<EventsTable>;

/** An event as the API shows it: the stored event plus review, assignment and incident fields. */
export interface EventView extends StoredEvent {
  occurredAtMs: number;
  hasSnapshot: boolean;
  hasCrop: boolean;
  dedupKey: string;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewReason: string | null;
  firstReviewedAtMs: number | null;
  assigneeUserId: string | null;
  incidentId: string | null;
  details: Record<string, unknown>;
}

const num = (v: number | string): number => (typeof v === 'number' ? v : Number(v));
const numOrNull = (v: number | string | null): number | null => (v === null ? null : num(v));

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function viewOf(r: EventRow): EventView {
  return {
    id: r.id,
    seq: num(r.seq),
    cameraId: r.camera_id,
    cameraName: r.camera_name,
    domainPath: r.domain_path,
    origin: {
      kind: r.origin_kind as StoredEvent['origin']['kind'],
      ...(r.task_id !== null ? { taskId: r.task_id } : {}),
      ...(r.rule_id !== null ? { ruleId: r.rule_id } : {}),
      ...(r.rule_name !== null ? { ruleName: r.rule_name } : {}),
    },
    type: r.type,
    className: r.class_name,
    trackId: r.track_id,
    severity: r.severity as EventSeverity,
    state: r.state as EventState,
    count: r.count,
    occurredAtMs: num(r.occurred_ms),
    firstAtMs: num(r.first_ms),
    lastAtMs: num(r.last_ms),
    createdAtMs: num(r.created_ms),
    confidence: r.confidence,
    boxes: parseJson<EventBox[]>(r.boxes, []),
    details: parseJson<Record<string, unknown>>(r.details, {}),
    ...(r.snapshot_key !== null ? { snapshotKey: r.snapshot_key } : {}),
    ...(r.crop_key !== null ? { cropKey: r.crop_key } : {}),
    hasSnapshot: r.snapshot_key !== null,
    hasCrop: r.crop_key !== null,
    dedupKey: r.dedup_key,
    reviewedBy: r.reviewed_by,
    reviewedAt: r.reviewed_at,
    reviewReason: r.review_reason,
    firstReviewedAtMs: numOrNull(r.first_reviewed_ms),
    assigneeUserId: r.assignee_id,
    incidentId: r.incident_id,
  };
}

/** The first path after every path under `prefix` ('/r/a/' → '/r/a0'): a subtree is [prefix, upper). */
export function prefixUpper(prefix: string): string {
  return `${prefix.slice(0, -1)}${String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)}`;
}

export interface EventFilter {
  /** Domain path prefixes the caller may read; null = everywhere (root scope). Empty = nowhere. */
  scope: readonly string[] | null;
  fromMs?: number;
  toMs?: number;
  cameraIds?: readonly string[];
  domainPrefix?: string;
  type?: string;
  ruleId?: string;
  taskId?: string;
  className?: string;
  state?: string;
  severity?: string;
  q?: string;
  cursor?: EventCursor;
  limit: number;
}

type EB = ExpressionBuilder<Database, 'events'>;

function inSubtree(eb: EB, prefix: string): Expression<SqlBool> {
  return eb.and([eb('domain_path', '>=', prefix), eb('domain_path', '<', prefixUpper(prefix))]);
}

/** Storage of events (the one repo for SQLite and PostgreSQL). */
export class EventsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(db: Kysely<Database>, row: Omit<EventsTable, 'seq'>): Promise<EventRow> {
    return db.insertInto('events').values(row).returningAll().executeTakeFirstOrThrow();
  }

  foldable(db: Kysely<Database>, key: string): Promise<EventRow | undefined> {
    return db.selectFrom('events').selectAll().where('fold_key', '=', key).executeTakeFirst();
  }

  /**
   * Folds one firing into the open event atomically (count + 1, first/last widened in SQL, so concurrent writers on
   * PostgreSQL cannot lose an update); the snapshot, crop, boxes and confidence are replaced only when the firing is
   * more confident than what is stored.
   */
  async fold(db: Kysely<Database>, id: string, f: { atMs: number; confidence: number | null; boxes: string; snapshotKey?: string; cropKey?: string }): Promise<EventRow> {
    await db
      .updateTable('events')
      .set({
        count: sql`count + 1`,
        last_ms: sql`case when last_ms < ${f.atMs} then ${f.atMs} else last_ms end`,
        first_ms: sql`case when first_ms > ${f.atMs} then ${f.atMs} else first_ms end`,
      })
      .where('id', '=', id)
      .execute();
    if (f.confidence !== null) {
      await db
        .updateTable('events')
        .set({
          confidence: f.confidence,
          boxes: f.boxes,
          ...(f.snapshotKey ? { snapshot_key: f.snapshotKey } : {}),
          ...(f.cropKey ? { crop_key: f.cropKey } : {}),
        })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('confidence', 'is', null), eb('confidence', '<', f.confidence)]))
        .execute();
    }
    return db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  async releaseFold(db: Kysely<Database>, id: string): Promise<void> {
    await db.updateTable('events').set({ fold_key: null }).where('id', '=', id).execute();
  }

  byId(id: string): Promise<EventRow | undefined> {
    return this.db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
  }

  byIds(ids: readonly string[]): Promise<EventRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('events').selectAll().where('id', 'in', [...ids]).execute();
  }

  async update(id: string, patch: Partial<Omit<EventsTable, 'seq' | 'id'>>): Promise<EventRow | undefined> {
    return this.db.updateTable('events').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
  }

  async setIncident(ids: readonly string[], incidentId: string): Promise<void> {
    if (ids.length === 0) return;
    await this.db.updateTable('events').set({ incident_id: incidentId }).where('id', 'in', [...ids]).execute();
  }

  byIncident(incidentId: string): Promise<EventRow[]> {
    return this.db.selectFrom('events').selectAll().where('incident_id', '=', incidentId).orderBy('occurred_ms', 'desc').limit(500).execute();
  }

  /** Events with seq > afterSeq in seq order. */
  after(afterSeq: number, limit: number): Promise<EventRow[]> {
    return this.db.selectFrom('events').selectAll().where('seq', '>', afterSeq).orderBy('seq', 'asc').limit(limit).execute();
  }

  async lastSeq(): Promise<number> {
    const row = await this.db.selectFrom('events').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirst();
    return row?.m === null || row?.m === undefined ? 0 : Number(row.m);
  }

  /** One page of the list, newest first by (occurred_ms, id). */
  list(f: EventFilter): Promise<EventRow[]> {
    let q = this.db.selectFrom('events').selectAll();
    if (f.scope !== null) {
      const scope = f.scope;
      if (scope.length === 0) return Promise.resolve([]);
      q = q.where((eb) => eb.or(scope.map((p) => inSubtree(eb, p))));
    }
    if (f.domainPrefix !== undefined) {
      const p = f.domainPrefix;
      q = q.where((eb) => inSubtree(eb, p));
    }
    if (f.fromMs !== undefined) q = q.where('occurred_ms', '>=', f.fromMs);
    if (f.toMs !== undefined) q = q.where('occurred_ms', '<', f.toMs);
    if (f.cameraIds !== undefined) q = q.where('camera_id', 'in', [...f.cameraIds]);
    if (f.type !== undefined) q = q.where('type', '=', f.type);
    if (f.ruleId !== undefined) q = q.where('rule_id', '=', f.ruleId);
    if (f.taskId !== undefined) q = q.where('task_id', '=', f.taskId);
    if (f.className !== undefined) q = q.where('class_name', '=', f.className);
    if (f.state !== undefined) q = q.where('state', '=', f.state);
    if (f.severity !== undefined) q = q.where('severity', '=', f.severity);
    if (f.q !== undefined) {
      const like = `%${f.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where((eb) =>
        eb.or([
          eb(sql`lower(camera_name)`, 'like', sql`${like} escape '\\'`),
          eb(sql`lower(coalesce(rule_name, ''))`, 'like', sql`${like} escape '\\'`),
          eb(sql`lower(type)`, 'like', sql`${like} escape '\\'`),
          eb(sql`lower(coalesce(class_name, ''))`, 'like', sql`${like} escape '\\'`),
        ]),
      );
    }
    if (f.cursor) {
      const c = f.cursor;
      // The plain upper bound lets the index seek to the cursor; the OR breaks ties on id.
      q = q.where('occurred_ms', '<=', c.occurredMs);
      q = q.where((eb) => eb.or([eb('occurred_ms', '<', c.occurredMs), eb.and([eb('occurred_ms', '=', c.occurredMs), eb('id', '<', c.id)])]));
    }
    return q.orderBy('occurred_ms', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
  }
}
