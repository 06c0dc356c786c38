import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifyWebsocket from '@fastify/websocket';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Container } from '../container';
import { AppError } from '../errors';
import { registerAuditRoutes } from '../features/audit/audit.routes';
import { GrantSchema, MeSchema } from '../features/auth/auth.schemas';
import { registerAuthRoutes } from '../features/auth/auth.routes';
import { CameraSchema, ProbeSchema } from '../features/cameras/cameras.schemas';
import { registerCameraRoutes } from '../features/cameras/cameras.routes';
import { EXPORT_SCHEMAS, registerExportRoutes } from '../features/exports/exports.routes';
import { RECORDING_SCHEMAS } from '../features/recordings/recordings.schemas';
import { registerRecordingMetrics } from '../features/recordings/recording-metrics';
import { registerRecordingRoutes } from '../features/recordings/recordings.routes';
import { DomainSchema, registerDomainRoutes } from '../features/domains/domains.routes';
import { GroupSchema, registerGroupRoutes } from '../features/groups/groups.routes';
import { createMetrics, registerHealthRoutes } from '../features/health/health.routes';
import { registerTokenRoutes, TokenSchema } from '../features/tokens/tokens.routes';
import { registerUserRoutes, UserSchema } from '../features/users/users.routes';
import { authHook } from './auth-hook';
import { answerClientError, sendProblem } from './error-handler';
import { firstNonFinite, validatorCompiler } from './validation';
import { ProblemSchema } from './schemas';
import type { ArgusApp } from './types';
import { ARGUS_VERSION } from '../version';

const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');
const CORRELATION_HEADER = 'x-correlation-id';

export interface ServerOptions {
  /** Folder of the built console; default apps/web/dist. */
  webDist?: string;
  logger?: boolean;
}

/** Builds the HTTP server over a container: schemas, auth, routes, OpenAPI, console. Does not listen. */
export async function buildServer(container: Container, options: ServerOptions = {}): Promise<ArgusApp> {
  const { config } = container;
  const app = Fastify({
    logger:
      options.logger === false || config.server.logLevel === 'silent'
        ? false
        : { level: config.server.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'] },
    bodyLimit: config.server.bodyLimitBytes,
    trustProxy: config.server.trustProxy,
    genReqId: (req) => {
      const given = req.headers[CORRELATION_HEADER];
      return typeof given === 'string' && /^[A-Za-z0-9._-]{8,64}$/.test(given) ? given : randomUUID();
    },
    routerOptions: { maxParamLength: 200 },
    // Errors the framework raises before routing (bad percent-escapes, over-long params) are problem documents too.
    frameworkErrors: (err, req, reply) => {
      void sendProblem(err, req, reply);
    },
    clientErrorHandler: answerClientError,
  }).withTypeProvider<TypeBoxTypeProvider>() as ArgusApp;
  app.setValidatorCompiler(validatorCompiler());

  app.decorateRequest('ctx', null);
  const moduleSchemas = container.modules.flatMap((m) => m.schemas ?? []);
  for (const schema of [ProblemSchema, GrantSchema, MeSchema, DomainSchema, UserSchema, TokenSchema, ProbeSchema, CameraSchema, GroupSchema, ...RECORDING_SCHEMAS, ...EXPORT_SCHEMAS, ...moduleSchemas]) {
    app.addSchema(schema);
  }
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Argus API', version: ARGUS_VERSION, description: 'Self-hosted AI video platform. Errors are application/problem+json with a stable `code`.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'argus_session' },
          bearer: { type: 'http', scheme: 'bearer', description: 'API token (argus_pat_…) or session token' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(fastifyCookie);
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });

  app.addHook('onRequest', async (req, reply) => {
    void reply.header(CORRELATION_HEADER, req.id);
  });
  app.addHook('onRequest', authHook(container.auth));
  app.setErrorHandler((err, req, reply) => sendProblem(err, req, reply));
  app.addHook('preHandler', async (req) => {
    const bad = firstNonFinite(req.query, 'querystring') ?? firstNonFinite(req.params, 'params');
    if (bad) throw new AppError('validation_failed', `${bad} must be a finite number`, [{ field: bad, message: 'must be a finite number' }]);
  });
  app.addHook('onRoute', (route) => {
    // Public operations need no credentials: say so in the OpenAPI document.
    if (route.config?.public && route.schema) route.schema = { ...route.schema, security: [] };
  });

  const metrics = createMetrics();
  registerRecordingMetrics(metrics.registry, { ingest: container.segmentIngest, recorder: container.recorder, retention: container.retention });
  registerHealthRoutes(app, { pingDatabase: () => container.db.ping(), mediaToolsVersion: () => container.media.version(), version: ARGUS_VERSION }, metrics);
  registerAuthRoutes(app, { auth: container.auth, setup: container.setup, users: container.usersRepo, cookieSecure: config.security.cookieSecure });
  registerDomainRoutes(app, container.domains);
  registerUserRoutes(app, container.users);
  registerTokenRoutes(app, container.tokens);
  registerCameraRoutes(app, container.cameras, container.cameraImport);
  registerGroupRoutes(app, container.groups);
  registerAuditRoutes(app, container.audit, container.domains);
  registerRecordingRoutes(app, container.recordings, () => container.recorder.reconcileSoon());
  registerExportRoutes(app, container.exports);
  for (const m of container.modules) {
    m.registerMetrics?.(metrics.registry);
    await m.registerRoutes(app);
  }

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, () => app.swagger());

  const webDist = options.webDist ?? WEB_DIST;
  const hasConsole = existsSync(path.join(webDist, 'index.html'));
  // wildcard: files are looked up per request, so a rebuilt console is served without a restart.
  if (hasConsole) await app.register(fastifyStatic, { root: webDist, prefix: '/', wildcard: true, index: 'index.html' });
  app.setNotFoundHandler((req, reply) => {
    const isAsset = req.url.startsWith('/assets/');
    if (req.url.startsWith('/api/') || req.url === '/api' || req.method !== 'GET' || !hasConsole || isAsset) {
      return sendProblem(new AppError('route_not_found', `No endpoint ${req.method} ${req.url.split('?')[0]}`), req, reply);
    }
    return reply.type('text/html').sendFile('index.html');
  });
  return app;
}
