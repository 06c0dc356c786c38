import type { Kysely } from 'kysely';
import type { Database } from '../../adapters/db';
import type { BlobStore } from '../../adapters/blob/blob-store';
import { AppError, forbidden, invalid, notFound } from '../../errors';
import type { Clock } from '../../util/clock';
import { newId, newTimeOrderedId } from '../../util/ids';
import type { AuditService } from '../audit/audit.service';
import type { DomainsService } from '../domains/domains.service';
import type { RequestContext } from '../request-context';
import { parseInstant } from '../recordings/time-range';
import type { EventCenter } from './event-center';
import { decodeCursor, encodeCursor } from './event-cursor';
import type { EventBox, PublishResult } from './event-port';
import { prefixUpper, viewOf, type EventFilter, type EventRow, type EventsRepo, type EventView } from './events.repo';
import type { CreateEventBodyT, EventsQueryT, ReviewBodyT } from './events.schemas';
import { nextReviewState } from '@argus/domain';
import type { Notifier } from './notifier';

export interface EventsServiceOptions {
  clipPreMs: number;
  clipPostMs: number;
}

interface IncidentView {
  id: string;
  title: string;
  domainPath: string;
  eventIds: string[];
  createdById: string | null;
  createdByName: string;
  createdAt: string;
  updatedAt: string;
}

/** The deepest domain path that holds every path in the list (incidents and tickets spanning cameras). Pure. */
export function commonDomain(paths: readonly string[]): string {
  if (paths.length === 0) return '/';
  const split = paths.map((p) => p.split('/').filter(Boolean));
  const first = split[0] ?? [];
  let n = 0;
  while (n < first.length && split.every((s) => s[n] === first[n])) n++;
  return `/${first.slice(0, n).join('/')}${n > 0 ? '/' : ''}`;
}

