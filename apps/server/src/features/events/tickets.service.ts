import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../adapters/db';
import type { TicketsTable } from '../../adapters/db/tables-events';
import { AppError, forbidden, invalid, notFound } from '../../errors';
import type { Clock } from '../../util/clock';
import { newId, newTimeOrderedId } from '../../util/ids';
import type { AuditService } from '../audit/audit.service';
import type { RequestContext } from '../request-context';
import { parseInstant } from '../recordings/time-range';
import { decodeCursor, encodeCursor } from './event-cursor';
import { prefixUpper } from './events.repo';
import type { CreateTicketBodyT, PatchTicketBodyT, TicketsQueryT } from './events.schemas';
import { commonDomain, type EventsService } from './events.service';
import type { Notifier } from './notifier';
import { ticketTransitionAllowed, type TicketState } from '@argus/domain';

type TicketRow = Selectable<TicketsTable>;

/** Work tickets made from events (states, assignment, due time, comments) and the caller's notifications. */
export class TicketsService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly events: EventsService,
    private readonly audit: AuditService,
    private readonly notifier: Notifier,
    private readonly clock: Clock,
  ) {}

  private iso(): string {
    return new Date(this.clock.now()).toISOString();
  }

  private async view(row: TicketRow) {
    const links = await this.db.selectFrom('ticket_events').select('event_id').where('ticket_id', '=', row.id).execute();
    return {
      id: row.id,
      title: row.title,
      description: row.description,
      state: row.state as TicketState,
      domainPath: row.domain_path,
      assigneeUserId: row.assignee_id,
      dueAt: row.due_at,
      eventIds: links.map((l) => l.event_id),
      createdById: row.created_by_id,
      createdByName: row.created_by_name,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  private async detailOf(row: TicketRow) {
    const [comments, history] = await Promise.all([
      this.db.selectFrom('ticket_comments').selectAll().where('ticket_id', '=', row.id).orderBy('created_at', 'asc').limit(1000).execute(),
      this.db.selectFrom('ticket_history').selectAll().where('ticket_id', '=', row.id).orderBy('created_at', 'asc').limit(1000).execute(),
    ]);
    return {
      ...(await this.view(row)),
      comments: comments.map((c) => ({ id: c.id, ticketId: c.ticket_id, text: c.text, authorId: c.author_id, authorName: c.author_name, createdAt: c.created_at })),
      history: history.map((h) => ({ fromState: h.from_state, toState: h.to_state, actorName: h.actor_name, createdAt: h.created_at })),
    };
  }

  private async require(ctx: RequestContext, id: string, act = false): Promise<TicketRow> {
    const row = await this.db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || !ctx.access.can('events.read', row.domain_path)) throw notFound('ticket', id);
    if (act && !ctx.access.can('events.act', row.domain_path)) throw forbidden('You have no events.act right on this ticket');
    return row;
  }

  private async requireUser(userId: string): Promise<void> {
    const user = await this.db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
    if (!user) throw notFound('user', userId);
  }

  async create(ctx: RequestContext, body: CreateTicketBodyT) {
    const rows = await this.events.requireActable(ctx, body.eventIds);
    let domainPath: string;
    if (rows.length > 0) domainPath = commonDomain(rows.map((r) => r.domain_path));
    else {
      const scope = ctx.access.scope('events.act');
      if (scope.length === 0) throw forbidden('You have no events.act right anywhere');
      domainPath = scope.length === 1 && scope[0] ? scope[0] : commonDomain(scope);
      if (!ctx.access.can('events.act', domainPath)) throw invalid('eventIds', 'name at least one event to place the ticket in a domain');
    }
    if (body.assigneeUserId) await this.requireUser(body.assigneeUserId);
    const dueAt = body.dueAt ? new Date(parseInstant('dueAt', body.dueAt)).toISOString() : null;
    const now = this.clock.now();
    const iso = new Date(now).toISOString();
    const id = newTimeOrderedId('tkt', now);
    const row: TicketRow = {
      id,
      title: body.title,
      description: body.description ?? '',
      state: 'open',
      domain_path: domainPath,
      assignee_id: body.assigneeUserId ?? null,
      due_at: dueAt,
      created_by_id: ctx.actor.id,
      created_by_name: ctx.actor.name,
      created_at: iso,
      updated_at: iso,
    };
    await this.db.transaction().execute(async (tx) => {
      await tx.insertInto('tickets').values(row).execute();
      if (rows.length) await tx.insertInto('ticket_events').values(rows.map((r) => ({ ticket_id: id, event_id: r.id }))).execute();
      await tx.insertInto('ticket_history').values({ id: newId('tkh'), ticket_id: id, from_state: null, to_state: 'open', actor_name: ctx.actor.name, created_at: iso }).execute();
    });
    await this.audit.record(ctx.actor, { action: 'ticket.create', targetType: 'ticket', targetId: id, domainPath, details: { title: body.title, eventIds: rows.map((r) => r.id), assigneeUserId: row.assignee_id } });
    if (row.assignee_id && row.assignee_id !== ctx.actor.id) {
      await this.notifier.notify(row.assignee_id, { kind: 'ticket_assigned', title: `Ticket "${row.title}" was assigned to you by ${ctx.actor.name}`, targetType: 'ticket', targetId: id });
    }
    return this.detailOf(row);
  }

  async list(ctx: RequestContext, q: TicketsQueryT) {
    const limit = q.limit ?? 100;
    const scope = await this.events.readScope(ctx);
    if (scope !== null && scope.length === 0) return { items: [], nextCursor: null };
    let query = this.db.selectFrom('tickets').selectAll('tickets');
    if (scope !== null) query = query.where((eb) => eb.or(scope.map((p) => eb.and([eb('tickets.domain_path', '>=', p), eb('tickets.domain_path', '<', prefixUpper(p))]))));
    if (q.state !== undefined) query = query.where('tickets.state', '=', q.state);
    if (q.assigneeUserId !== undefined) query = query.where('tickets.assignee_id', '=', q.assigneeUserId);
    if (q.eventId !== undefined) {
      const eventId = q.eventId;
      query = query.where((eb) => eb.exists(eb.selectFrom('ticket_events').select('ticket_id').whereRef('ticket_events.ticket_id', '=', 'tickets.id').where('ticket_events.event_id', '=', eventId)));
    }
    if (q.cursor !== undefined) {
      const c = decodeCursor(q.cursor);
      if (!c) throw invalid('cursor', 'is not a cursor of this list');
      query = query.where('tickets.id', '<', c.id);
    }
    const rows = await query.orderBy('tickets.id', 'desc').limit(limit + 1).execute();
    const items = [];
    for (const r of rows.slice(0, limit)) if (ctx.access.can('events.read', r.domain_path)) items.push(await this.view(r));
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return { items, nextCursor: last ? encodeCursor({ occurredMs: 0, id: last.id }) : null };
  }

  async get(ctx: RequestContext, id: string) {
    return this.detailOf(await this.require(ctx, id));
  }

  async patch(ctx: RequestContext, id: string, body: PatchTicketBodyT) {
    const row = await this.require(ctx, id, true);
    const from = row.state as TicketState;
    if (body.state !== undefined && body.state !== from && !ticketTransitionAllowed(from, body.state)) {
      throw new AppError('ticket_transition_not_allowed', `a ticket cannot go from ${from} to ${body.state}`);
    }
    if (body.assigneeUserId) await this.requireUser(body.assigneeUserId);
    const iso = this.iso();
    const patch: Partial<TicketRow> = { updated_at: iso };
    if (body.title !== undefined) patch.title = body.title;
    if (body.description !== undefined) patch.description = body.description;
    if (body.state !== undefined) patch.state = body.state;
    if (body.assigneeUserId !== undefined) patch.assignee_id = body.assigneeUserId;
    if (body.dueAt !== undefined) patch.due_at = body.dueAt === null ? null : new Date(parseInstant('dueAt', body.dueAt)).toISOString();
    const updated = await this.db.transaction().execute(async (tx) => {
      const res = await tx.updateTable('tickets').set(patch).where('id', '=', id).where('state', '=', from).returningAll().executeTakeFirst();
      if (res && body.state !== undefined && body.state !== from) {
        await tx.insertInto('ticket_history').values({ id: newId('tkh'), ticket_id: id, from_state: from, to_state: body.state, actor_name: ctx.actor.name, created_at: iso }).execute();
      }
      return res;
    });
    if (!updated) throw new AppError('ticket_transition_not_allowed', 'the ticket changed meanwhile; reload and try again');
    await this.audit.record(ctx.actor, { action: 'ticket.update', targetType: 'ticket', targetId: id, domainPath: row.domain_path, details: { ...body } });
    if (body.assigneeUserId && body.assigneeUserId !== row.assignee_id && body.assigneeUserId !== ctx.actor.id) {
      await this.notifier.notify(body.assigneeUserId, { kind: 'ticket_assigned', title: `Ticket "${updated.title}" was assigned to you by ${ctx.actor.name}`, targetType: 'ticket', targetId: id });
    }
    return this.detailOf(updated);
  }

  async comment(ctx: RequestContext, id: string, text: string) {
    const row = await this.require(ctx, id, true);
    const c = { id: newTimeOrderedId('cmt', this.clock.now()), ticket_id: id, text, author_id: ctx.actor.id, author_name: ctx.actor.name, created_at: this.iso() };
    await this.db.insertInto('ticket_comments').values(c).execute();
    await this.db.updateTable('tickets').set({ updated_at: c.created_at }).where('id', '=', id).execute();
    await this.audit.record(ctx.actor, { action: 'ticket.comment', targetType: 'ticket', targetId: id, domainPath: row.domain_path, details: { commentId: c.id } });
    return { id: c.id, ticketId: id, text, authorId: c.author_id, authorName: c.author_name, createdAt: c.created_at };
  }

  // ---- notifications ----
  async notifications(ctx: RequestContext, q: { unreadOnly?: boolean; limit?: number }) {
    const userId = ctx.actor.id;
    if (!userId) return { items: [], unread: 0 };
    let query = this.db.selectFrom('notifications').selectAll().where('user_id', '=', userId);
    if (q.unreadOnly) query = query.where('read_at', 'is', null);
    const rows = await query.orderBy('id', 'desc').limit(q.limit ?? 100).execute();
    const unread = await this.db.selectFrom('notifications').select((eb) => eb.fn.countAll().as('n')).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
    return { items: rows.map(notificationView), unread: Number(unread?.n ?? 0) };
  }

  async markRead(ctx: RequestContext, id: string) {
    const userId = ctx.actor.id;
    const row = userId ? await this.db.selectFrom('notifications').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst() : undefined;
    if (!row) throw notFound('notification', id);
    const readAt = row.read_at ?? this.iso();
    if (!row.read_at) await this.db.updateTable('notifications').set({ read_at: readAt }).where('id', '=', id).execute();
    return notificationView({ ...row, read_at: readAt });
  }
}

function notificationView(r: Selectable<Database['notifications']>) {
  return { id: r.id, kind: r.kind, title: r.title, targetType: r.target_type, targetId: r.target_id, createdAt: r.created_at, readAt: r.read_at };
}
