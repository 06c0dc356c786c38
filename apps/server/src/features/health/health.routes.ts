import { Type } from 'typebox';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { AppError } from '../../errors';
import { errorResponses } from '../../http/schemas';
import type { ArgusApp } from '../../http/types';

export interface HealthDeps {
  pingDatabase(): Promise<void>;
  mediaToolsVersion(): string | null;
  version: string;
}

/** One registry per server, so tests that start several servers do not share counters. */
export function createMetrics(): { registry: Registry; requests: Counter; latency: Histogram } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'argus_' });
  const requests = new Counter({
    name: 'argus_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'argus_http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return { registry, requests, latency };
}

export function registerHealthRoutes(app: ArgusApp, deps: HealthDeps, metrics: ReturnType<typeof createMetrics>): void {
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({ method: req.method, route, status: String(reply.statusCode) });
    metrics.latency.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });

  app.get('/api/health/live', {
    config: { public: true },
    schema: { tags: ['operations'], summary: 'Liveness: the process answers', response: { 200: Type.Object({ status: Type.Literal('alive') }) } },
  }, () => ({ status: 'alive' as const }));

  app.get('/api/health', {
    config: { public: true },
    schema: {
      tags: ['operations'],
      summary: 'Readiness: 200 when the database answers and the server can serve',
      response: {
        200: Type.Object({ status: Type.Literal('ready'), version: Type.String(), database: Type.String(), mediaTools: Type.String() }),
        503: Type.Ref('Problem'),
      },
    },
  }, async () => {
    try {
      await deps.pingDatabase();
    } catch (err) {
      throw new AppError('not_ready', `The database does not answer: ${(err as Error).message}`);
    }
    const media = deps.mediaToolsVersion();
    return { status: 'ready' as const, version: deps.version, database: 'ok', mediaTools: media ?? 'missing' };
  });

  app.get('/metrics', {
    config: { public: true },
    schema: { tags: ['operations'], summary: 'Prometheus metrics', response: { 200: Type.String(), ...errorResponses() } },
  }, async (_req, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()));
}
