import { EVENT_EXPECTATIONS } from './expectations-events';
import { LIVE_EXPECTATIONS } from './expectations-live';
import { SUBSCRIPTION_EXPECTATIONS } from './expectations-subscriptions';
import { TASK_EXPECTATIONS } from './expectations-tasks';
import { PREFERENCE_EXPECTATIONS } from './expectations-preferences';
import type { PrincipalKey } from './org';

/**
 * Outcome classes.
 * ok: 2xx (for filtered lists: with at least one item). forbidden: 403, the caller sees the thing but may not do this.
 * hidden: the answer is exactly the one for an id that does not exist (404, or 400 "does not exist" for an id inside
 * a body), so existence does not leak. empty: 200 with no items (a filter on something not visible). invalid: 400
 * for another reason. unauth: 401. refused: 403 or 404 (either is a sound design; used only in the cross checks).
 */
export type Outcome = 'ok' | 'forbidden' | 'hidden' | 'empty' | 'invalid' | 'unauth' | 'refused';

/** Per principal: `in|out` (a target in StoreA1/RegionA | one in RegionB), or one outcome for untargeted operations. */
export type ExpectationRow = Record<PrincipalKey, string>;

/*
 * Written from packages/domain/src/roles.ts, not from the server's answers:
 *   viewer   = domains.read cameras.read live.view recordings.view events.read tasks.read
 *   operator = viewer + cameras.manage cameras.probe recordings.export events.act tasks.manage tokens.manage
 *   auditor  = domains.read cameras.read users.read audit.read          (no video, no changes)
 *   administrator = everything (also subscriptions.manage, which only administrators hold).   A grant holds on its domain and every sub-domain, nowhere else.
 * Nobody in RegionA holds anything on RegionB, so every RegionB target is `hidden` for A/O/V/U/T (or `empty` for
 * a list filter), and `forbidden` where the caller holds no right of that kind anywhere (users.manage for creating
 * users, tokens.manage for tokens, audit.read for the log). The token is a viewer on StoreA1 and, being a token,
 * may never create tokens. Seeing a user needs users.read on one of their grants; changing one needs users.manage
 * on all of them; other people's tokens are revoked with users.manage on the token's domain.
 */
