import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { RequestContext } from '../features/request-context';

export type ArgusApp = FastifyInstance<Server, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

declare module 'fastify' {
  interface FastifyRequest {
    /** Caller of an authenticated route; set by the auth hook. */
    ctx: RequestContext | null;
  }
  interface FastifyContextConfig {
    /** Routes that answer without a session or token. */
    public?: boolean;
  }
}
