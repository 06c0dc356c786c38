import { randomBytes } from 'node:crypto';
import type { Db } from '../../../src/adapters/db';
import { SecretBox } from '../../../src/security/secret-box';
import { WebhookDispatcher } from '../../../src/features/subscriptions/webhook-dispatcher';
import { createHttpWebhookSender } from '../../../src/features/subscriptions/webhook-sender';
import { EMPTY_FILTERS, type WebhookFilters } from '../../../src/features/subscriptions/webhook-filters';
import { WebhooksRepo } from '../../../src/features/subscriptions/webhooks.repo';
import type { WebhookDeliveryConfig } from '../../../src/features/subscriptions/subscriptions.config';
import type { EventLog } from '../../../src/features/events/event-port';

export const FAST_DELIVERY: WebhookDeliveryConfig = {
  timeoutMs: 2000,
  concurrency: 4,
  batchSize: 50,
  backoffBaseMs: 100,
  backoffMaxMs: 1000,
  giveUpAfterHours: 24,
  deliveryLogDays: 14,
  publicBaseUrl: '',
};

/** A dispatcher over a real database and the real HTTP sender (private targets allowed: the receiver is on 127.0.0.1). */
export function makeDispatcher(db: Db, log: EventLog, box: SecretBox, config: Partial<WebhookDeliveryConfig> = {}): { dispatcher: WebhookDispatcher; repo: WebhooksRepo } {
  const repo = new WebhooksRepo(db.kysely);
  const cfg = { ...FAST_DELIVERY, ...config };
  const dispatcher = new WebhookDispatcher({
    repo,
    log,
    sender: createHttpWebhookSender({ timeoutMs: cfg.timeoutMs, allowPrivate: () => true }),
    openSecret: (s) => box.open(s),
    now: () => Date.now(),
    random: Math.random,
    config: cfg,
    pollMs: 200,
  });
  return { dispatcher, repo };
}

export function newBox(): SecretBox {
  return new SecretBox(randomBytes(32));
}

export async function insertWebhook(repo: WebhooksRepo, box: SecretBox, input: { id: string; url: string; secret: string; cursor?: number; filters?: Partial<WebhookFilters> }): Promise<void> {
  const now = new Date().toISOString();
  await repo.insert({
    id: input.id,
    name: input.id,
    url: input.url,
    enabled: 1,
    filters: JSON.stringify({ ...EMPTY_FILTERS, ...input.filters }),
    secret_enc: box.seal(input.secret),
    cursor_seq: input.cursor ?? 0,
    replay: null,
    created_at: now,
    updated_at: now,
  });
}
