import { Type } from 'typebox';
import { callerOf } from '../../http/request-context';
import { errorResponses, IdParams } from '../../http/schemas';
import type { ArgusApp } from '../../http/types';
import { ALGORITHMS } from './algorithms';
import {
  AlgorithmSchema, ApplyBody, ApplyResultSchema, CountsQuery, CountsSchema, TaskCreateBody, TaskStatusSchema, TaskUpdateBody, TemplateCreateBody, TemplateIdParams, TemplateSchema,
} from './tasks.schemas';
import type { TasksService } from './tasks.service';
import type { TaskRuns } from './task-runs';
import { registerTaskRunRoutes } from './task-runs.routes';

const Task = Type.Ref('AnalysisTask');

const Jpeg = { description: 'JPEG image', content: { 'image/jpeg': { schema: Type.String({ format: 'binary' }) } } };

export function registerTaskRoutes(app: ArgusApp, tasks: TasksService, still: (ctx: ReturnType<typeof callerOf>, cameraId: string) => Promise<Buffer>, runs: TaskRuns): void {
  registerTaskRunRoutes(app, runs);

  app.get('/api/cameras/:id/snapshot.jpg', {
    schema: { tags: ['tasks'], summary: 'A current frame of the camera (for drawing zones and lines); cameras.read and recordings.view', params: IdParams, response: { 200: Jpeg, ...errorResponses(403, 404, 409) } },
  }, async (req, reply) => {
    const bytes = await still(callerOf(req), req.params.id);
    return reply.header('cache-control', 'private, no-store').type('image/jpeg').send(bytes as unknown as string);
  });

  app.get('/api/algorithms', {
    schema: { tags: ['tasks'], summary: 'The built-in analysis algorithms, their versions and the classes they detect', response: { 200: Type.Object({ items: Type.Array(AlgorithmSchema) }), ...errorResponses() } },
  }, () => ({ items: ALGORITHMS.map((a) => ({ ...a })) }));

  app.get('/api/tasks', {
    schema: { tags: ['tasks'], summary: 'Analysis tasks the caller can see', response: { 200: Type.Object({ items: Type.Array(Task) }), ...errorResponses() } },
  }, (req) => tasks.list(callerOf(req)));

  app.post('/api/tasks', {
    schema: { tags: ['tasks'], summary: 'Create an analysis task over cameras, with rules', body: TaskCreateBody, response: { 201: Task, ...errorResponses(403, 409) } },
  }, async (req, reply) => reply.status(201).send(await tasks.create(callerOf(req), req.body)));

  app.get('/api/tasks/:id', {
    schema: { tags: ['tasks'], params: IdParams, response: { 200: Task, ...errorResponses(404) } },
  }, (req) => tasks.get(callerOf(req), req.params.id));

  app.patch('/api/tasks/:id', {
    schema: { tags: ['tasks'], params: IdParams, body: TaskUpdateBody, response: { 200: Task, ...errorResponses(403, 404, 409) } },
  }, (req) => tasks.update(callerOf(req), req.params.id, req.body));

  app.delete('/api/tasks/:id', {
    schema: { tags: ['tasks'], params: IdParams, response: { 204: Type.Null(), ...errorResponses(403, 404) } },
  }, async (req, reply) => {
    await tasks.delete(callerOf(req), req.params.id);
    return reply.status(204).send(null);
  });

  app.post('/api/tasks/:id/pause', {
    schema: { tags: ['tasks'], summary: 'Pause a task (its analysis stops on every camera)', params: IdParams, response: { 200: Task, ...errorResponses(403, 404) } },
  }, (req) => tasks.setEnabled(callerOf(req), req.params.id, false));

  app.post('/api/tasks/:id/resume', {
    schema: { tags: ['tasks'], summary: 'Resume a paused task', params: IdParams, response: { 200: Task, ...errorResponses(403, 404) } },
  }, (req) => tasks.setEnabled(callerOf(req), req.params.id, true));

  app.get('/api/tasks/:id/status', {
    schema: { tags: ['tasks'], summary: 'Per-camera state of a task: running, paused, degraded, failing; rates, drops, latency, last error', params: IdParams, response: { 200: TaskStatusSchema, ...errorResponses(404) } },
  }, (req) => tasks.status(callerOf(req), req.params.id));

  app.get('/api/tasks/:id/counts', {
    schema: { tags: ['tasks'], summary: 'Counting series of a task (one sample per counting interval; from/to epoch ms)', params: IdParams, querystring: CountsQuery, response: { 200: CountsSchema, ...errorResponses(404) } },
  }, (req) => tasks.counts(callerOf(req), req.params.id, req.query));

  app.get('/api/task-templates', {
    schema: { tags: ['tasks'], summary: 'Task templates: built-in ones and those saved in the caller\'s domains', response: { 200: Type.Object({ items: Type.Array(TemplateSchema) }), ...errorResponses() } },
  }, (req) => tasks.templates(callerOf(req)));

  app.post('/api/task-templates', {
    schema: { tags: ['tasks'], body: TemplateCreateBody, response: { 201: TemplateSchema, ...errorResponses(403, 404) } },
  }, async (req, reply) => reply.status(201).send(await tasks.createTemplate(callerOf(req), req.body)));

  app.delete('/api/task-templates/:id', {
    schema: { tags: ['tasks'], params: TemplateIdParams, response: { 204: Type.Null(), ...errorResponses(403, 404, 409) } },
  }, async (req, reply) => {
    await tasks.deleteTemplate(callerOf(req), req.params.id);
    return reply.status(204).send(null);
  });

  app.post('/api/task-templates/:id/apply', {
    schema: { tags: ['tasks'], summary: 'Create one task per camera from a template; each camera succeeds or fails on its own', params: TemplateIdParams, body: ApplyBody, response: { 200: ApplyResultSchema, ...errorResponses(403, 404) } },
  }, (req) => tasks.apply(callerOf(req), req.params.id, req.body));
}
