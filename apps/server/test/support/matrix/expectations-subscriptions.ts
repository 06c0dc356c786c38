import type { ExpectationRow } from './expectations';

/**
 * Expected outcomes of the webhook and MQTT subscriptions (issue 7) slice, written from packages/domain/src/roles.ts (see expectations.ts).
 * subscriptions.manage is held by administrators only, and subscriptions are organisation-wide: the permission must
 * hold on the root domain, so only R may do anything; A (administrator of RegionA only) is refused like the rest.
 */
export const SUBSCRIPTION_EXPECTATIONS: Record<string, ExpectationRow> = {
  'GET /api/subscriptions/webhooks':                           { R: 'ok', A: 'forbidden', O: 'forbidden', V: 'forbidden', U: 'forbidden', T: 'forbidden', N: 'unauth' },
  'POST /api/subscriptions/webhooks':                          { R: 'ok', A: 'forbidden', O: 'forbidden', V: 'forbidden', U: 'forbidden', T: 'forbidden', N: 'unauth' },
  'GET /api/subscriptions/webhooks/{id}':                      { R: 'ok', A: 'forbidden', O: 'forbidden', V: 'forbidden', U: 'forbidden', T: 'forbidden', N: 'unauth' },
  'PATCH /api/subscriptions/webhooks/{id}':                    { R: 'ok', A: 'forbidden', O: 'forbidden', V: 'forbidden', U: 'forbidden', T: 'forbidden', N: 'unauth' },
  'DELETE /api/subscriptions/webhooks/{id}':                   { R: 'ok', A: 'forbidden', O: 'forbidden', V: 'forbidden', U: 'forbidden', T: 'forbidden', N: 'unauth' },
  'POST /api/subscriptions/webhooks/{id}/rotate-secret':       { R: 'ok', A: 'forbidden', O: 'forbidden', V: 'forbidden', U: 'forbidden', T: 'forbidden', N: 'unauth' },
  'GET /api/subscriptions/webhooks/{id}/deliveries':           { R: 'ok', A: 'forbidden', O: 'forbidden', V: 'forbidden', U: 'forbidden', T: 'forbidden', N: 'unauth' },
  'POST /api/subscriptions/webhooks/{id}/replay':              { R: 'ok', A: 'forbidden', O: 'forbidden', V: 'forbidden', U: 'forbidden', T: 'forbidden', N: 'unauth' },
  'POST /api/subscriptions/webhooks/{id}/test':                { R: 'ok', A: 'forbidden', O: 'forbidden', V: 'forbidden', U: 'forbidden', T: 'forbidden', N: 'unauth' },
  'GET /api/subscriptions/mqtt':                               { R: 'ok', A: 'forbidden', O: 'forbidden', V: 'forbidden', U: 'forbidden', T: 'forbidden', N: 'unauth' },
};
