import { Type } from 'typebox';
import { callerOf } from '../../http/request-context';
import { errorResponses, IdParams } from '../../http/schemas';
import type { ArgusApp } from '../../http/types';
import type { TaskRuns } from './task-runs';
import { TaskRunBody, TaskRunPage, TaskRunsQuery } from './task-runs.schemas';

const Run = Type.Ref('TaskRun');

/** Offline runs of a task (task-runs.ts): start, list, progress, cancel. */
export function registerTaskRunRoutes(app: ArgusApp, runs: TaskRuns): void {
  app.post('/api/tasks/:id/runs', {
    schema: {
      tags: ['tasks'],
      summary: 'Run the task offline over a video file ({cameraId, file}) or the camera\'s recording of a time range ({cameraId, from, to}); same events, origin offline; poll GET /api/task-runs/{id}',
      params: IdParams, body: TaskRunBody, response: { 202: Run, ...errorResponses(403, 404, 409) },
    },
  }, async (req, reply) => reply.status(202).send(await runs.start(callerOf(req), req.params.id, req.body)));

  app.get('/api/tasks/:id/runs', {
    schema: { tags: ['tasks'], summary: 'Offline runs of a task, newest first; cursor pagination', params: IdParams, querystring: TaskRunsQuery, response: { 200: TaskRunPage, ...errorResponses(404) } },
  }, (req) => runs.list(callerOf(req), req.params.id, req.query));

  app.get('/api/task-runs/:id', {
    schema: { tags: ['tasks'], summary: 'An offline run: state, progress, events, covered ranges and gaps', params: IdParams, response: { 200: Run, ...errorResponses(404) } },
  }, (req) => runs.get(callerOf(req), req.params.id));

  app.post('/api/task-runs/:id/cancel', {
    schema: { tags: ['tasks'], summary: 'Stops a running offline run (events already published stay)', params: IdParams, response: { 200: Run, ...errorResponses(403, 404, 409) } },
  }, (req) => runs.cancel(callerOf(req), req.params.id));
}
