import { Type } from 'typebox';
import { callerOf } from '../../http/request-context';
import { Closed, errorResponses, IdParams } from '../../http/schemas';
import type { ArgusApp } from '../../http/types';
import type { CameraImportService } from './camera-import.service';
import { CameraCreateBody, CameraListQuery, CameraUpdateBody, ImportBody, ImportResultSchema, ProbeUnsavedBody } from './cameras.schemas';
import type { CamerasService } from './cameras.service';

export function registerCameraRoutes(app: ArgusApp, cameras: CamerasService, importer: CameraImportService): void {
  app.get('/api/cameras', {
    schema: {
      tags: ['cameras'],
      summary: 'Cameras the caller can see, with filters',
      querystring: CameraListQuery,
      response: { 200: Type.Object({ items: Type.Array(Type.Ref('Camera')), total: Type.Integer() }), ...errorResponses() },
    },
  }, (req) => {
    const { limit = 500, offset = 0, ...filter } = req.query;
    return cameras.list(callerOf(req), { ...filter, limit, offset });
  });

  app.post('/api/cameras', {
    schema: { tags: ['cameras'], body: CameraCreateBody, response: { 201: Type.Ref('Camera'), ...errorResponses(403, 404, 409) } },
  }, async (req, reply) => reply.status(201).send(await cameras.create(callerOf(req), req.body)));

  app.post('/api/cameras/import', {
    schema: {
      tags: ['cameras'],
      summary: 'Batch import from CSV or JSON; good rows are created, bad rows come back with their errors',
      body: ImportBody,
      response: { 200: ImportResultSchema, ...errorResponses(403, 404, 413) },
    },
  }, (req) => importer.run(callerOf(req), req.body));

  app.post('/api/cameras/probe', {
    schema: {
      tags: ['cameras'],
      summary: 'Probe a stream before saving it as a camera; nothing is stored',
      body: ProbeUnsavedBody,
      response: { 200: Type.Ref('ProbeResult'), ...errorResponses(403, 404) },
    },
  }, (req) => cameras.probeUnsaved(callerOf(req), req.body));

  app.get('/api/cameras/:id', {
    schema: { tags: ['cameras'], params: IdParams, response: { 200: Type.Ref('Camera'), ...errorResponses(404) } },
  }, (req) => cameras.get(callerOf(req), req.params.id));

  app.patch('/api/cameras/:id', {
    schema: { tags: ['cameras'], params: IdParams, body: CameraUpdateBody, response: { 200: Type.Ref('Camera'), ...errorResponses(403, 404, 409) } },
  }, (req) => cameras.update(callerOf(req), req.params.id, req.body));

  app.delete('/api/cameras/:id', {
    schema: { tags: ['cameras'], params: IdParams, response: { 204: Type.Null(), ...errorResponses(403, 404) } },
  }, async (req, reply) => {
    await cameras.delete(callerOf(req), req.params.id);
    return reply.status(204).send(null);
  });

  app.post('/api/cameras/:id/probe', {
    schema: {
      tags: ['cameras'],
      summary: 'Open the stream with ffprobe: codec, resolution, frame rate and bit rate, or why it failed',
      params: IdParams,
      body: Type.Optional(Type.Object({ stream: Type.Optional(Type.Union([Type.Literal('main'), Type.Literal('sub')])) }, Closed)),
      response: { 200: Type.Ref('ProbeResult'), ...errorResponses(403, 404) },
    },
  }, (req) => cameras.probe(callerOf(req), req.params.id, req.body?.stream ?? 'main'));
}