export const EXPECTATIONS: Record<string, ExpectationRow> = {
  // public
  'GET /api/health/live':              { R: 'ok', A: 'ok', O: 'ok', V: 'ok', U: 'ok', T: 'ok', N: 'ok' },
  'GET /api/health':                   { R: 'ok', A: 'ok', O: 'ok', V: 'ok', U: 'ok', T: 'ok', N: 'ok' },
  'GET /metrics':                      { R: 'ok', A: 'ok', O: 'ok', V: 'ok', U: 'ok', T: 'ok', N: 'ok' },
  'GET /api/setup':                    { R: 'ok', A: 'ok', O: 'ok', V: 'ok', U: 'ok', T: 'ok', N: 'ok' },
  'POST /api/setup':                   { R: 'forbidden', A: 'forbidden', O: 'forbidden', V: 'forbidden', U: 'forbidden', T: 'forbidden', N: 'forbidden' },
  'POST /api/auth/sign-in':            { R: 'ok', A: 'ok', O: 'ok', V: 'ok', U: 'ok', T: 'ok', N: 'ok' },
  // the caller itself
  'POST /api/auth/sign-out':           { R: 'ok', A: 'ok', O: 'ok', V: 'ok', U: 'ok', T: 'ok', N: 'unauth' },
  'GET /api/auth/me':                  { R: 'ok', A: 'ok', O: 'ok', V: 'ok', U: 'ok', T: 'ok', N: 'unauth' },
  'GET /api/roles':                    { R: 'ok', A: 'ok', O: 'ok', V: 'ok', U: 'ok', T: 'ok', N: 'unauth' },
  'GET /api/tokens':                   { R: 'ok', A: 'ok', O: 'ok', V: 'ok', U: 'ok', T: 'ok', N: 'unauth' },
  // organisation (domains.read everywhere in scope, domains.manage for administrators)
  'GET /api/domains':                  { R: 'ok', A: 'ok', O: 'ok', V: 'ok', U: 'ok', T: 'ok', N: 'unauth' },
  'POST /api/domains':                 { R: 'ok|ok', A: 'ok|hidden', O: 'forbidden|hidden', V: 'forbidden|hidden', U: 'forbidden|hidden', T: 'forbidden|hidden', N: 'unauth|unauth' },
  'GET /api/domains/{id}':             { R: 'ok|ok', A: 'ok|hidden', O: 'ok|hidden', V: 'ok|hidden', U: 'ok|hidden', T: 'ok|hidden', N: 'unauth|unauth' },
  'PATCH /api/domains/{id}':           { R: 'ok|ok', A: 'ok|hidden', O: 'forbidden|hidden', V: 'forbidden|hidden', U: 'forbidden|hidden', T: 'forbidden|hidden', N: 'unauth|unauth' },
  'DELETE /api/domains/{id}':          { R: 'ok|ok', A: 'ok|hidden', O: 'forbidden|hidden', V: 'forbidden|hidden', U: 'forbidden|hidden', T: 'forbidden|hidden', N: 'unauth|unauth' },
  // users (users.read: administrator, auditor; users.manage: administrator)
  'GET /api/users':                    { R: 'ok', A: 'ok', O: 'forbidden', V: 'forbidden', U: 'ok', T: 'forbidden', N: 'unauth' },
  'POST /api/users':                   { R: 'ok|ok', A: 'ok|hidden', O: 'forbidden|forbidden', V: 'forbidden|forbidden', U: 'forbidden|forbidden', T: 'forbidden|forbidden', N: 'unauth|unauth' },
  'GET /api/users/{id}':               { R: 'ok|ok', A: 'ok|hidden', O: 'hidden|hidden', V: 'hidden|hidden', U: 'ok|hidden', T: 'hidden|hidden', N: 'unauth|unauth' },
  'PATCH /api/users/{id}':             { R: 'ok|ok', A: 'ok|hidden', O: 'hidden|hidden', V: 'hidden|hidden', U: 'forbidden|hidden', T: 'hidden|hidden', N: 'unauth|unauth' },
  'DELETE /api/users/{id}':            { R: 'ok|ok', A: 'ok|hidden', O: 'hidden|hidden', V: 'hidden|hidden', U: 'forbidden|hidden', T: 'hidden|hidden', N: 'unauth|unauth' },
  'PUT /api/users/{id}/grants':        { R: 'ok|ok', A: 'ok|hidden', O: 'hidden|hidden', V: 'hidden|hidden', U: 'forbidden|hidden', T: 'hidden|hidden', N: 'unauth|unauth' },
  'POST /api/users/{id}/password':     { R: 'ok|ok', A: 'ok|hidden', O: 'hidden|hidden', V: 'hidden|hidden', U: 'forbidden|hidden', T: 'hidden|hidden', N: 'unauth|unauth' },
  // API tokens (tokens.manage: administrator, operator; never a token)
  'POST /api/tokens':                  { R: 'ok|ok', A: 'ok|hidden', O: 'ok|hidden', V: 'forbidden|hidden', U: 'forbidden|hidden', T: 'forbidden|forbidden', N: 'unauth|unauth' },
  'DELETE /api/tokens/{id}':           { R: 'ok|ok', A: 'ok|hidden', O: 'hidden|hidden', V: 'hidden|hidden', U: 'forbidden|hidden', T: 'hidden|hidden', N: 'unauth|unauth' },
  // cameras (cameras.read: all roles; cameras.manage and cameras.probe: administrator, operator)
  'GET /api/cameras':                  { R: 'ok|ok', A: 'ok|empty', O: 'ok|empty', V: 'ok|empty', U: 'ok|empty', T: 'ok|empty', N: 'unauth|unauth' },
  'POST /api/cameras':                 { R: 'ok|ok', A: 'ok|hidden', O: 'ok|hidden', V: 'forbidden|hidden', U: 'forbidden|hidden', T: 'forbidden|hidden', N: 'unauth|unauth' },
  'POST /api/cameras/probe':           { R: 'ok|ok', A: 'ok|hidden', O: 'ok|hidden', V: 'forbidden|hidden', U: 'forbidden|hidden', T: 'forbidden|hidden', N: 'unauth|unauth' },
  'POST /api/cameras/import':          { R: 'ok|ok', A: 'ok|hidden', O: 'ok|hidden', V: 'forbidden|hidden', U: 'forbidden|hidden', T: 'forbidden|hidden', N: 'unauth|unauth' },
  'GET /api/cameras/{id}':             { R: 'ok|ok', A: 'ok|hidden', O: 'ok|hidden', V: 'ok|hidden', U: 'ok|hidden', T: 'ok|hidden', N: 'unauth|unauth' },
  'PATCH /api/cameras/{id}':           { R: 'ok|ok', A: 'ok|hidden', O: 'ok|hidden', V: 'forbidden|hidden', U: 'forbidden|hidden', T: 'forbidden|hidden', N: 'unauth|unauth' },
  'DELETE /api/cameras/{id}':          { R: 'ok|ok', A: 'ok|hidden', O: 'ok|hidden', V: 'forbidden|hidden', U: 'forbidden|hidden', T: 'forbidden|hidden', N: 'unauth|unauth' },
  'POST /api/cameras/{id}/probe':      { R: 'ok|ok', A: 'ok|hidden', O: 'ok|hidden', V: 'forbidden|hidden', U: 'forbidden|hidden', T: 'forbidden|hidden', N: 'unauth|unauth' },
  // camera groups (like cameras)
  'GET /api/camera-groups':            { R: 'ok', A: 'ok', O: 'ok', V: 'ok', U: 'ok', T: 'ok', N: 'unauth' },
  'POST /api/camera-groups':           { R: 'ok|ok', A: 'ok|hidden', O: 'ok|hidden', V: 'forbidden|hidden', U: 'forbidden|hidden', T: 'forbidden|hidden', N: 'unauth|unauth' },
  'GET /api/camera-groups/{id}':       { R: 'ok|ok', A: 'ok|hidden', O: 'ok|hidden', V: 'ok|hidden', U: 'ok|hidden', T: 'ok|hidden', N: 'unauth|unauth' },
  'PATCH /api/camera-groups/{id}':     { R: 'ok|ok', A: 'ok|hidden', O: 'ok|hidden', V: 'forbidden|hidden', U: 'forbidden|hidden', T: 'forbidden|hidden', N: 'unauth|unauth' },
  'PUT /api/camera-groups/{id}/cameras': { R: 'ok|ok', A: 'ok|hidden', O: 'ok|hidden', V: 'forbidden|hidden', U: 'forbidden|hidden', T: 'forbidden|hidden', N: 'unauth|unauth' },
  'DELETE /api/camera-groups/{id}':    { R: 'ok|ok', A: 'ok|hidden', O: 'ok|hidden', V: 'forbidden|hidden', U: 'forbidden|hidden', T: 'forbidden|hidden', N: 'unauth|unauth' },
  // audit log (audit.read: administrator, auditor; entries of their domains only)
  'GET /api/audit':                    { R: 'ok|ok', A: 'ok|empty', O: 'forbidden|forbidden', V: 'forbidden|forbidden', U: 'ok|empty', T: 'forbidden|forbidden', N: 'unauth|unauth' },
  // ---- recording, playback and export (added with the recording slice; rights from roles.ts: recordings.view for
  // viewer/operator/administrator, recordings.export for operator/administrator, cameras.read for state and settings,
  // cameras.manage to change settings; the auditor sees cameras but no video) ----
  'GET /api/cameras/{id}/recordings':         { R: 'ok|ok', A: 'ok|hidden', O: 'ok|hidden', V: 'ok|hidden', U: 'forbidden|hidden', T: 'ok|hidden', N: 'unauth|unauth' },
  'GET /api/cameras/{id}/playback.m3u8':      { R: 'ok|ok', A: 'ok|hidden', O: 'ok|hidden', V: 'ok|hidden', U: 'forbidden|hidden', T: 'ok|hidden', N: 'unauth|unauth' },
  'GET /api/recordings/segments/{id}':        { R: 'ok|ok', A: 'ok|hidden', O: 'ok|hidden', V: 'ok|hidden', U: 'forbidden|hidden', T: 'ok|hidden', N: 'unauth|unauth' },
  'GET /api/recordings/search':               { R: 'ok|ok', A: 'ok|empty', O: 'ok|empty', V: 'ok|empty', U: 'empty|empty', T: 'ok|empty', N: 'unauth|unauth' },
  'GET /api/recordings/status':               { R: 'ok', A: 'ok', O: 'ok', V: 'ok', U: 'ok', T: 'ok', N: 'unauth' },
  'GET /api/cameras/{id}/recording-state':    { R: 'ok|ok', A: 'ok|hidden', O: 'ok|hidden', V: 'ok|hidden', U: 'ok|hidden', T: 'ok|hidden', N: 'unauth|unauth' },
  'GET /api/cameras/{id}/recording-settings': { R: 'ok|ok', A: 'ok|hidden', O: 'ok|hidden', V: 'ok|hidden', U: 'ok|hidden', T: 'ok|hidden', N: 'unauth|unauth' },
  'PUT /api/cameras/{id}/recording-settings': { R: 'ok|ok', A: 'ok|hidden', O: 'ok|hidden', V: 'forbidden|hidden', U: 'forbidden|hidden', T: 'forbidden|hidden', N: 'unauth|unauth' },
  'POST /api/cameras/{id}/exports':           { R: 'ok|ok', A: 'ok|hidden', O: 'ok|hidden', V: 'forbidden|hidden', U: 'forbidden|hidden', T: 'forbidden|hidden', N: 'unauth|unauth' },
  'GET /api/exports':                         { R: 'ok|ok', A: 'ok|empty', O: 'ok|empty', V: 'empty|empty', U: 'empty|empty', T: 'empty|empty', N: 'unauth|unauth' },
  'GET /api/exports/public-key':              { R: 'ok', A: 'ok', O: 'ok', V: 'ok', U: 'ok', T: 'ok', N: 'ok' },
  'POST /api/exports/verify':                 { R: 'ok', A: 'ok', O: 'ok', V: 'ok', U: 'ok', T: 'ok', N: 'unauth' },
  // retention defaults of groups (cameras.read to see, cameras.manage to change) and domains (domains.read / domains.manage);
  // recording holds need recordings.export on the camera
  'GET /api/camera-groups/{id}/recording-settings': { R: 'ok|ok', A: 'ok|hidden', O: 'ok|hidden', V: 'ok|hidden', U: 'ok|hidden', T: 'ok|hidden', N: 'unauth|unauth' },
  'PUT /api/camera-groups/{id}/recording-settings': { R: 'ok|ok', A: 'ok|hidden', O: 'ok|hidden', V: 'forbidden|hidden', U: 'forbidden|hidden', T: 'forbidden|hidden', N: 'unauth|unauth' },
  'GET /api/domains/{id}/recording-settings':       { R: 'ok|ok', A: 'ok|hidden', O: 'ok|hidden', V: 'ok|hidden', U: 'ok|hidden', T: 'ok|hidden', N: 'unauth|unauth' },
  'PUT /api/domains/{id}/recording-settings':       { R: 'ok|ok', A: 'ok|hidden', O: 'forbidden|hidden', V: 'forbidden|hidden', U: 'forbidden|hidden', T: 'forbidden|hidden', N: 'unauth|unauth' },
  'POST /api/cameras/{id}/recording-holds':         { R: 'ok|ok', A: 'ok|hidden', O: 'ok|hidden', V: 'forbidden|hidden', U: 'forbidden|hidden', T: 'forbidden|hidden', N: 'unauth|unauth' },
  // listing holds needs recordings.view (like the recordings), releasing one recordings.export (like placing it)
  'GET /api/cameras/{id}/recording-holds':          { R: 'ok|ok', A: 'ok|hidden', O: 'ok|hidden', V: 'ok|hidden', U: 'forbidden|hidden', T: 'ok|hidden', N: 'unauth|unauth' },
  'DELETE /api/cameras/{id}/recording-holds/{holdId}': { R: 'ok|ok', A: 'ok|hidden', O: 'ok|hidden', V: 'forbidden|hidden', U: 'forbidden|hidden', T: 'forbidden|hidden', N: 'unauth|unauth' },
  'GET /api/exports/{id}':                    { R: 'ok|ok', A: 'ok|hidden', O: 'ok|hidden', V: 'forbidden|hidden', U: 'forbidden|hidden', T: 'forbidden|hidden', N: 'unauth|unauth' },
  'GET /api/exports/{id}/manifest':           { R: 'ok|ok', A: 'ok|hidden', O: 'ok|hidden', V: 'forbidden|hidden', U: 'forbidden|hidden', T: 'forbidden|hidden', N: 'unauth|unauth' },
  'GET /api/exports/{id}/file':               { R: 'ok|ok', A: 'ok|hidden', O: 'ok|hidden', V: 'forbidden|hidden', U: 'forbidden|hidden', T: 'forbidden|hidden', N: 'unauth|unauth' },
  'DELETE /api/exports/{id}':                 { R: 'ok|ok', A: 'ok|hidden', O: 'ok|hidden', V: 'forbidden|hidden', U: 'forbidden|hidden', T: 'forbidden|hidden', N: 'unauth|unauth' },
  // ---- end of the recording block ----
  ...LIVE_EXPECTATIONS,
  ...EVENT_EXPECTATIONS,
  ...SUBSCRIPTION_EXPECTATIONS,
  ...TASK_EXPECTATIONS,
  ...PREFERENCE_EXPECTATIONS,
};

const OUTCOMES: readonly Outcome[] = ['ok', 'forbidden', 'hidden', 'empty', 'invalid', 'unauth', 'refused'];

/** The expected outcome for one principal and side, parsed and checked. */
export function expected(row: ExpectationRow, p: PrincipalKey, side: 'in' | 'out' | 'none'): Outcome {
  const cell = row[p];
  const parts = cell.split('|');
  const pick = side === 'none' ? parts[0] : side === 'in' ? parts[0] : parts[1];
  if (side === 'none' && parts.length !== 1) throw new Error(`expectation "${cell}" for ${p} has two sides but the operation has no target`);
  if (side !== 'none' && parts.length !== 2) throw new Error(`expectation "${cell}" for ${p} needs an in|out pair`);
  if (!pick || !(OUTCOMES as readonly string[]).includes(pick)) throw new Error(`unknown outcome "${pick}" in "${cell}"`);
  return pick as Outcome;
}
