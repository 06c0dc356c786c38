import { Type } from 'typebox';
import { callerOf } from '../../http/request-context';
import { Closed, errorResponses, Id, IdParams, Timestamp } from '../../http/schemas';
import type { ArgusApp } from '../../http/types';
import { Instant } from '../recordings/recordings.schemas';
import { sendBytes, withRangeHeader } from '../recordings/recordings.routes';
import type { ExportsService } from './exports.service';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const ExportSchema = Type.Object(
  {
    id: Type.String(),
    cameraId: Type.String(),
    cameraName: Type.String(),
    state: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
    progress: Type.Number({ minimum: 0, maximum: 1 }),
    error: Nullable(Type.String()),
    from: Timestamp,
    to: Timestamp,
    fromMs: Type.Integer(),
    toMs: Type.Integer(),
    actualFrom: Nullable(Timestamp),
    actualTo: Nullable(Timestamp),
    actualFromMs: Nullable(Type.Integer()),
    actualToMs: Nullable(Type.Integer()),
    watermark: Type.Boolean(),
    pinned: Type.Boolean(),
    keepUntil: Nullable(Timestamp),
    file: Nullable(Type.Object({ name: Type.String(), sha256: Type.String(), size: Type.Integer(), url: Type.String() })),
    manifestUrl: Nullable(Type.String()),
    createdBy: Type.Object({ id: Nullable(Type.String()), name: Type.String() }),
    createdAt: Timestamp,
    finishedAt: Nullable(Timestamp),
  },
  { $id: 'RecordingExport' },
);

const Span = Type.Object({ start: Timestamp, end: Timestamp, startMs: Type.Integer(), endMs: Type.Integer() });
export const ManifestSchema = Type.Object(
  {
    format: Type.Literal('argus-export-manifest'),
    version: Type.Literal(1),
    exportId: Type.String(),
    camera: Type.Object({ id: Type.String(), name: Type.String() }),
    requestedRange: Span,
    actualRange: Span,
    gaps: Type.Array(Type.Object({ startMs: Type.Integer(), endMs: Type.Integer() })),
    watermark: Type.Boolean(),
    exportedBy: Type.Object({ id: Nullable(Type.String()), name: Type.String(), kind: Type.String() }),
    createdAt: Timestamp,
    segments: Type.Array(Type.Object({ id: Type.String(), start: Timestamp, end: Timestamp, startMs: Type.Integer(), endMs: Type.Integer(), sha256: Type.String() })),
    file: Type.Object({ name: Type.String(), sha256: Type.String(), size: Type.Integer(), contentType: Type.String() }),
    signature: Type.Object({ algorithm: Type.Literal('Ed25519'), keyId: Type.String(), value: Type.String() }),
  },
  { $id: 'ExportManifest', description: 'Signed over the canonical JSON (sorted keys, no spaces) of the manifest without `signature`' },
);

const VerifyResultSchema = Type.Object({
  valid: Type.Boolean({ description: 'The signature is this server\'s and, when a file hash was given, it is the exported file' }),
  signatureValid: Type.Boolean(),
  fileMatches: Nullable(Type.Boolean()),
  keyId: Type.String(),
  problems: Type.Array(Type.String()),
});

const Sha256 = Type.String({ pattern: '^[0-9a-fA-F]{64}$' });

export const EXPORT_SCHEMAS = [ExportSchema, ManifestSchema];

