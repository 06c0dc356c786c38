import { Type } from 'typebox';
import { callerOf } from '../../http/request-context';
import { Closed, Description, errorResponses, Id, IdParams, Name, Timestamp } from '../../http/schemas';
import type { ArgusApp } from '../../http/types';
import type { DomainsService } from './domains.service';

export const DomainSchema = Type.Object(
  {
    id: Type.String(),
    parentId: Type.Union([Type.String(), Type.Null()]),
    name: Type.String(),
    description: Type.String(),
    path: Type.String({ description: 'Materialised path of ids, /root/child/…/' }),
    depth: Type.Integer(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'Domain' },
);

export function registerDomainRoutes(app: ArgusApp, domains: DomainsService): void {
  app.get('/api/domains', {
    schema: { tags: ['organisation'], summary: 'Domains the caller can see, parents before children', response: { 200: Type.Array(Type.Ref('Domain')), ...errorResponses() } },
  }, (req) => domains.list(callerOf(req)));

  app.post('/api/domains', {
    schema: {
      tags: ['organisation'],
      summary: 'Create a sub-domain',
      body: Type.Object({ parentId: Id, name: Name, description: Type.Optional(Description) }, Closed),
      response: { 201: Type.Ref('Domain'), ...errorResponses(403, 404, 409) },
    },
  }, async (req, reply) => reply.status(201).send(await domains.create(callerOf(req), req.body)));

  app.get('/api/domains/:id', {
    schema: { tags: ['organisation'], params: IdParams, response: { 200: Type.Ref('Domain'), ...errorResponses(404) } },
  }, (req) => domains.get(callerOf(req), req.params.id));

  app.patch('/api/domains/:id', {
    schema: {
      tags: ['organisation'],
      summary: 'Rename, describe or move a domain (with its subtree)',
      params: IdParams,
      body: Type.Object({ name: Type.Optional(Name), description: Type.Optional(Description), parentId: Type.Optional(Id) }, Closed),
      response: { 200: Type.Ref('Domain'), ...errorResponses(403, 404, 409) },
    },
  }, (req) => domains.update(callerOf(req), req.params.id, req.body));

  app.delete('/api/domains/:id', {
    schema: { tags: ['organisation'], summary: 'Delete an empty domain', params: IdParams, response: { 204: Type.Null(), ...errorResponses(403, 404, 409) } },
  }, async (req, reply) => {
    await domains.delete(callerOf(req), req.params.id);
    return reply.status(204).send(null);
  });
}
