import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../adapters/db';
import { AppError, forbidden, invalid, notFound } from '../../errors';
import type { SecretBox } from '../../security/secret-box';
import { isoAt, type Clock } from '../../util/clock';
import { newId } from '../../util/ids';
import type { AuditService } from '../audit/audit.service';
import type { DomainsService } from '../domains/domains.service';
import type { EventLog, EventSeverity } from '../events/event-port';
import { parseRange } from '../recordings/time-range';
import type { RequestContext } from '../request-context';
import { checkWebhookUrl } from './ssrf-guard';
import type { PendingReplay, WebhookDispatcher } from './webhook-dispatcher';
import { EMPTY_FILTERS, parseFilters, type WebhookFilters } from './webhook-filters';
import type { DeliveryRow, WebhookRow, WebhooksRepo } from './webhooks.repo';

export interface FiltersInput {
  domainIds?: string[];
  includeSubdomains?: boolean;
  cameraIds?: string[];
  ruleIds?: string[];
  types?: string[];
  classes?: string[];
  minSeverity?: EventSeverity | null;
}

export interface WebhookView {
  id: string;
  name: string;
  url: string;
  enabled: boolean;
  filters: Omit<WebhookFilters, 'domainPaths'>;
  cursorSeq: number;
  createdAt: string;
  updatedAt: string;
  status: {
    failing: boolean;
    consecutiveFailures: number;
    nextAttemptAt: string | null;
    lastError: string | null;
    backlog: number | null;
    lagSeconds: number;
    replayPending: boolean;
    lastDelivery: { at: string; kind: string; outcome: 'delivered' | 'failed' | 'gave_up'; statusCode: number | null; error: string | null } | null;
  };
}

export interface DeliveryView {
  id: string;
  deliveryId: string;
  kind: 'event' | 'replay' | 'ping';
  eventId: string | null;
  seq: number | null;
  attempt: number;
  outcome: 'delivered' | 'failed' | 'gave_up';
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  at: string;
}

/** Unresolved "now": the dispatcher sets the cursor to the log's last seq on its first round. */
export const CURSOR_AT_FIRST_ROUND = -1;

const REPLAY_MAX_MS = 31 * 24 * 3600 * 1000;

function deliveryView(r: DeliveryRow): DeliveryView {
  return {
    id: r.id,
    deliveryId: r.delivery_id,
    kind: r.kind as DeliveryView['kind'],
    eventId: r.event_id,
    seq: r.seq,
    attempt: r.attempt,
    outcome: r.outcome as DeliveryView['outcome'],
    statusCode: r.status_code,
    durationMs: r.duration_ms,
    error: r.error,
    at: isoAt(r.at_ms),
  };
}

/**
 * Webhook subscriptions: CRUD with validation (SSRF guard, filters naming things that exist), secrets sealed at rest
 * and shown once, replay and ping. Subscriptions are organisation-wide, so every operation needs subscriptions.manage
 * on the root domain (only root administrators); others get 403 before any lookup, which leaks nothing.
 */
