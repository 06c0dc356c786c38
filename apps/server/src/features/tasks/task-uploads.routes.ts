import type { Readable } from 'node:stream';
import { Type } from 'typebox';
import { AppError } from '../../errors';
import { callerOf } from '../../http/request-context';
import { errorResponses } from '../../http/schemas';
import type { ArgusApp } from '../../http/types';
import type { TaskUploads } from './task-uploads';

export const UploadSchema = Type.Object(
  { id: Type.String(), name: Type.String(), sizeBytes: Type.Integer(), durationS: Type.Number(), createdAt: Type.String(), expiresAt: Type.String() },
  { $id: 'AnalysisUpload', additionalProperties: false },
);

const UploadQuery = Type.Object({ name: Type.Optional(Type.String({ maxLength: 200, description: 'The file\'s name, shown in the run list' })) }, { additionalProperties: false });

/** Content types that are certainly not a video file (a form or a JSON document sent here by mistake). */
const NOT_VIDEO = /^(application\/(json|x-www-form-urlencoded)|multipart\/|text\/)/i;

/**
 * POST /api/analysis/uploads: the request body is the video itself (video/*, application/octet-stream or any other
 * binary type; streamed to disk, never held in memory), up to analysis.uploadMaxBytes; JSON, forms and text are 415.
 * The parser is scoped to this route: everywhere else bodies stay JSON.
 */
export function registerUploadRoutes(app: ArgusApp, uploads: TaskUploads): void {
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
    scope.post('/api/analysis/uploads', {
      schema: {
        tags: ['tasks'],
        summary: 'Uploads a video for an offline run (the body is the file; ?name= its name); then POST /api/tasks/{id}/runs {cameraId, uploadId}. tasks.manage somewhere; kept a day',
        querystring: UploadQuery,
        response: { 201: Type.Ref('AnalysisUpload'), ...errorResponses(403, 413, 415) },
      },
    }, async (req, reply) => {
      const type = req.headers['content-type'] ?? '';
      if (NOT_VIDEO.test(type)) throw new AppError('unsupported_media_type', `Send the video file itself as the body (video/* or application/octet-stream), not ${type.split(';')[0]}`);
      const name = (req.query as { name?: string }).name ?? 'upload';
      const declared = Number(req.headers['content-length']);
      return reply.status(201).send(await uploads.receive(callerOf(req), req.body as Readable | undefined, name, Number.isFinite(declared) ? declared : undefined));
    });
  });
}
