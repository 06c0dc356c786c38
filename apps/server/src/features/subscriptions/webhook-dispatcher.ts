import type { EventLog, StoredEvent } from '../events/event-port';
import { newTimeOrderedId } from '../../util/ids';
import type { WebhookDeliveryConfig } from './subscriptions.config';
import { matchesFilters, parseFilters } from './webhook-filters';
import { backoffDelay } from '@argus/media/recording';
import { shouldGiveUp } from './retry-backoff';
import type { SendResult, WebhookSender } from './webhook-sender';
import { signWebhook } from './webhook-signature';
import type { WebhookRow, WebhooksRepo } from './webhooks.repo';

/** How long a hole in the seq sequence is waited for before moving past it (a slow or rolled-back transaction). */
export const GAP_HOLD_MS = 2000;
const GAP_RECHECK_MS = 200;

/** API links of an event (absolute when publicBaseUrl is set); fetching them needs an API token. Pure. */
export function eventLinks(publicBaseUrl: string, e: StoredEvent): { event: string; snapshot?: string; crop?: string } {
  const base = `${publicBaseUrl.replace(/\/+$/, '')}/api/events/${encodeURIComponent(e.id)}`;
  return { event: base, ...(e.snapshotKey ? { snapshot: `${base}/snapshot.jpg` } : {}), ...(e.cropKey ? { crop: `${base}/crop.jpg` } : {}) };
}

/** True when `e` follows a missing seq and is young enough that the missing one may still commit. Pure. */
export function holdForGap(prevSeq: number, e: StoredEvent, nowMs: number): boolean {
  return prevSeq >= 0 && e.seq !== prevSeq + 1 && nowMs - e.createdAtMs < GAP_HOLD_MS;
}

export type DeliveryKind = 'event' | 'replay' | 'ping';
export type DeliveryOutcome = 'delivered' | 'failed' | 'gave_up';

/** A pending replay of a time range, stored with the subscription so it survives restarts. */
export interface PendingReplay {
  id: string;
  fromMs: number;
  toMs: number;
  /** Replay walks the log from here… */
  cursor: number;
  /** …up to this seq (the last seq when the replay was asked for). */
  toSeq: number;
}

/** What the API shows of a subscription's worker. */
export interface WebhookRuntime {
  failing: boolean;
  consecutiveFailures: number;
  nextAttemptAtMs: number | null;
  lastError: string | null;
  backlog: number | null;
  lagSeconds: number;
}

export interface DispatcherCounters {
  delivered: number;
  failed: number;
  gaveUp: number;
}

export interface DispatcherDeps {
  repo: WebhooksRepo;
  log: EventLog;
  sender: WebhookSender;
  openSecret(sealed: string): string;
  now(): number;
  random(): number;
  config: WebhookDeliveryConfig;
  /** Fallback poll when no feed notice arrives (ms). */
  pollMs?: number;
  onError?(err: unknown): void;
}

interface SubState {
  attempt: number;
  firstFailureMs: number | null;
  nextAtMs: number;
  lastError: string | null;
  running: boolean;
  /** Delivery id of the event being retried (kept across attempts; the idempotency key is the stable identity). */
  deliveryFor: { seq: number; kind: DeliveryKind; id: string } | null;
  backlog: number | null;
  oldestPendingMs: number | null;
}

/**
 * The durable webhook outbox. Each subscription has a cursor (the last seq delivered or filtered out) stored with it;
 * a round reads `EventLog.after(cursor)` and delivers strictly in seq order, advancing the cursor after each 2xx. A
 * failure blocks the subscription until its backoff elapses (later events wait: order is kept). After a restart the
 * first round starts from the stored cursor, so nothing is lost; an event can be sent twice only if the process dies
 * between a 2xx and the cursor write (same idempotency key: receivers de-duplicate).
 */
