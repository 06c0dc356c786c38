import { Type } from 'typebox';
import { callerOf } from '../../http/request-context';
import { Closed, Description, errorResponses, Id, IdParams, Name, Timestamp } from '../../http/schemas';
import type { ArgusApp } from '../../http/types';
import type { GroupsService } from './groups.service';

export const GroupSchema = Type.Object(
  {
    id: Type.String(),
    domainId: Type.String(),
    domainName: Type.String(),
    name: Type.String(),
    description: Type.String(),
    cameraIds: Type.Array(Type.String()),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'CameraGroup' },
);

export function registerGroupRoutes(app: ArgusApp, groups: GroupsService): void {
  app.get('/api/camera-groups', {
    schema: { tags: ['cameras'], response: { 200: Type.Array(Type.Ref('CameraGroup')), ...errorResponses() } },
  }, (req) => groups.list(callerOf(req)));

  app.post('/api/camera-groups', {
    schema: {
      tags: ['cameras'],
      body: Type.Object({ domainId: Id, name: Name, description: Type.Optional(Description) }, Closed),
      response: { 201: Type.Ref('CameraGroup'), ...errorResponses(403, 404, 409) },
    },
  }, async (req, reply) => reply.status(201).send(await groups.create(callerOf(req), req.body)));

  app.get('/api/camera-groups/:id', {
    schema: { tags: ['cameras'], params: IdParams, response: { 200: Type.Ref('CameraGroup'), ...errorResponses(404) } },
  }, (req) => groups.get(callerOf(req), req.params.id));

  app.patch('/api/camera-groups/:id', {
    schema: {
      tags: ['cameras'],
      params: IdParams,
      body: Type.Object({ name: Type.Optional(Name), description: Type.Optional(Description) }, Closed),
      response: { 200: Type.Ref('CameraGroup'), ...errorResponses(403, 404, 409) },
    },
  }, (req) => groups.update(callerOf(req), req.params.id, req.body));

  app.put('/api/camera-groups/:id/cameras', {
    schema: {
      tags: ['cameras'],
      summary: 'Set the member cameras',
      params: IdParams,
      body: Type.Object({ cameraIds: Type.Array(Id, { maxItems: 5000 }) }, Closed),
      response: { 200: Type.Ref('CameraGroup'), ...errorResponses(403, 404) },
    },
  }, (req) => groups.setCameras(callerOf(req), req.params.id, req.body.cameraIds));

  app.delete('/api/camera-groups/:id', {
    schema: { tags: ['cameras'], params: IdParams, response: { 204: Type.Null(), ...errorResponses(403, 404) } },
  }, async (req, reply) => {
    await groups.delete(callerOf(req), req.params.id);
    return reply.status(204).send(null);
  });
}
