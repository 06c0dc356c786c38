import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors';
import type { RequestContext } from '../features/request-context';

/** The caller of an authenticated route (the auth hook guarantees it is set there). */
export function callerOf(request: FastifyRequest): RequestContext {
  if (!request.ctx) throw new AppError('unauthenticated');
  return request.ctx;
}
