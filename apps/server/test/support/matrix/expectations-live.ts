import type { ExpectationRow } from './expectations';

/**
 * Expected outcomes of the live view (issue 4) slice, written from packages/domain/src/roles.ts (see expectations.ts).
 * live.view: viewer, operator, administrator (and the viewer token); the auditor sees cameras but no video. Live
 * tokens are bound to the session that made them (R's), so everyone else gets "does not exist" for them.
 */
export const LIVE_EXPECTATIONS: Record<string, ExpectationRow> = {
  'POST /api/cameras/{id}/live':          { R: 'ok|ok', A: 'ok|hidden', O: 'ok|hidden', V: 'ok|hidden', U: 'forbidden|hidden', T: 'ok|hidden', N: 'unauth|unauth' },
  'GET /api/live/stats':                  { R: 'ok', A: 'ok', O: 'ok', V: 'ok', U: 'ok', T: 'ok', N: 'unauth' },
  'GET /api/live/hls/{id}/index.m3u8':    { R: 'ok|ok', A: 'hidden|hidden', O: 'hidden|hidden', V: 'hidden|hidden', U: 'hidden|hidden', T: 'hidden|hidden', N: 'unauth|unauth' },
};
