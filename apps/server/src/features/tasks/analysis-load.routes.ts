import { Type } from 'typebox';
import { forbidden } from '../../errors';
import { callerOf } from '../../http/request-context';
import { errorResponses } from '../../http/schemas';
import type { ArgusApp } from '../../http/types';
import type { TaskRuntime } from './task-runtime';
import type { TasksService } from './tasks.service';

export const AnalysisLoadSchema = Type.Object({
  detector: Type.Union([Type.Object({
    name: Type.String(), workers: Type.Integer(), inFlight: Type.Integer(), queued: Type.Integer(),
    busyShare: Type.Union([Type.Number(), Type.Null()]), callMsP50: Type.Number(), callMsP95: Type.Number(),
  }), Type.Null()]),
  jobs: Type.Integer(),
  overloaded: Type.Boolean(),
  reason: Type.Union([Type.String(), Type.Null()]),
  degraded: Type.Array(Type.Object({ taskId: Type.String(), cameraId: Type.String(), stride: Type.Integer(), fps: Type.Number() })),
  changes: Type.Array(Type.Object({
    atMs: Type.Number(), taskId: Type.String(), cameraId: Type.String(), fromStride: Type.Integer(), toStride: Type.Integer(), reason: Type.String(),
  })),
}, { $id: 'AnalysisLoad' });

/** GET /api/analysis/load: the shared inference pool's load and what overload degraded (tasks.read somewhere). */
export function registerAnalysisLoadRoutes(app: ArgusApp, tasks: TasksService, runtime: TaskRuntime): void {
  app.get('/api/analysis/load', {
    schema: {
      tags: ['tasks'],
      summary: 'Server-wide analysis load: inference pool busy share, jobs, overload state, degraded jobs and the last degradation changes (only tasks the caller may read are listed)',
      response: { 200: AnalysisLoadSchema, ...errorResponses(403) },
    },
  }, async (req) => {
    const ctx = callerOf(req);
    if (!ctx.access.hasAnywhere('tasks.read')) throw forbidden('You have no tasks.read right anywhere');
    const visible = new Set((await tasks.list(ctx)).items.map((t) => t.id));
    return runtime.load((taskId) => visible.has(taskId));
  });
}