export class WebhookDispatcher {
  readonly counters: DispatcherCounters = { delivered: 0, failed: 0, gaveUp: 0 };
  private readonly states = new Map<string, SubState>();
  private active = 0;
  private started = false;
  private closed = false;
  private timer: NodeJS.Timeout | null = null;
  private timerAt: number | null = null;
  private tickQueued = false;
  private starved = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly deps: DispatcherDeps) {}

  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    this.kick();
  }

  /** Something changed (new event, new or edited subscription): run a scheduling pass soon. */
  kick(): void {
    if (!this.started || this.closed || this.tickQueued) return;
    this.tickQueued = true;
    setImmediate(() => {
      this.tickQueued = false;
      void this.tick();
    });
  }

  runtime(id: string): WebhookRuntime {
    const s = this.states.get(id);
    const now = this.deps.now();
    return {
      failing: (s?.attempt ?? 0) > 0,
      consecutiveFailures: s?.attempt ?? 0,
      nextAttemptAtMs: s && s.attempt > 0 ? s.nextAtMs : null,
      lastError: s?.lastError ?? null,
      backlog: s?.backlog ?? null,
      lagSeconds: s?.oldestPendingMs != null ? Math.max(0, (now - s.oldestPendingMs) / 1000) : 0,
    };
  }

  /** Forget the retry state of a subscription (edited, re-enabled, deleted): the next round tries at once. */
  reset(id: string): void {
    const s = this.states.get(id);
    if (s) Object.assign(s, { attempt: 0, firstFailureMs: null, nextAtMs: 0, lastError: null, deliveryFor: null });
    this.kick();
  }

  forget(id: string): void {
    this.states.delete(id);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.inFlight]);
  }

  /** Sends a signed ping now (not part of the outbox; logged as kind 'ping'). */
  async ping(row: WebhookRow): Promise<SendResult & { deliveryId: string }> {
    const deliveryId = newTimeOrderedId('dlv', this.deps.now());
    const body = JSON.stringify({ id: deliveryId, kind: 'ping', subscriptionId: row.id, at: new Date(this.deps.now()).toISOString() });
    const result = await this.post(row, body, { 'x-argus-delivery': deliveryId, 'x-argus-kind': 'ping' });
    await this.logAttempt(row.id, deliveryId, 'ping', null, 1, result);
    return { ...result, deliveryId };
  }

  private state(id: string): SubState {
    let s = this.states.get(id);
    if (!s) {
      s = { attempt: 0, firstFailureMs: null, nextAtMs: 0, lastError: null, running: false, deliveryFor: null, backlog: null, oldestPendingMs: null };
      this.states.set(id, s);
    }
    return s;
  }

  private schedule(ms: number): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = this.deps.now() + Math.max(1, ms);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerAt = null;
      void this.tick();
    }, Math.max(1, ms));
    this.timer.unref?.();
  }

  /** Makes sure a pass runs by `atMs` (keeps an earlier timer). */
  private wakeAt(atMs: number): void {
    if (this.timerAt !== null && this.timerAt <= atMs) return;
    this.schedule(atMs - this.deps.now());
  }

  private async tick(): Promise<void> {
    if (this.closed) return;
    let rows: WebhookRow[];
    try {
      rows = await this.deps.repo.all();
    } catch (err) {
      this.deps.onError?.(err);
      this.schedule(this.deps.pollMs ?? 1000);
      return;
    }
    const now = this.deps.now();
    let nextWake = now + (this.deps.pollMs ?? 1000);
    for (const row of rows) {
      if (row.enabled !== 1) continue;
      const s = this.state(row.id);
      if (s.running) continue;
      if (s.nextAtMs > now) {
        nextWake = Math.min(nextWake, s.nextAtMs);
        continue;
      }
      if (this.active >= this.deps.config.concurrency) {
        this.starved = true;
        break;
      }
      this.active++;
      s.running = true;
      const p = this.round(row.id, s)
        .catch((err: unknown) => {
          // The event log or the database failed: back off like a delivery failure.
          s.lastError = err instanceof Error ? err.message : String(err);
          s.nextAtMs = this.deps.now() + (this.deps.pollMs ?? 1000);
          this.deps.onError?.(err);
          return false;
        })
        .then((more) => {
          s.running = false;
          this.active--;
          this.inFlight.delete(p);
          if (more || this.starved) {
            this.starved = false;
            this.kick();
          }
          else if (s.nextAtMs > this.deps.now()) this.wakeAt(s.nextAtMs);
        });
      this.inFlight.add(p);
    }
    this.schedule(nextWake - now);
  }

  /** One round of one subscription; true when there is more to do right away. */
  private async round(id: string, s: SubState): Promise<boolean> {
    const row = await this.deps.repo.get(id);
    if (!row || row.enabled !== 1 || this.closed) return false;
    if (row.cursor_seq < 0) {
      // Created with startFrom 'now' while the event log could not answer: "now" is fixed here.
      const last = await this.deps.log.lastSeq();
      await this.deps.repo.advanceCursor(id, last);
      return true;
    }
    const filters = parseFilters(row.filters);
    const batch = this.deps.config.batchSize;
    const events = await this.deps.log.after(row.cursor_seq, batch);
    const lastSeq = events.length === batch ? await this.deps.log.lastSeq() : (events[events.length - 1]?.seq ?? row.cursor_seq);
    s.backlog = Math.max(0, lastSeq - row.cursor_seq);
    let skipTo = row.cursor_seq;
    let prevSeq = row.cursor_seq;
    for (const e of events) {
      if (this.closed) break;
      if (holdForGap(prevSeq, e, this.deps.now())) {
        // A younger seq is missing: its transaction may still commit (PostgreSQL identities commit out of order).
        if (skipTo > row.cursor_seq) await this.deps.repo.advanceCursor(id, skipTo);
        s.nextAtMs = this.deps.now() + GAP_RECHECK_MS;
        return false;
      }
      prevSeq = e.seq;
      if (!matchesFilters(filters, e)) {
        skipTo = e.seq;
        continue;
      }
      if (skipTo > row.cursor_seq) await this.deps.repo.advanceCursor(id, skipTo);
      const ok = await this.deliver(row, s, e, 'event', null);
      if (!ok) {
        s.backlog = Math.max(0, lastSeq - (skipTo > row.cursor_seq ? skipTo : row.cursor_seq));
        return false;
      }
      skipTo = e.seq;
      s.backlog = Math.max(0, lastSeq - e.seq);
    }
    if (skipTo > row.cursor_seq) await this.deps.repo.advanceCursor(id, skipTo);
    s.oldestPendingMs = null;
    if (events.length === batch) return true;
    if (row.replay) return this.replayRound(row, s);
    return false;
  }

  private async replayRound(row: WebhookRow, s: SubState): Promise<boolean> {
    const replay = JSON.parse(row.replay ?? 'null') as PendingReplay | null;
    if (!replay) return false;
    const filters = parseFilters(row.filters);
    const events = await this.deps.log.after(replay.cursor, this.deps.config.batchSize);
    let cursor = replay.cursor;
    let finished = events.length < this.deps.config.batchSize;
    for (const e of events) {
      if (this.closed) break;
      if (e.seq > replay.toSeq) {
        finished = true;
        break;
      }
      const t = e.occurredAtMs;
      if (t >= replay.fromMs && t < replay.toMs && matchesFilters(filters, e)) {
        const ok = await this.deliver(row, s, e, 'replay', replay);
        if (!ok) {
          await this.deps.repo.setReplay(row.id, JSON.stringify({ ...replay, cursor }));
          return false;
        }
      }
      cursor = e.seq;
    }
    if (cursor >= replay.toSeq) finished = true;
    await this.deps.repo.setReplay(row.id, finished ? null : JSON.stringify({ ...replay, cursor }));
    return !finished;
  }

  /** Delivers one event; true when the caller may move past it (2xx, or given up). */
  private async deliver(row: WebhookRow, s: SubState, e: StoredEvent, kind: 'event' | 'replay', replay: PendingReplay | null): Promise<boolean> {
    const now = this.deps.now();
    if (!s.deliveryFor || s.deliveryFor.seq !== e.seq || s.deliveryFor.kind !== kind) {
      s.deliveryFor = { seq: e.seq, kind, id: newTimeOrderedId('dlv', now) };
    }
    const deliveryId = s.deliveryFor.id;
    const idempotencyKey = kind === 'replay' && replay ? `${row.id}:${e.id}:${e.seq}:replay-${replay.id}` : `${row.id}:${e.id}:${e.seq}`;
    const payload = {
      id: deliveryId,
      idempotencyKey,
      kind,
      ...(replay ? { replay: { id: replay.id, from: new Date(replay.fromMs).toISOString(), to: new Date(replay.toMs).toISOString() } } : {}),
      event: e,
      links: eventLinks(this.deps.config.publicBaseUrl, e),
    };
    const body = JSON.stringify(payload);
    const headers: Record<string, string> = {
      'x-argus-delivery': deliveryId,
      'x-argus-idempotency-key': idempotencyKey,
      'x-argus-event-id': e.id,
      'x-argus-seq': String(e.seq),
      'x-argus-kind': kind,
      ...(replay ? { 'x-argus-replay': replay.id } : {}),
    };
    const result = await this.post(row, body, headers);
    const attempt = s.attempt + 1;
    if (result.error === null) {
      if (kind === 'event') await this.deps.repo.advanceCursor(row.id, e.seq);
      this.counters.delivered++;
      await this.logAttempt(row.id, deliveryId, kind, e, attempt, result);
      Object.assign(s, { attempt: 0, firstFailureMs: null, nextAtMs: 0, lastError: null, deliveryFor: null, oldestPendingMs: null });
      return true;
    }
    const first = s.firstFailureMs ?? now;
    if (shouldGiveUp(first, this.deps.now(), this.deps.config.giveUpAfterHours)) {
      this.counters.gaveUp++;
      await this.logAttempt(row.id, deliveryId, kind, e, attempt, result, 'gave_up');
      if (kind === 'event') await this.deps.repo.advanceCursor(row.id, e.seq);
      Object.assign(s, { attempt: 0, firstFailureMs: null, nextAtMs: 0, lastError: result.error, deliveryFor: null, oldestPendingMs: null });
      return true;
    }
    this.counters.failed++;
    await this.logAttempt(row.id, deliveryId, kind, e, attempt, result, 'failed');
    s.attempt = attempt;
    s.firstFailureMs = first;
    s.lastError = result.error;
    s.oldestPendingMs = e.createdAtMs;
    s.nextAtMs = this.deps.now() + backoffDelay(attempt, { initialMs: this.deps.config.backoffBaseMs, maxMs: this.deps.config.backoffMaxMs }, () => this.deps.random());
    return false;
  }

  private async post(row: WebhookRow, body: string, headers: Record<string, string>): Promise<SendResult> {
    const secret = this.deps.openSecret(row.secret_enc);
    const signature = signWebhook(secret, body, Math.floor(this.deps.now() / 1000));
    return this.deps.sender.send(row.url, body, { ...headers, 'x-argus-signature': signature });
  }

  private async logAttempt(
    subscriptionId: string,
    deliveryId: string,
    kind: DeliveryKind,
    e: StoredEvent | null,
    attempt: number,
    r: SendResult,
    outcome: DeliveryOutcome = r.error === null ? 'delivered' : 'failed',
  ): Promise<void> {
    const now = this.deps.now();
    await this.deps.repo.logDelivery({
      id: newTimeOrderedId('whd', now),
      subscription_id: subscriptionId,
      delivery_id: deliveryId,
      kind,
      event_id: e?.id ?? null,
      seq: e?.seq ?? null,
      attempt,
      outcome,
      status_code: r.statusCode,
      duration_ms: r.durationMs,
      error: r.error ? r.error.slice(0, 500) : null,
      at_ms: now,
    });
  }
}
