import type { ExpectationRow } from './expectations';

/*
 * Written from packages/domain/src/roles.ts (see expectations.ts): tasks.read = viewer, operator, administrator (the
 * token is a viewer); tasks.manage = operator, administrator. The auditor holds neither, so a task or template is
 * `hidden` for them; creating a task over a camera they can see (cameras.read) is `forbidden`, as is saving a template
 * in a domain they can see (domains.read). Built-in templates and the algorithm registry are readable by everyone signed in.
 */
const READ = { R: 'ok|ok', A: 'ok|hidden', O: 'ok|hidden', V: 'ok|hidden', U: 'hidden|hidden', T: 'ok|hidden', N: 'unauth|unauth' };
const MANAGE = { R: 'ok|ok', A: 'ok|hidden', O: 'ok|hidden', V: 'forbidden|hidden', U: 'hidden|hidden', T: 'forbidden|hidden', N: 'unauth|unauth' };
const CREATE = { R: 'ok|ok', A: 'ok|hidden', O: 'ok|hidden', V: 'forbidden|hidden', U: 'forbidden|hidden', T: 'forbidden|hidden', N: 'unauth|unauth' };
const ANYONE = { R: 'ok', A: 'ok', O: 'ok', V: 'ok', U: 'ok', T: 'ok', N: 'unauth' };

/** Expected outcomes of the task center and rules (issue 6) slice, written from packages/domain/src/roles.ts (see expectations.ts). */
export const TASK_EXPECTATIONS: Record<string, ExpectationRow> = {
  // cameras.read + recordings.view: not the auditor, who sees the camera (403)
  'GET /api/cameras/{id}/snapshot.jpg':  { R: 'ok|ok', A: 'ok|hidden', O: 'ok|hidden', V: 'ok|hidden', U: 'forbidden|hidden', T: 'ok|hidden', N: 'unauth|unauth' },
  'GET /api/algorithms':                 ANYONE,
  // tasks.read anywhere (the auditor has none: 403); the per-job parts are filtered to readable tasks
  'GET /api/analysis/load':              { R: 'ok', A: 'ok', O: 'ok', V: 'ok', U: 'forbidden', T: 'ok', N: 'unauth' },
  // tasks.manage anywhere (viewer, token and auditor: 403)
  'POST /api/analysis/uploads':          { R: 'ok', A: 'ok', O: 'ok', V: 'forbidden', U: 'forbidden', T: 'forbidden', N: 'unauth' },
  'GET /api/tasks':                      ANYONE,
  'POST /api/tasks':                     CREATE,
  'GET /api/tasks/{id}':                 READ,
  'PATCH /api/tasks/{id}':               MANAGE,
  'DELETE /api/tasks/{id}':              MANAGE,
  'POST /api/tasks/{id}/pause':          MANAGE,
  'POST /api/tasks/{id}/resume':         MANAGE,
  'GET /api/tasks/{id}/status':          READ,
  'GET /api/tasks/{id}/counts':          READ,
  'POST /api/tasks/{id}/runs':           MANAGE,
  'GET /api/task-runs/{id}':             READ,
  'GET /api/tasks/{id}/runs':            READ,
  'POST /api/task-runs/{id}/cancel':     MANAGE,
  'GET /api/task-templates':             ANYONE,
  'POST /api/task-templates':            CREATE,
  'DELETE /api/task-templates/{id}':     MANAGE,
  'POST /api/task-templates/{id}/apply': MANAGE,
};
