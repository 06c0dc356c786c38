import type { ExpectationRow } from './expectations';

/*
 * Expected outcomes of the event center (issue 7) slice, written from packages/domain/src/roles.ts (see expectations.ts):
 * events.read (viewer, operator, administrator; the token is a viewer) reads events, incidents and tickets of the
 * cameras' domains; events.act (operator, administrator) reviews, annotates, assigns, groups and tickets them. The
 * auditor holds no events right: every event is hidden from it, lists are empty, the stream and reports are forbidden.
 * RegionB targets are hidden from every RegionA principal.
 */
const READ: ExpectationRow = { R: 'ok|ok', A: 'ok|hidden', O: 'ok|hidden', V: 'ok|hidden', U: 'hidden|hidden', T: 'ok|hidden', N: 'unauth|unauth' };
const ACT: ExpectationRow = { R: 'ok|ok', A: 'ok|hidden', O: 'ok|hidden', V: 'forbidden|hidden', U: 'hidden|hidden', T: 'forbidden|hidden', N: 'unauth|unauth' };
const LIST: ExpectationRow = { R: 'ok', A: 'ok', O: 'ok', V: 'ok', U: 'empty', T: 'ok', N: 'unauth' };
const READER: ExpectationRow = { R: 'ok', A: 'ok', O: 'ok', V: 'ok', U: 'forbidden', T: 'ok', N: 'unauth' };

export const EVENT_EXPECTATIONS: Record<string, ExpectationRow> = {
  'GET /api/events':                     { R: 'ok|ok', A: 'ok|empty', O: 'ok|empty', V: 'ok|empty', U: 'empty|empty', T: 'ok|empty', N: 'unauth|unauth' },
  'GET /api/events/stream':              READER,
  // creating needs events.act; the auditor sees the camera (cameras.read) but may not act: 403
  'POST /api/events':                    { R: 'ok|ok', A: 'ok|hidden', O: 'ok|hidden', V: 'forbidden|hidden', U: 'forbidden|hidden', T: 'forbidden|hidden', N: 'unauth|unauth' },
  'GET /api/events/{id}':                READ,
  'GET /api/events/{id}/snapshot.jpg':   READ,
  'GET /api/events/{id}/crop.jpg':       READ,
  'POST /api/events/{id}/review':        ACT,
  'POST /api/events/{id}/notes':         ACT,
  'POST /api/events/{id}/assign':        ACT,
  'POST /api/incidents':                 ACT,
  'GET /api/incidents':                  LIST,
  'GET /api/incidents/{id}':             READ,
  'POST /api/incidents/{id}/events':     ACT,
  'POST /api/tickets':                   ACT,
  'GET /api/tickets':                    LIST,
  'GET /api/tickets/{id}':               READ,
  'PATCH /api/tickets/{id}':             ACT,
  'POST /api/tickets/{id}/comments':     ACT,
  // the caller's own notifications: everyone signed in
  'GET /api/me/notifications':           { R: 'ok', A: 'ok', O: 'ok', V: 'ok', U: 'ok', T: 'ok', N: 'unauth' },
  'POST /api/me/notifications/{id}/read': { R: 'ok', A: 'ok', O: 'ok', V: 'ok', U: 'ok', T: 'ok', N: 'unauth' },
  'GET /api/reports/events':             READER,
  'GET /api/reports/counts':             READER,
};
