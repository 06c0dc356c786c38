import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors';
import type { AuthService } from '../features/auth/auth.service';
import { SESSION_COOKIE } from '../security/tokens';

export function credentialOf(request: FastifyRequest): { kind: 'bearer' | 'cookie'; secret: string } | null {
  const header = request.headers.authorization;
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m?.[1]) throw new AppError('unauthenticated', 'The Authorization header must be "Bearer <token>"');
    return { kind: 'bearer', secret: m[1] };
  }
  const cookie = request.cookies[SESSION_COOKIE];
  return cookie ? { kind: 'cookie', secret: cookie } : null;
}

/** Resolves the caller of every non-public /api route; unauthenticated calls stop here with 401. */
export function authHook(auth: AuthService) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    request.ctx = null;
    if (!request.url.startsWith('/api/') || request.routeOptions.config.public || !request.routeOptions.url) return;
    const credential = credentialOf(request);
    if (!credential) throw new AppError('unauthenticated');
    request.ctx = await auth.contextForBearer(credential.secret, request.ip);
  };
}
