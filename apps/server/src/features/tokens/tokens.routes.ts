import { Type } from 'typebox';
import { callerOf } from '../../http/request-context';
import { Closed, errorResponses, Id, IdParams, Name, Timestamp } from '../../http/schemas';
import type { ArgusApp } from '../../http/types';
import { RoleSchema } from '../auth/auth.schemas';
import type { TokensService } from './tokens.service';

export const TokenSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    prefix: Type.String({ description: 'First characters of the token, to recognise it' }),
    domainId: Type.String(),
    domainName: Type.String(),
    role: RoleSchema,
    createdAt: Timestamp,
    expiresAt: Type.Union([Timestamp, Type.Null()]),
    revokedAt: Type.Union([Timestamp, Type.Null()]),
    lastUsedAt: Type.Union([Timestamp, Type.Null()]),
  },
  { $id: 'ApiToken' },
);

export function registerTokenRoutes(app: ArgusApp, tokens: TokensService): void {
  app.get('/api/tokens', {
    schema: { tags: ['tokens'], summary: 'Your API tokens', response: { 200: Type.Array(Type.Ref('ApiToken')), ...errorResponses() } },
  }, (req) => tokens.listOwn(callerOf(req)));

  app.post('/api/tokens', {
    schema: {
      tags: ['tokens'],
      summary: 'Create an API token with one role on one domain; the secret is shown only in this response',
      body: Type.Object({ name: Name, domainId: Id, role: RoleSchema, expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })) }, Closed),
      response: { 201: Type.Object({ token: Type.String(), info: Type.Ref('ApiToken') }), ...errorResponses(403, 404) },
    },
  }, async (req, reply) => reply.status(201).send(await tokens.create(callerOf(req), req.body)));

  app.delete('/api/tokens/:id', {
    schema: { tags: ['tokens'], summary: 'Revoke a token', params: IdParams, response: { 200: Type.Ref('ApiToken'), ...errorResponses(403, 404, 409) } },
  }, (req) => tokens.revoke(callerOf(req), req.params.id));
}