export function registerExportRoutes(app: ArgusApp, exports: ExportsService): void {
  app.post('/api/cameras/:id/exports', {
    schema: {
      tags: ['exports'],
      summary: 'Starts an export of a time range as one MP4 with a signed manifest (a job; poll GET /api/exports/{id})',
      params: IdParams,
      body: Type.Object(
        {
          from: Instant,
          to: Instant,
          watermark: Type.Optional(Type.Boolean({ description: 'Burn in camera, user and time (transcodes)' })),
          pin: Type.Optional(Type.Boolean({ description: 'Keep the export and its recorded segments for recording.export.pinDays' })),
        },
        Closed,
      ),
      response: { 202: Type.Ref('RecordingExport'), ...errorResponses(403, 404) },
    },
  }, async (req, reply) => reply.status(202).send(await exports.create(callerOf(req), req.params.id, req.body)));

  app.get('/api/exports', {
    schema: {
      tags: ['exports'],
      summary: 'Exports of the cameras the caller may export from, newest first',
      querystring: Type.Object({ cameraId: Type.Optional(Id), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) }, Closed),
      response: { 200: Type.Object({ items: Type.Array(Type.Ref('RecordingExport')) }), ...errorResponses() },
    },
  }, (req) => exports.list(callerOf(req), { ...(req.query.cameraId ? { cameraId: req.query.cameraId } : {}), limit: req.query.limit ?? 100 }));

  app.get('/api/exports/public-key', {
    config: { public: true },
    schema: {
      tags: ['exports'],
      summary: 'The Ed25519 public key that signs export manifests (for checking them anywhere)',
      security: [],
      response: { 200: Type.Object({ algorithm: Type.Literal('Ed25519'), keyId: Type.String(), publicKeyPem: Type.String() }) },
    },
  }, () => exports.publicKey());

  app.post('/api/exports/verify', {
    schema: {
      tags: ['exports'],
      summary: "Checks a manifest's signature and, given the file's SHA-256 (and size), that the file is the exported one",
      body: Type.Object(
        {
          manifest: Type.Object({}, { additionalProperties: true, description: 'The manifest JSON as downloaded' }),
          fileSha256: Type.Optional(Sha256),
          fileSize: Type.Optional(Type.Integer({ minimum: 0 })),
        },
        Closed,
      ),
      response: { 200: VerifyResultSchema, ...errorResponses() },
    },
  }, (req) => {
    callerOf(req);
    const { manifest, fileSha256, fileSize } = req.body;
    return exports.verify(manifest, fileSha256 ? { sha256: fileSha256.toLowerCase(), ...(fileSize !== undefined ? { size: fileSize } : {}) } : undefined);
  });

  app.get('/api/exports/:id', {
    schema: { tags: ['exports'], summary: 'An export job: state, progress, error, and its file once done', params: IdParams, response: { 200: Type.Ref('RecordingExport'), ...errorResponses(403, 404) } },
  }, (req) => exports.get(callerOf(req), req.params.id));

  app.get('/api/exports/:id/manifest', {
    schema: { tags: ['exports'], summary: 'The signed manifest of a finished export', params: IdParams, response: { 200: Type.Ref('ExportManifest'), ...errorResponses(403, 404, 409) } },
  }, async (req, reply) => {
    const manifest = await exports.manifest(callerOf(req), req.params.id);
    return reply.header('content-disposition', `attachment; filename="${manifest.file.name.replace(/\.mp4$/, '')}.manifest.json"`).send(manifest);
  });

  app.get('/api/exports/:id/file', {
    schema: {
      tags: ['exports'],
      summary: 'The MP4 of a finished export (Range supported); downloads are audited',
      params: IdParams,
      response: {
        200: { description: 'The clip', content: { 'video/mp4': { schema: Type.String({ format: 'binary' }) } } },
        206: { description: 'A byte range of the clip', content: { 'video/mp4': { schema: Type.String({ format: 'binary' }) } } },
        ...errorResponses(403, 404, 409, 416),
      },
    },
  }, async (req, reply) => {
    const range = typeof req.headers.range === 'string' ? req.headers.range : undefined;
    const body = await withRangeHeader(reply, () => exports.file(callerOf(req), req.params.id, range ? { range } : {}));
    return sendBytes(reply, body, { 'content-disposition': `attachment; filename="${body.name}"`, 'cache-control': 'private, no-cache' });
  });

  app.delete('/api/exports/:id', {
    schema: { tags: ['exports'], summary: 'Deletes an export (its file; a pin on its segments is released)', params: IdParams, response: { 204: Type.Null(), ...errorResponses(403, 404) } },
  }, async (req, reply) => {
    await exports.delete(callerOf(req), req.params.id);
    return reply.status(204).send(null);
  });
}
