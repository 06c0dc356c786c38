import type { Kysely } from 'kysely';
import type { Database } from '../../adapters/db';
import { AppError, invalid } from '../../errors';
import { newTimeOrderedId } from '../../util/ids';
import type { Clock } from '../../util/clock';
import { badBox, dedupKeyOf, shouldFold } from './dedup';
import { EVENT_SEVERITIES, type EventFeed, type EventLog, type EventNotice, type EventSink, type NewEvent, type PublishResult, type StoredEvent } from './event-port';
import { viewOf, type EventRow, type EventView, type EventsRepo } from './events.repo';

export interface CameraInfo {
  name: string;
  domainPath: string;
}

interface Pending {
  event: NewEvent;
  key: string;
  resolve: (r: PublishResult) => void;
  reject: (err: Error) => void;
}

/** Firings written per transaction. */
const BATCH = 64;

export interface EventCenterOptions {
  /** Firings that may wait to be written before publish refuses (503 not_ready, counted). */
  maxQueue?: number;
  /** Window used when the producer names none (events.dedupWindowSeconds). */
  defaultDedupWindowMs: number;
  /** How long a camera's name and domain are cached for publish (ms). */
  cameraCacheMs?: number;
}

const TYPE = /^[a-z_]{1,40}$/;

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  return e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || (typeof e.message === 'string' && e.message.includes('UNIQUE constraint failed'));
}

/**
 * The event center's core: EventSink (validate, fold or insert), EventFeed (in-process listeners, isolated and
 * deferred so they never block publish) and EventLog (seq cursor reads).
 *
 * Writes go through one in-process queue drained in batches (group commit, bounded; refusals are counted), so firings of
 * one de-duplication key are serialised in publish order; the database agrees: the open event holds the key in the
 * unique `fold_key` column, so a second server on the same database fails to insert and folds instead.
 */