/** Event list, detail, review, notes, assignment and incidents (API side of the event center). */
export class EventsService {
  private rootPathCache: string | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly repo: EventsRepo,
    private readonly center: EventCenter,
    private readonly domains: DomainsService,
    private readonly blobs: BlobStore,
    private readonly audit: AuditService,
    private readonly notifier: Notifier,
    private readonly clock: Clock,
    private readonly options: EventsServiceOptions,
  ) {}

  /** The caller's events.read scope, or null when it covers the whole tree (no filter needed). */
  async readScope(ctx: RequestContext): Promise<string[] | null> {
    const scope = ctx.access.scope('events.read');
    this.rootPathCache ??= await this.domains.rootPath();
    return scope.includes(this.rootPathCache) ? null : scope;
  }

  /** Loads an event the caller may read (404 otherwise) and, when asked, act on (403). */
  async require(ctx: RequestContext, id: string, act = false): Promise<EventRow> {
    const row = await this.repo.byId(id);
    if (!row || !ctx.access.can('events.read', row.domain_path)) throw notFound('event', id);
    if (act && !ctx.access.can('events.act', row.domain_path)) throw forbidden(`You have no events.act right on camera ${row.camera_name}`);
    return row;
  }

  async filterOf(ctx: RequestContext, q: Omit<EventsQueryT, 'cursor' | 'limit'>): Promise<Omit<EventFilter, 'limit'>> {
    const f: Omit<EventFilter, 'limit'> = { scope: await this.readScope(ctx) };
    if (q.from !== undefined) f.fromMs = parseInstant('from', q.from);
    if (q.to !== undefined) f.toMs = parseInstant('to', q.to);
    if (f.fromMs !== undefined && f.toMs !== undefined && f.fromMs >= f.toMs) throw invalid('to', 'must be after from');
    if (q.cameraIds !== undefined) f.cameraIds = q.cameraIds.split(',');
    if (q.domainId !== undefined) f.domainPrefix = (await this.domains.require(ctx, q.domainId, 'events.read')).path;
    if (q.type !== undefined) f.type = q.type;
    if (q.ruleId !== undefined) f.ruleId = q.ruleId;
    if (q.taskId !== undefined) f.taskId = q.taskId;
    if (q.className !== undefined) f.className = q.className;
    if (q.state !== undefined) f.state = q.state;
    if (q.severity !== undefined) f.severity = q.severity;
    if (q.q !== undefined) f.q = q.q;
    return f;
  }

  async list(ctx: RequestContext, q: EventsQueryT): Promise<{ items: EventView[]; nextCursor: string | null }> {
    const limit = q.limit ?? 100;
    const base = await this.filterOf(ctx, q);
    let cursor;
    if (q.cursor !== undefined) {
      cursor = decodeCursor(q.cursor);
      if (!cursor) throw invalid('cursor', 'is not a cursor of this list');
    }
    const rows = await this.repo.list({ ...base, limit: limit + 1, ...(cursor ? { cursor } : {}) });
    const page = rows.slice(0, limit).map(viewOf);
    const last = page[page.length - 1];
    return { items: page, nextCursor: rows.length > limit && last ? encodeCursor({ occurredMs: last.occurredAtMs, id: last.id }) : null };
  }

  async detail(ctx: RequestContext, id: string) {
    const row = await this.require(ctx, id);
    const ev = viewOf(row);
    const [notes, reviews, incident, tickets] = await Promise.all([
      this.db.selectFrom('event_notes').selectAll().where('event_id', '=', id).orderBy('created_at', 'asc').limit(500).execute(),
      this.db.selectFrom('event_reviews').selectAll().where('event_id', '=', id).orderBy('created_at', 'asc').limit(500).execute(),
      row.incident_id ? this.incidentView(row.incident_id) : Promise.resolve(null),
      this.db
        .selectFrom('tickets')
        .innerJoin('ticket_events', 'ticket_events.ticket_id', 'tickets.id')
        .selectAll('tickets')
        .where('ticket_events.event_id', '=', id)
        .orderBy('tickets.created_at', 'desc')
        .limit(100)
        .execute(),
    ]);
    const fromMs = ev.occurredAtMs - this.options.clipPreMs;
    const toMs = ev.lastAtMs + this.options.clipPostMs;
    const ticketIds = tickets.map((t) => t.id);
    const links = ticketIds.length ? await this.db.selectFrom('ticket_events').selectAll().where('ticket_id', 'in', ticketIds).execute() : [];
    return {
      ...ev,
      notes: notes.map((n) => ({ id: n.id, eventId: n.event_id, text: n.text, authorId: n.author_id, authorName: n.author_name, createdAt: n.created_at })),
      reviews: reviews.map((r) => ({
        id: r.id,
        eventId: r.event_id,
        action: r.action,
        fromState: r.from_state,
        toState: r.to_state,
        reason: r.reason,
        actorId: r.actor_id,
        actorName: r.actor_name,
        createdAt: r.created_at,
      })),
      incident,
      tickets: tickets.map((t) => ({
        id: t.id,
        title: t.title,
        description: t.description,
        state: t.state,
        domainPath: t.domain_path,
        assigneeUserId: t.assignee_id,
        dueAt: t.due_at,
        eventIds: links.filter((l) => l.ticket_id === t.id).map((l) => l.event_id),
        createdById: t.created_by_id,
        createdByName: t.created_by_name,
        createdAt: t.created_at,
        updatedAt: t.updated_at,
      })),
      recording: { cameraId: ev.cameraId, fromMs, toMs, playbackUrl: `/api/cameras/${ev.cameraId}/playback.m3u8?from=${fromMs}&to=${toMs}` },
    };
  }

  async image(ctx: RequestContext, id: string, which: 'snapshot' | 'crop'): Promise<Buffer> {
    const row = await this.require(ctx, id);
    const key = which === 'snapshot' ? row.snapshot_key : row.crop_key;
    const bytes = key ? await this.blobs.get(key).catch(() => null) : null;
    if (!bytes) throw new AppError('not_found', `event ${id} has no ${which}`);
    return bytes;
  }

  async createFromApi(ctx: RequestContext, body: CreateEventBodyT): Promise<PublishResult> {
    const cam = await this.db
      .selectFrom('cameras')
      .innerJoin('domains', 'domains.id', 'cameras.domain_id')
      .select(['cameras.name', 'domains.path'])
      .where('cameras.id', '=', body.cameraId)
      .executeTakeFirst();
    if (!cam || (!ctx.access.can('events.read', cam.path) && !ctx.access.can('cameras.read', cam.path))) throw notFound('camera', body.cameraId);
    if (!ctx.access.can('events.act', cam.path)) throw forbidden(`You have no events.act right on camera ${cam.name}`);
    const result = await this.center.publish({
      cameraId: body.cameraId,
      origin: { kind: 'api' },
      type: body.type,
      className: body.className ?? null,
      trackId: body.trackId ?? null,
      severity: body.severity ?? 'info',
      occurredAtMs: body.occurredAt !== undefined ? parseInstant('occurredAt', body.occurredAt) : this.clock.now(),
      confidence: body.confidence ?? null,
      boxes: body.boxes ?? ([] as EventBox[]),
      ...(body.details ? { details: body.details } : {}),
      ...(body.dedupKey ? { dedupKey: body.dedupKey } : {}),
      dedupWindowMs: (body.dedupWindowSeconds ?? 0) * 1000,
    });
    if (!result.folded) {
      await this.audit.record(ctx.actor, { action: 'event.create', targetType: 'event', targetId: result.event.id, domainPath: result.event.domainPath, details: { type: body.type } });
    }
    return result;
  }

  async review(ctx: RequestContext, id: string, body: ReviewBodyT): Promise<EventView> {
    const row = await this.require(ctx, id, true);
    const from = viewOf(row).state;
    const to = nextReviewState(from, body.action);
    if (!to) throw new AppError('event_transition_not_allowed', `cannot ${body.action} an event that is ${from}`);
    if (body.action === 'false_alarm' && !body.reason) throw invalid('reason', 'is required to mark a false alarm');
    const now = this.clock.now();
    const iso = new Date(now).toISOString();
    const updated = await this.db.transaction().execute(async (tx) => {
      const res = await tx
        .updateTable('events')
        .set({
          state: to,
          fold_key: null,
          reviewed_by: ctx.actor.name,
          reviewed_at: iso,
          review_reason: body.action === 'false_alarm' ? (body.reason ?? null) : body.action === 'reopen' ? null : row.review_reason,
          first_reviewed_ms: row.first_reviewed_ms ?? now,
        })
        .where('id', '=', id)
        .where('state', '=', from)
        .returningAll()
        .executeTakeFirst();
      if (!res) return undefined;
      await tx
        .insertInto('event_reviews')
        .values({ id: newId('rev'), event_id: id, action: body.action, from_state: from, to_state: to, reason: body.reason ?? null, actor_id: ctx.actor.id, actor_name: ctx.actor.name, created_at: iso })
        .execute();
      return res;
    });
    if (!updated) throw new AppError('event_transition_not_allowed', `the event changed meanwhile; reload and try again`);
    await this.audit.record(ctx.actor, {
      action: `event.review.${body.action}`,
      targetType: 'event',
      targetId: id,
      domainPath: row.domain_path,
      details: { from, to, ...(body.reason ? { reason: body.reason } : {}) },
    });
    const view = viewOf(updated);
    this.center.notify({ kind: 'updated', event: view });
    return view;
  }

  async addNote(ctx: RequestContext, id: string, text: string) {
    const row = await this.require(ctx, id, true);
    const note = { id: newId('nte'), event_id: id, text, author_id: ctx.actor.id, author_name: ctx.actor.name, created_at: new Date(this.clock.now()).toISOString() };
    await this.db.insertInto('event_notes').values(note).execute();
    await this.audit.record(ctx.actor, { action: 'event.note', targetType: 'event', targetId: id, domainPath: row.domain_path, details: { noteId: note.id } });
    return { id: note.id, eventId: id, text, authorId: note.author_id, authorName: note.author_name, createdAt: note.created_at };
  }

  async assign(ctx: RequestContext, id: string, userId: string | null): Promise<EventView> {
    const row = await this.require(ctx, id, true);
    if (userId !== null) {
      const user = await this.db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
      if (!user) throw notFound('user', userId);
    }
    const updated = await this.repo.update(id, { assignee_id: userId });
    if (!updated) throw notFound('event', id);
    await this.audit.record(ctx.actor, { action: 'event.assign', targetType: 'event', targetId: id, domainPath: row.domain_path, details: { userId } });
    if (userId !== null && userId !== ctx.actor.id) {
      await this.notifier.notify(userId, { kind: 'event_assigned', title: `Event ${row.type} on ${row.camera_name} was assigned to you by ${ctx.actor.name}`, targetType: 'event', targetId: id });
    }
    const view = viewOf(updated);
    this.center.notify({ kind: 'updated', event: view });
    return view;
  }

  // ---- incidents ----

  /** Events the caller may act on (all of them, or 404/403 for the first that is not). */
  async requireActable(ctx: RequestContext, ids: readonly string[]): Promise<EventRow[]> {
    const unique = [...new Set(ids)];
    const rows = await this.repo.byIds(unique);
    for (const id of unique) {
      const row = rows.find((r) => r.id === id);
      if (!row || !ctx.access.can('events.read', row.domain_path)) throw notFound('event', id);
      if (!ctx.access.can('events.act', row.domain_path)) throw forbidden(`You have no events.act right on camera ${row.camera_name}`);
    }
    return rows;
  }

  async incidentView(id: string): Promise<IncidentView | null> {
    const row = await this.db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    const members = await this.db.selectFrom('incident_events').select('event_id').where('incident_id', '=', id).execute();
    return {
      id: row.id,
      title: row.title,
      domainPath: row.domain_path,
      eventIds: members.map((m) => m.event_id),
      createdById: row.created_by_id,
      createdByName: row.created_by_name,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  async createIncident(ctx: RequestContext, title: string, eventIds: readonly string[]): Promise<IncidentView> {
    const rows = await this.requireActable(ctx, eventIds);
    const id = newTimeOrderedId('inc', this.clock.now());
    const iso = new Date(this.clock.now()).toISOString();
    const domainPath = commonDomain(rows.map((r) => r.domain_path));
    await this.db.transaction().execute(async (tx) => {
      await tx.insertInto('incidents').values({ id, title, domain_path: domainPath, created_by_id: ctx.actor.id, created_by_name: ctx.actor.name, created_at: iso, updated_at: iso }).execute();
      await tx.insertInto('incident_events').values(rows.map((r) => ({ incident_id: id, event_id: r.id }))).execute();
      await tx.updateTable('events').set({ incident_id: id }).where('id', 'in', rows.map((r) => r.id)).execute();
    });
    await this.audit.record(ctx.actor, { action: 'incident.create', targetType: 'incident', targetId: id, domainPath, details: { title, eventIds: rows.map((r) => r.id) } });
    const view = await this.incidentView(id);
    if (!view) throw notFound('incident', id);
    return view;
  }

  private async requireIncident(ctx: RequestContext, id: string, act = false) {
    const row = await this.db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || !ctx.access.can('events.read', row.domain_path)) throw notFound('incident', id);
    if (act && !ctx.access.can('events.act', row.domain_path)) throw forbidden('You have no events.act right on this incident');
    return row;
  }

  async listIncidents(ctx: RequestContext, q: { cursor?: string; limit?: number }): Promise<{ items: IncidentView[]; nextCursor: string | null }> {
    const limit = q.limit ?? 100;
    const scope = await this.readScope(ctx);
    if (scope !== null && scope.length === 0) return { items: [], nextCursor: null };
    let query = this.db.selectFrom('incidents').select('id');
    if (scope !== null) query = query.where((eb) => eb.or(scope.map((p) => eb.and([eb('domain_path', '>=', p), eb('domain_path', '<', prefixUpper(p))]))));
    if (q.cursor !== undefined) {
      const c = decodeCursor(q.cursor);
      if (!c) throw invalid('cursor', 'is not a cursor of this list');
      query = query.where('id', '<', c.id);
    }
    const rows = await query.orderBy('id', 'desc').limit(limit + 1).execute();
    const items: IncidentView[] = [];
    for (const r of rows.slice(0, limit)) {
      const v = await this.incidentView(r.id);
      if (v) items.push(v);
    }
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor({ occurredMs: 0, id: last.id }) : null };
  }

  async incident(ctx: RequestContext, id: string) {
    await this.requireIncident(ctx, id);
    const view = await this.incidentView(id);
    if (!view) throw notFound('incident', id);
    const rows = await this.repo.byIds(view.eventIds);
    return { ...view, events: rows.filter((r) => ctx.access.can('events.read', r.domain_path)).map(viewOf) };
  }

  async addToIncident(ctx: RequestContext, id: string, eventIds: readonly string[]): Promise<IncidentView> {
    const inc = await this.requireIncident(ctx, id, true);
    const rows = await this.requireActable(ctx, eventIds);
    const current = await this.incidentView(id);
    const have = new Set(current?.eventIds ?? []);
    const added = rows.filter((r) => !have.has(r.id));
    const iso = new Date(this.clock.now()).toISOString();
    const currentRows = await this.repo.byIds([...have]);
    const domainPath = commonDomain([inc.domain_path, ...currentRows.map((r) => r.domain_path), ...rows.map((r) => r.domain_path)].filter((p) => p !== '/'));
    await this.db.transaction().execute(async (tx) => {
      if (added.length) await tx.insertInto('incident_events').values(added.map((r) => ({ incident_id: id, event_id: r.id }))).execute();
      if (added.length) await tx.updateTable('events').set({ incident_id: id }).where('id', 'in', added.map((r) => r.id)).execute();
      await tx.updateTable('incidents').set({ updated_at: iso, domain_path: domainPath }).where('id', '=', id).execute();
    });
    await this.audit.record(ctx.actor, { action: 'incident.add_events', targetType: 'incident', targetId: id, domainPath, details: { eventIds: added.map((r) => r.id) } });
    const view = await this.incidentView(id);
    if (!view) throw notFound('incident', id);
    return view;
  }
}
