import { Type } from 'typebox';
import { ROLE_DESCRIPTIONS, ROLE_PERMISSIONS, ROLES } from '@argus/domain';
import { callerOf } from '../../http/request-context';
import { Closed, errorResponses, Id, IdParams, Timestamp } from '../../http/schemas';
import type { ArgusApp } from '../../http/types';
import { Password, RoleSchema, Username } from '../auth/auth.schemas';
import type { UsersService } from './users.service';

export const UserSchema = Type.Object(
  {
    id: Type.String(),
    username: Type.String(),
    displayName: Type.String(),
    disabled: Type.Boolean(),
    createdAt: Timestamp,
    lastSignInAt: Type.Union([Timestamp, Type.Null()]),
    grants: Type.Array(Type.Ref('Grant')),
  },
  { $id: 'User' },
);

const GrantInput = Type.Object({ domainId: Id, role: RoleSchema }, Closed);
const DisplayName = Type.String({ maxLength: 120 });

export function registerUserRoutes(app: ArgusApp, users: UsersService): void {
  app.get('/api/roles', {
    schema: {
      tags: ['users'],
      summary: 'The roles and the permissions each grants',
      response: { 200: Type.Array(Type.Object({ role: RoleSchema, description: Type.String(), permissions: Type.Array(Type.String()) })), ...errorResponses() },
    },
  }, () => ROLES.map((role) => ({ role, description: ROLE_DESCRIPTIONS[role], permissions: [...ROLE_PERMISSIONS[role]] })));

  app.get('/api/users', {
    schema: { tags: ['users'], summary: 'Users who hold rights in the caller\'s domains', response: { 200: Type.Array(Type.Ref('User')), ...errorResponses(403) } },
  }, (req) => users.list(callerOf(req)));

  app.post('/api/users', {
    schema: {
      tags: ['users'],
      body: Type.Object({ username: Username, displayName: Type.Optional(DisplayName), password: Password, grants: Type.Array(GrantInput, { maxItems: 100 }) }, Closed),
      response: { 201: Type.Ref('User'), ...errorResponses(403, 409) },
    },
  }, async (req, reply) => reply.status(201).send(await users.create(callerOf(req), req.body)));

  app.get('/api/users/:id', {
    schema: { tags: ['users'], params: IdParams, response: { 200: Type.Ref('User'), ...errorResponses(404) } },
  }, (req) => users.get(callerOf(req), req.params.id));

  app.patch('/api/users/:id', {
    schema: {
      tags: ['users'],
      params: IdParams,
      body: Type.Object({ displayName: Type.Optional(DisplayName), disabled: Type.Optional(Type.Boolean()) }, Closed),
      response: { 200: Type.Ref('User'), ...errorResponses(403, 404, 409) },
    },
  }, (req) => users.update(callerOf(req), req.params.id, req.body));

  app.put('/api/users/:id/grants', {
    schema: {
      tags: ['users'],
      summary: 'Set the user\'s roles on the caller\'s domains (grants elsewhere stay)',
      params: IdParams,
      body: Type.Object({ grants: Type.Array(GrantInput, { maxItems: 100 }) }, Closed),
      response: { 200: Type.Ref('User'), ...errorResponses(403, 404, 409) },
    },
  }, (req) => users.setGrants(callerOf(req), req.params.id, req.body.grants));

  app.post('/api/users/:id/password', {
    schema: {
      tags: ['users'],
      summary: 'Change a password (your own needs the current one); ends the user\'s sessions',
      params: IdParams,
      body: Type.Object({ password: Password, currentPassword: Type.Optional(Password) }, Closed),
      response: { 204: Type.Null(), ...errorResponses(403, 404) },
    },
  }, async (req, reply) => {
    await users.setPassword(callerOf(req), req.params.id, req.body);
    return reply.status(204).send(null);
  });

  app.delete('/api/users/:id', {
    schema: { tags: ['users'], params: IdParams, response: { 204: Type.Null(), ...errorResponses(403, 404, 409) } },
  }, async (req, reply) => {
    await users.delete(callerOf(req), req.params.id);
    return reply.status(204).send(null);
  });
}
