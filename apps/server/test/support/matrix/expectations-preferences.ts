import type { ExpectationRow } from './expectations';

/**
 * Expected outcomes of the per-user preferences slice, written from packages/domain/src/roles.ts (see expectations.ts).
 * Preferences need no permission: every signed-in principal owns its own (the token acts for its creator); only the
 * anonymous caller is refused. That nobody reaches another user's preferences is proven in preferences-api.test.ts.
 */
export const PREFERENCE_EXPECTATIONS: Record<string, ExpectationRow> = {
  'GET /api/me/preferences/{key}':    { R: 'ok', A: 'ok', O: 'ok', V: 'ok', U: 'ok', T: 'ok', N: 'unauth' },
  'PUT /api/me/preferences/{key}':    { R: 'ok', A: 'ok', O: 'ok', V: 'ok', U: 'ok', T: 'ok', N: 'unauth' },
  'DELETE /api/me/preferences/{key}': { R: 'ok', A: 'ok', O: 'ok', V: 'ok', U: 'ok', T: 'ok', N: 'unauth' },
};
