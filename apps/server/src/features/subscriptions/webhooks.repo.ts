import type { Kysely } from 'kysely';
import type { Database } from '../../adapters/db';
import type { WebhookDeliveriesTable, WebhookSubscriptionsTable } from '../../adapters/db/tables-subscriptions';

export type WebhookRow = Omit<WebhookSubscriptionsTable, 'cursor_seq'> & { cursor_seq: number };
export type DeliveryRow = Omit<WebhookDeliveriesTable, 'seq' | 'at_ms'> & { seq: number | null; at_ms: number };

const toRow = (r: { cursor_seq: number | string } & Omit<WebhookSubscriptionsTable, 'cursor_seq'>): WebhookRow => ({ ...r, cursor_seq: Number(r.cursor_seq) });

/** Storage of webhook subscriptions, their cursors and the delivery log; the cursor of other durable targets. */
export class WebhooksRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async all(): Promise<WebhookRow[]> {
    const rows = await this.db.selectFrom('webhook_subscriptions').selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map(toRow);
  }

  async get(id: string): Promise<WebhookRow | null> {
    const r = await this.db.selectFrom('webhook_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toRow(r) : null;
  }

  async insert(row: WebhookRow): Promise<void> {
    await this.db.insertInto('webhook_subscriptions').values(row).execute();
  }

  async update(id: string, patch: Partial<Omit<WebhookRow, 'id' | 'cursor_seq'>>): Promise<void> {
    await this.db.updateTable('webhook_subscriptions').set(patch).where('id', '=', id).execute();
  }

  /** Moves the cursor forward only (a stale writer can never move it back). */
  async advanceCursor(id: string, seq: number): Promise<void> {
    await this.db.updateTable('webhook_subscriptions').set({ cursor_seq: seq }).where('id', '=', id).where('cursor_seq', '<', seq).execute();
  }

  async setReplay(id: string, replay: string | null): Promise<void> {
    await this.db.updateTable('webhook_subscriptions').set({ replay }).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<boolean> {
    await this.db.deleteFrom('webhook_deliveries').where('subscription_id', '=', id).execute();
    const r = await this.db.deleteFrom('webhook_subscriptions').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async logDelivery(row: DeliveryRow): Promise<void> {
    await this.db.insertInto('webhook_deliveries').values(row).execute();
  }

  /** Newest first; `before` is the id of the last row of the previous page (ids are time-ordered). */
  async deliveries(subscriptionId: string, limit: number, before?: string): Promise<DeliveryRow[]> {
    let q = this.db.selectFrom('webhook_deliveries').selectAll().where('subscription_id', '=', subscriptionId);
    if (before) q = q.where('id', '<', before);
    const rows = await q.orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({ ...r, seq: r.seq === null ? null : Number(r.seq), at_ms: Number(r.at_ms) }));
  }

  async lastDelivery(subscriptionId: string): Promise<DeliveryRow | null> {
    return (await this.deliveries(subscriptionId, 1))[0] ?? null;
  }

  async pruneDeliveries(olderThanMs: number): Promise<number> {
    const r = await this.db.deleteFrom('webhook_deliveries').where('at_ms', '<', olderThanMs).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async targetCursor(target: string): Promise<number | null> {
    const r = await this.db.selectFrom('subscription_cursors').select('cursor_seq').where('target', '=', target).executeTakeFirst();
    return r ? Number(r.cursor_seq) : null;
  }

  async setTargetCursor(target: string, seq: number, nowIso: string): Promise<void> {
    const updated = await this.db
      .updateTable('subscription_cursors')
      .set({ cursor_seq: seq, updated_at: nowIso })
      .where('target', '=', target)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) await this.db.insertInto('subscription_cursors').values({ target, cursor_seq: seq, updated_at: nowIso }).execute();
  }
}
