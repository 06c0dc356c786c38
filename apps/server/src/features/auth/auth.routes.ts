import { PERMISSIONS } from '@argus/domain';
import { Type } from 'typebox';
import type { ArgusApp } from '../../http/types';
import { callerOf } from '../../http/request-context';
import { errorResponses } from '../../http/schemas';
import { credentialOf } from '../../http/auth-hook';
import { SESSION_COOKIE } from '../../security/tokens';
import type { UsersRepo } from '../users/users.repo';
import type { AuthService } from './auth.service';
import { MeSchema, SetupBody, SetupStatus, SignInBody, SignInResponse } from './auth.schemas';
import type { SetupService } from './setup.service';
import type { RequestContext } from '../request-context';
import { AppError } from '../../errors';

export interface AuthRouteDeps {
  auth: AuthService;
  setup: SetupService;
  users: UsersRepo;
  cookieSecure: boolean;
}

async function meOf(ctx: RequestContext, users: UsersRepo) {
  const user = await users.byId(ctx.access.principal.userId);
  if (!user) throw new AppError('unauthenticated');
  const grants = ctx.access.principal.kind === 'user'
    ? await users.grants([user.id])
    : ctx.access.grants.map((g) => ({ ...g, userId: user.id, domainName: '' }));
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    kind: ctx.access.principal.kind,
    grants: grants.map((g) => ({ domainId: g.domainId, domainName: g.domainName, domainPath: g.domainPath, role: g.role })),
    permissions: PERMISSIONS.filter((p) => ctx.access.hasAnywhere(p)),
  };
}

export function registerAuthRoutes(app: ArgusApp, deps: AuthRouteDeps): void {
  app.get('/api/setup', {
    config: { public: true },
    schema: { tags: ['auth'], summary: 'Whether the first administrator still has to be created', response: { 200: SetupStatus } },
  }, async () => ({ needsSetup: await deps.setup.needsSetup() }));

  app.post('/api/setup', {
    config: { public: true },
    schema: {
      tags: ['auth'],
      summary: 'Create the first administrator with the one-time setup token printed at start',
      body: SetupBody,
      response: { 201: Type.Object({ id: Type.String(), username: Type.String() }), ...errorResponses(403) },
    },
  }, async (req, reply) => {
    const { token, ...input } = req.body;
    const created = await deps.setup.completeWithToken(token, input, { id: null, name: input.username, kind: 'anonymous', ip: req.ip });
    return reply.status(201).send(created);
  });

  app.post('/api/auth/sign-in', {
    config: { public: true },
    schema: { tags: ['auth'], summary: 'Sign in; sets the session cookie', body: SignInBody, response: { 200: SignInResponse, ...errorResponses(429) } },
  }, async (req, reply) => {
    const result = await deps.auth.signIn(req.body.username, req.body.password, req.ip, req.headers['user-agent'] ?? '');
    void reply.setCookie(SESSION_COOKIE, result.sessionToken, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: deps.cookieSecure,
      expires: new Date(result.expiresAt),
    });
    const ctx = await deps.auth.contextForSession(result.sessionToken, req.ip);
    return { expiresAt: result.expiresAt, me: await meOf(ctx, deps.users) };
  });

  app.post('/api/auth/sign-out', {
    schema: { tags: ['auth'], summary: 'End this session', response: { 204: Type.Null(), ...errorResponses() } },
  }, async (req, reply) => {
    const credential = credentialOf(req);
    if (credential && req.ctx?.access.principal.kind === 'user') await deps.auth.signOut(callerOf(req), credential.secret);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.get('/api/auth/me', {
    schema: { tags: ['auth'], summary: 'The signed-in user, their grants and permissions', response: { 200: Type.Ref('Me'), ...errorResponses() } },
  }, async (req) => meOf(callerOf(req), deps.users));
}

export { MeSchema };