export class EventCenter implements EventSink, EventFeed, EventLog {
  private readonly listeners = new Set<(notice: EventNotice) => void>();
  private readonly queue: Pending[] = [];
  private draining = false;
  private drained: Promise<void> = Promise.resolve();
  private closed = false;
  /** Firings refused because the queue was full. */
  refused = 0;
  private readonly cameraCache = new Map<string, { info: CameraInfo; until: number }>();
  listenerErrors = 0;
  published = 0;
  folded = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly repo: EventsRepo,
    private readonly camera: (id: string) => Promise<CameraInfo | undefined>,
    private readonly clock: Clock,
    private readonly options: EventCenterOptions,
  ) {}

  // ---- EventSink ----
  publish(event: NewEvent): Promise<PublishResult> {
    try {
      this.validate(event);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    if (this.closed) return Promise.reject(new AppError('not_ready', 'the event center is shutting down'));
    if (this.queue.length >= (this.options.maxQueue ?? 50_000)) {
      this.refused++;
      return Promise.reject(new AppError('not_ready', 'the event center is overloaded; retry shortly'));
    }
    return new Promise<PublishResult>((resolve, reject) => {
      this.queue.push({ event, key: dedupKeyOf(event), resolve, reject });
      if (!this.draining) {
        this.draining = true;
        this.drained = this.drain();
      }
    });
  }

  /** Firings waiting to be written. */
  get queued(): number {
    return this.queue.length;
  }

  /** Stops accepting firings and waits for the queued ones to be written; idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    await this.drained;
  }

  /**
   * One writer drains the queue in batches, one transaction each (group commit): every firing sees the ones before it
   * (so two of one key fold, in order), and readers get the database between batches.
   */
  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, BATCH);
        await this.writeBatch(batch);
      }
    } finally {
      this.draining = false;
    }
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    const ready: Array<{ p: Pending; cam: CameraInfo }> = [];
    for (const p of batch) {
      try {
        ready.push({ p, cam: await this.cameraOf(p.event.cameraId) });
      } catch (err) {
        p.reject(err as Error);
      }
    }
    if (ready.length === 0) return;
    let results: Array<{ row: EventRow; folded: boolean }> | null = null;
    try {
      results = await this.db.transaction().execute(async (tx) => {
        const out: Array<{ row: EventRow; folded: boolean }> = [];
        for (const r of ready) out.push(await this.write(tx, r.p.event, r.p.key, r.cam));
        return out;
      });
    } catch {
      results = null;
    }
    if (results) {
      ready.forEach((r, i) => {
        const res = results?.[i];
        if (res) this.settle(r.p, res);
      });
      return;
    }
    // The batch failed as a whole (a bad row, or another server opened a key first): write them one by one.
    for (const r of ready) {
      try {
        this.settle(r.p, await this.writeAlone(r.p, r.cam));
      } catch (err) {
        r.p.reject(err as Error);
      }
    }
  }

  private async writeAlone(p: Pending, cam: CameraInfo): Promise<{ row: EventRow; folded: boolean }> {
    try {
      return await this.db.transaction().execute((tx) => this.write(tx, p.event, p.key, cam));
    } catch (err) {
      // Another writer (a second server on the same PostgreSQL) opened the key between our read and insert: fold.
      if (!isUniqueViolation(err)) throw err;
      return this.db.transaction().execute((tx) => this.write(tx, p.event, p.key, cam));
    }
  }

  private settle(p: Pending, result: { row: EventRow; folded: boolean }): void {
    const event = viewOf(result.row);
    this.published++;
    if (result.folded) this.folded++;
    this.notify({ kind: result.folded ? 'updated' : 'created', event });
    p.resolve({ event, folded: result.folded });
  }

  // ---- EventFeed ----
  subscribe(listener: (notice: EventNotice) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Tells listeners about a change made outside publish (a review, an assignment). */
  notify(notice: EventNotice): void {
    if (this.listeners.size === 0) return;
    const targets = [...this.listeners];
    setImmediate(() => {
      for (const l of targets) {
        try {
          l(notice);
        } catch {
          this.listenerErrors++;
        }
      }
    });
  }

  // ---- EventLog ----
  async after(afterSeq: number, limit: number): Promise<StoredEvent[]> {
    const rows = await this.repo.after(afterSeq, Math.max(1, Math.min(limit, 10_000)));
    return rows.map(viewOf);
  }

  lastSeq(): Promise<number> {
    return this.repo.lastSeq();
  }

  private validate(e: NewEvent): void {
    if (typeof e.cameraId !== 'string' || e.cameraId.length === 0) throw invalid('cameraId', 'is required');
    if (typeof e.type !== 'string' || !TYPE.test(e.type)) throw invalid('type', 'must be 1-40 characters of a-z and _');
    if (!EVENT_SEVERITIES.includes(e.severity)) throw invalid('severity', `must be one of ${EVENT_SEVERITIES.join(', ')}`);
    if (!Number.isSafeInteger(e.occurredAtMs) || e.occurredAtMs <= 0) throw invalid('occurredAtMs', 'must be epoch milliseconds');
    if (e.confidence !== null && (typeof e.confidence !== 'number' || !(e.confidence >= 0 && e.confidence <= 1))) throw invalid('confidence', 'must be within 0..1');
    if (!Array.isArray(e.boxes)) throw invalid('boxes', 'must be a list');
    const box = badBox(e.boxes);
    if (box) throw invalid('boxes', box);
    if (e.dedupWindowMs !== undefined && (!Number.isFinite(e.dedupWindowMs) || e.dedupWindowMs < 0)) throw invalid('dedupWindowMs', 'must be ≥ 0');
  }

  private async cameraOf(id: string): Promise<CameraInfo> {
    const now = this.clock.now();
    const hit = this.cameraCache.get(id);
    if (hit && hit.until > now) return hit.info;
    const info = await this.camera(id);
    if (!info) throw new AppError('not_found', `camera ${id} does not exist`);
    if (this.cameraCache.size > 10_000) this.cameraCache.clear();
    this.cameraCache.set(id, { info, until: now + (this.options.cameraCacheMs ?? 5000) });
    return info;
  }

  private async write(tx: Kysely<Database>, e: NewEvent, key: string, cam: CameraInfo): Promise<{ row: EventRow; folded: boolean }> {
    const now = this.clock.now();
    const windowMs = e.dedupWindowMs ?? this.options.defaultDedupWindowMs;
    const open = windowMs > 0 ? await this.repo.foldable(tx, key) : undefined;
    const openView: EventView | undefined = open ? viewOf(open) : undefined;
    if (open && openView && shouldFold(openView, e.occurredAtMs, windowMs)) {
      const row = await this.repo.fold(tx, open.id, {
        atMs: e.occurredAtMs,
        confidence: e.confidence,
        boxes: JSON.stringify(e.boxes),
        ...(e.snapshotKey ? { snapshotKey: e.snapshotKey } : {}),
        ...(e.cropKey ? { cropKey: e.cropKey } : {}),
      });
      return { row, folded: true };
    }
    if (open) await this.repo.releaseFold(tx, open.id);
    const row = await this.repo.insert(tx, {
      id: newTimeOrderedId('evt', now),
      camera_id: e.cameraId,
      camera_name: cam.name,
      domain_path: cam.domainPath,
      origin_kind: e.origin.kind,
      task_id: e.origin.taskId ?? null,
      rule_id: e.origin.ruleId ?? null,
      rule_name: e.origin.ruleName ?? null,
      type: e.type,
      class_name: e.className,
      track_id: e.trackId,
      severity: e.severity,
      state: 'new',
      count: 1,
      first_ms: e.occurredAtMs,
      last_ms: e.occurredAtMs,
      occurred_ms: e.occurredAtMs,
      created_ms: now,
      confidence: e.confidence,
      boxes: JSON.stringify(e.boxes),
      details: JSON.stringify(e.details ?? {}),
      snapshot_key: e.snapshotKey ?? null,
      crop_key: e.cropKey ?? null,
      dedup_key: key,
      fold_key: windowMs > 0 ? key : null,
      created_at: new Date(now).toISOString(),
      reviewed_by: null,
      reviewed_at: null,
      first_reviewed_ms: null,
      review_reason: null,
      assignee_id: null,
      incident_id: null,
    });
    return { row, folded: false };
  }
}
