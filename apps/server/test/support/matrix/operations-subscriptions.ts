import type { Builder, BuildContext } from './operations';
import { none } from './plan-helpers';

/*
 * Webhook subscriptions are organisation-wide: every operation needs subscriptions.manage on the root domain, which
 * only the root administrator holds. Everyone else is refused with 403 before any lookup (nothing about a webhook's
 * existence leaks), so the operations are untargeted. The URL is public-looking (the matrix server keeps
 * allowPrivateTargets off); deliveries to it simply fail and are retried, which the matrix does not look at.
 */
const HOOK_URL = 'https://hooks.example.invalid/argus';

async function webhook(ctx: BuildContext): Promise<string> {
  const r = await ctx.org.t.admin.post('/api/subscriptions/webhooks', { name: ctx.f.uniq('matrix-hook'), url: HOOK_URL });
  if (r.status !== 201) throw new Error(`matrix webhook: ${r.status} ${r.text}`);
  return (r.body as { webhook: { id: string } }).webhook.id;
}

function rows(ctx: BuildContext, id: string): () => Promise<string> {
  const db = ctx.org.t.server.container.db.kysely;
  return async () => JSON.stringify(await db.selectFrom('webhook_subscriptions').select(['id', 'name', 'url', 'enabled', 'filters', 'secret_enc', 'replay']).where('id', '=', id).execute());
}

/** How to exercise each operation of the webhook and MQTT subscriptions (issue 7) slice; see operations.ts for the helpers. */
export const SUBSCRIPTION_BUILDERS: Record<string, Builder> = {
  'GET /api/subscriptions/webhooks': none(async (ctx) => {
    await webhook(ctx);
    return { method: 'GET', url: '/api/subscriptions/webhooks', subjects: [] };
  }),
  'POST /api/subscriptions/webhooks': none((ctx) => ({
    method: 'POST',
    url: '/api/subscriptions/webhooks',
    body: { name: ctx.f.uniq('matrix-new-hook'), url: HOOK_URL },
    subjects: [],
    state: async () => JSON.stringify(await ctx.org.t.server.container.db.kysely.selectFrom('webhook_subscriptions').select('id').orderBy('id').execute()),
  })),
  'GET /api/subscriptions/webhooks/{id}': none(async (ctx) => ({ method: 'GET', url: `/api/subscriptions/webhooks/${await webhook(ctx)}`, subjects: [] })),
  'PATCH /api/subscriptions/webhooks/{id}': none(async (ctx) => {
    const id = await webhook(ctx);
    return { method: 'PATCH', url: `/api/subscriptions/webhooks/${id}`, body: { name: ctx.f.uniq('renamed-hook'), enabled: false }, subjects: [], state: rows(ctx, id) };
  }),
  'DELETE /api/subscriptions/webhooks/{id}': none(async (ctx) => {
    const id = await webhook(ctx);
    return { method: 'DELETE', url: `/api/subscriptions/webhooks/${id}`, subjects: [], state: rows(ctx, id) };
  }),
  'POST /api/subscriptions/webhooks/{id}/rotate-secret': none(async (ctx) => {
    const id = await webhook(ctx);
    return { method: 'POST', url: `/api/subscriptions/webhooks/${id}/rotate-secret`, body: {}, subjects: [], state: rows(ctx, id) };
  }),
  'GET /api/subscriptions/webhooks/{id}/deliveries': none(async (ctx) => ({ method: 'GET', url: `/api/subscriptions/webhooks/${await webhook(ctx)}/deliveries`, subjects: [] })),
  'POST /api/subscriptions/webhooks/{id}/replay': none(async (ctx) => {
    const id = await webhook(ctx);
    const now = Date.now();
    return {
      method: 'POST',
      url: `/api/subscriptions/webhooks/${id}/replay`,
      body: { from: new Date(now - 3600_000).toISOString(), to: new Date(now).toISOString() },
      subjects: [],
      state: rows(ctx, id),
    };
  }),
  'POST /api/subscriptions/webhooks/{id}/test': none(async (ctx) => ({ method: 'POST', url: `/api/subscriptions/webhooks/${await webhook(ctx)}/test`, body: {}, subjects: [] })),
  'GET /api/subscriptions/mqtt': none(() => ({ method: 'GET', url: '/api/subscriptions/mqtt', subjects: [] })),
};