export class WebhooksService {
  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      repo: WebhooksRepo;
      dispatcher: WebhookDispatcher;
      log: EventLog;
      secrets: SecretBox;
      audit: AuditService;
      domains: DomainsService;
      clock: Clock;
      allowPrivateTargets: () => boolean;
    },
  ) {}

  private async guard(ctx: RequestContext): Promise<string> {
    const root = await this.deps.domains.rootPath();
    if (!ctx.access.can('subscriptions.manage', root)) throw forbidden('Subscriptions are organisation-wide: only administrators of the whole organisation manage them');
    return root;
  }

  private async required(id: string): Promise<WebhookRow> {
    const row = await this.deps.repo.get(id);
    if (!row) throw notFound('Webhook', id);
    return row;
  }

  private checkUrl(url: string): void {
    const v = checkWebhookUrl(url, this.deps.allowPrivateTargets());
    if (!v.ok) throw new AppError('webhook_url_refused', `url: ${v.reason}`, [{ field: 'url', message: v.reason }]);
  }

  private async resolveFilters(input: FiltersInput | undefined, base: WebhookFilters = EMPTY_FILTERS): Promise<WebhookFilters> {
    if (!input) return base;
    const f: WebhookFilters = {
      domainIds: input.domainIds ? [...new Set(input.domainIds)] : base.domainIds,
      domainPaths: base.domainPaths,
      includeSubdomains: input.includeSubdomains ?? base.includeSubdomains,
      cameraIds: input.cameraIds ? [...new Set(input.cameraIds)] : base.cameraIds,
      ruleIds: input.ruleIds ? [...new Set(input.ruleIds)] : base.ruleIds,
      types: input.types ? [...new Set(input.types)] : base.types,
      classes: input.classes ? [...new Set(input.classes)] : base.classes,
      minSeverity: input.minSeverity === undefined ? base.minSeverity : input.minSeverity,
    };
    if (f.domainIds.length > 0) {
      const rows = await this.deps.db.selectFrom('domains').select(['id', 'path']).where('id', 'in', f.domainIds).execute();
      const missing = f.domainIds.filter((id) => !rows.some((r) => r.id === id));
      if (missing.length > 0) throw invalid('filters.domainIds', `domain ${missing.join(', ')} does not exist`);
      f.domainPaths = f.domainIds.map((id) => rows.find((r) => r.id === id)?.path ?? '');
    } else f.domainPaths = [];
    if (f.cameraIds.length > 0) {
      const rows = await this.deps.db.selectFrom('cameras').select('id').where('id', 'in', f.cameraIds).execute();
      const missing = f.cameraIds.filter((id) => !rows.some((r) => r.id === id));
      if (missing.length > 0) throw invalid('filters.cameraIds', `camera ${missing.join(', ')} does not exist`);
    }
    return f;
  }

  private async view(row: WebhookRow): Promise<WebhookView> {
    const rt = this.deps.dispatcher.runtime(row.id);
    const last = await this.deps.repo.lastDelivery(row.id);
    const { domainPaths: _paths, ...filters } = parseFilters(row.filters);
    return {
      id: row.id,
      name: row.name,
      url: row.url,
      enabled: row.enabled === 1,
      filters,
      cursorSeq: row.cursor_seq,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      status: {
        failing: rt.failing,
        consecutiveFailures: rt.consecutiveFailures,
        nextAttemptAt: rt.nextAttemptAtMs === null ? null : isoAt(rt.nextAttemptAtMs),
        lastError: rt.lastError,
        backlog: rt.backlog,
        lagSeconds: Math.round(rt.lagSeconds * 10) / 10,
        replayPending: row.replay !== null,
        lastDelivery: last
          ? { at: isoAt(last.at_ms), kind: last.kind, outcome: last.outcome as 'delivered' | 'failed' | 'gave_up', statusCode: last.status_code, error: last.error }
          : null,
      },
    };
  }

  async list(ctx: RequestContext): Promise<WebhookView[]> {
    await this.guard(ctx);
    return Promise.all((await this.deps.repo.all()).map((r) => this.view(r)));
  }

  async get(ctx: RequestContext, id: string): Promise<WebhookView> {
    await this.guard(ctx);
    return this.view(await this.required(id));
  }

  async create(
    ctx: RequestContext,
    input: { name: string; url: string; enabled?: boolean; filters?: FiltersInput; startFrom?: 'now' | 'all' },
  ): Promise<{ webhook: WebhookView; secret: string }> {
    const root = await this.guard(ctx);
    this.checkUrl(input.url);
    const filters = await this.resolveFilters(input.filters);
    let cursor = 0;
    if ((input.startFrom ?? 'now') === 'now') cursor = await this.deps.log.lastSeq().catch(() => CURSOR_AT_FIRST_ROUND);
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    const now = isoAt(this.deps.clock.now());
    const row: WebhookRow = {
      id: newId('whk'),
      name: input.name.trim(),
      url: input.url,
      enabled: input.enabled === false ? 0 : 1,
      filters: JSON.stringify(filters),
      secret_enc: this.deps.secrets.seal(secret),
      cursor_seq: cursor,
      replay: null,
      created_at: now,
      updated_at: now,
    };
    await this.deps.repo.insert(row);
    await this.deps.audit.record(ctx.actor, {
      action: 'webhook.create',
      targetType: 'webhook',
      targetId: row.id,
      domainPath: root,
      details: { name: row.name, url: row.url, startFrom: input.startFrom ?? 'now' },
    });
    this.deps.dispatcher.kick();
    return { webhook: await this.view(row), secret };
  }

  async update(ctx: RequestContext, id: string, input: { name?: string; url?: string; enabled?: boolean; filters?: FiltersInput }): Promise<WebhookView> {
    const root = await this.guard(ctx);
    const row = await this.required(id);
    if (input.url !== undefined) this.checkUrl(input.url);
    const patch: Partial<WebhookRow> = { updated_at: isoAt(this.deps.clock.now()) };
    if (input.name !== undefined) patch.name = input.name.trim();
    if (input.url !== undefined) patch.url = input.url;
    if (input.enabled !== undefined) patch.enabled = input.enabled ? 1 : 0;
    if (input.filters !== undefined) patch.filters = JSON.stringify(await this.resolveFilters(input.filters, parseFilters(row.filters)));
    await this.deps.repo.update(id, patch);
    await this.deps.audit.record(ctx.actor, {
      action: 'webhook.update',
      targetType: 'webhook',
      targetId: id,
      domainPath: root,
      details: { changed: Object.keys(input), ...(input.url !== undefined ? { url: input.url } : {}) },
    });
    this.deps.dispatcher.reset(id);
    return this.view(await this.required(id));
  }

  async delete(ctx: RequestContext, id: string): Promise<void> {
    const root = await this.guard(ctx);
    const row = await this.required(id);
    await this.deps.repo.delete(id);
    this.deps.dispatcher.forget(id);
    await this.deps.audit.record(ctx.actor, { action: 'webhook.delete', targetType: 'webhook', targetId: id, domainPath: root, details: { name: row.name } });
  }

  async rotateSecret(ctx: RequestContext, id: string): Promise<{ webhook: WebhookView; secret: string }> {
    const root = await this.guard(ctx);
    await this.required(id);
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    await this.deps.repo.update(id, { secret_enc: this.deps.secrets.seal(secret), updated_at: isoAt(this.deps.clock.now()) });
    await this.deps.audit.record(ctx.actor, { action: 'webhook.rotate_secret', targetType: 'webhook', targetId: id, domainPath: root });
    return { webhook: await this.view(await this.required(id)), secret };
  }

  async deliveries(ctx: RequestContext, id: string, q: { limit?: number; cursor?: string }): Promise<{ items: DeliveryView[]; nextCursor: string | null }> {
    await this.guard(ctx);
    await this.required(id);
    const limit = q.limit ?? 50;
    const rows = await this.deps.repo.deliveries(id, limit + 1, q.cursor);
    const items = rows.slice(0, limit).map(deliveryView);
    return { items, nextCursor: rows.length > limit ? (items[items.length - 1]?.id ?? null) : null };
  }

  async replay(ctx: RequestContext, id: string, body: { from: string; to: string }): Promise<{ replayId: string; from: string; to: string }> {
    const root = await this.guard(ctx);
    await this.required(id);
    const { fromMs, toMs } = parseRange(body.from, body.to, { nowMs: this.deps.clock.now(), maxSpanMs: REPLAY_MAX_MS, maxSpanText: '31 days per replay' });
    const toSeq = await this.deps.log.lastSeq().catch(() => Number.MAX_SAFE_INTEGER);
    const replay: PendingReplay = { id: newId('rpl'), fromMs, toMs, cursor: 0, toSeq };
    await this.deps.repo.setReplay(id, JSON.stringify(replay));
    await this.deps.audit.record(ctx.actor, {
      action: 'webhook.replay',
      targetType: 'webhook',
      targetId: id,
      domainPath: root,
      details: { replayId: replay.id, from: isoAt(fromMs), to: isoAt(toMs) },
    });
    this.deps.dispatcher.kick();
    return { replayId: replay.id, from: isoAt(fromMs), to: isoAt(toMs) };
  }

  async test(ctx: RequestContext, id: string): Promise<{ ok: boolean; deliveryId: string; statusCode: number | null; durationMs: number; error: string | null }> {
    await this.guard(ctx);
    const row = await this.required(id);
    const r = await this.deps.dispatcher.ping(row);
    return { ok: r.error === null, deliveryId: r.deliveryId, statusCode: r.statusCode, durationMs: r.durationMs, error: r.error };
  }
}
