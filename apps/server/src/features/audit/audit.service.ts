import type { Kysely } from 'kysely';
import type { Access } from '@argus/domain';
import type { Database } from '../../adapters/db';
import { AppError, forbidden } from '../../errors';
import { isoAt, type Clock } from '../../util/clock';
import { newTimeOrderedId } from '../../util/ids';
import { decodeCursor, encodeCursor, type Page } from '../../util/pagination';
import type { Actor } from '../request-context';

export interface AuditInput {
  action: string;
  targetType: string;
  targetId?: string | null;
  /** Domain the target lives in; null for organisation-wide actions (sign-in, setup). */
  domainPath?: string | null;
  outcome?: 'ok' | 'denied' | 'failed';
  details?: Record<string, unknown>;
}

export interface AuditRecord {
  id: string;
  at: string;
  actor: { id: string | null; name: string; kind: string };
  action: string;
  targetType: string;
  targetId: string | null;
  domainPath: string | null;
  outcome: string;
  ip: string;
  details: Record<string, unknown>;
}

export interface AuditQuery {
  from?: string;
  to?: string;
  action?: string;
  outcome?: 'ok' | 'denied' | 'failed';
  actorId?: string;
  targetId?: string;
  limit: number;
  cursor?: string;
}

/** Append-only log of who did what. Entries are visible to holders of audit.read on the entry's domain. */
export class AuditService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async record(actor: Actor, input: AuditInput): Promise<void> {
    const now = this.clock.now();
    await this.db
      .insertInto('audit_log')
      .values({
        id: newTimeOrderedId('aud', now),
        at: isoAt(now),
        actor_id: actor.id,
        actor_name: actor.name,
        actor_kind: actor.kind,
        action: input.action,
        target_type: input.targetType,
        target_id: input.targetId ?? null,
        domain_path: input.domainPath ?? null,
        outcome: input.outcome ?? 'ok',
        ip: actor.ip,
        details: JSON.stringify(input.details ?? {}),
      })
      .execute();
  }

  async list(access: Access, rootPath: string, q: AuditQuery): Promise<Page<AuditRecord>> {
    const scope = access.scope('audit.read');
    if (scope.length === 0) throw forbidden('You have no right to read the audit log');
    const seesGlobal = scope.includes(rootPath);
    let query = this.db.selectFrom('audit_log').selectAll();
    if (!seesGlobal) {
      query = query.where((eb) => eb.or(scope.map((p) => eb('domain_path', 'like', `${p}%`))));
    }
    if (q.from) query = query.where('at', '>=', q.from);
    if (q.to) query = query.where('at', '<', q.to);
    if (q.action) query = query.where('action', '=', q.action);
    if (q.outcome) query = query.where('outcome', '=', q.outcome);
    if (q.actorId) query = query.where('actor_id', '=', q.actorId);
    if (q.targetId) query = query.where('target_id', '=', q.targetId);
    if (q.cursor) {
      const c = decodeCursor(q.cursor);
      if (!c) throw new AppError('validation_failed', 'cursor is not one this server issued', [{ field: 'cursor', message: 'unknown cursor' }]);
      query = query.where((eb) => eb.or([eb('at', '<', c.sortKey), eb.and([eb('at', '=', c.sortKey), eb('id', '<', c.id)])]));
    }
    const rows = await query.orderBy('at', 'desc').orderBy('id', 'desc').limit(q.limit + 1).execute();
    const items = rows.slice(0, q.limit).map(
      (r): AuditRecord => ({
        id: r.id,
        at: r.at,
        actor: { id: r.actor_id, name: r.actor_name, kind: r.actor_kind },
        action: r.action,
        targetType: r.target_type,
        targetId: r.target_id,
        domainPath: r.domain_path,
        outcome: r.outcome,
        ip: r.ip,
        details: JSON.parse(r.details) as Record<string, unknown>,
      }),
    );
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > q.limit && last ? encodeCursor(last.at, last.id) : null };
  }
}
