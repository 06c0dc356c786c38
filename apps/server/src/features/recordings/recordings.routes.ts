import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors';
import { callerOf } from '../../http/request-context';
import { errorResponses, Id, IdParams } from '../../http/schemas';
import type { ArgusApp } from '../../http/types';
import type { RecordingsService } from './recordings.service';
import { HoldBody, RecordingsQuery, RangeQuery, ScopePolicyBody, SearchQuery, SegmentParams, SettingsBody } from './recordings.schemas';

const Binary = Type.String({ format: 'binary' });

export interface ByteBody {
  status: 200 | 206;
  stream: NodeJS.ReadableStream & { destroy(): void };
  start: number;
  end: number;
  size: number;
  etag: string;
}

/** Runs the producer; a 416 answer carries Content-Range "bytes *\/size" as RFC 9110 asks. */
export async function withRangeHeader<T>(reply: FastifyReply, produce: () => Promise<T>): Promise<T> {
  try {
    return await produce();
  } catch (err) {
    if (err instanceof AppError && err.code === 'range_not_satisfiable' && typeof err.extra?.size === 'number') void reply.header('content-range', `bytes */${err.extra.size}`);
    throw err;
  }
}

/** Sends stored bytes (whole or one range) with the headers players and download managers rely on. */
export function sendBytes(reply: FastifyReply, body: ByteBody, headers: Record<string, string> = {}): FastifyReply {
  void reply
    .status(body.status)
    .header('accept-ranges', 'bytes')
    .header('content-type', 'video/mp4')
    .header('content-length', String(body.end - body.start + 1))
    .header('etag', body.etag);
  for (const [k, v] of Object.entries(headers)) void reply.header(k, v);
  if (body.status === 206) void reply.header('content-range', `bytes ${body.start}-${body.end}/${body.size}`);
  return reply.send(body.stream);
}

const IMMUTABLE = 'private, max-age=31536000, immutable';

export function registerRecordingRoutes(app: ArgusApp, recordings: RecordingsService, onCameraChange: () => void): void {
  // The supervisor applies camera changes (create, update, enable/disable, delete, import) right after they succeed.
  app.addHook('onResponse', async (req, reply) => {
    if (req.method !== 'GET' && req.method !== 'HEAD' && reply.statusCode < 300 && req.url.startsWith('/api/cameras')) onCameraChange();
  });

  app.get('/api/cameras/:id/recordings', {
    schema: {
      tags: ['recordings'],
      summary: 'Recorded ranges and gaps of a camera in a time range (the timeline)',
      params: IdParams,
      querystring: RecordingsQuery,
      response: { 200: Type.Ref('CameraRecordings'), ...errorResponses(403, 404) },
    },
  }, (req) => recordings.recordings(callerOf(req), req.params.id, req.query));

  app.get('/api/cameras/:id/playback.m3u8', {
    schema: {
      tags: ['recordings'],
      summary: 'HLS (fMP4) VOD playlist of a camera for a time range; each request is audited as a view of recordings',
      description: 'Segments are byte ranges of /api/recordings/segments/{id}. EXT-X-START points at `from` inside the first segment.',
      params: IdParams,
      querystring: RangeQuery,
      response: { 200: { description: 'HLS playlist', content: { 'application/vnd.apple.mpegurl': { schema: Type.String() } } }, ...errorResponses(403, 404) },
    },
  }, async (req, reply) => {
    const text = await recordings.playlist(callerOf(req), req.params.id, req.query);
    return reply.header('cache-control', 'private, no-store').type('application/vnd.apple.mpegurl').send(text);
  });

  app.get('/api/recordings/segments/:id', {
    schema: {
      tags: ['recordings'],
      summary: 'The bytes of one recorded segment (fragmented MP4), with HTTP Range support',
      params: SegmentParams,
      response: {
        200: { description: 'The whole segment', content: { 'video/mp4': { schema: Binary } } },
        206: { description: 'A byte range of the segment', content: { 'video/mp4': { schema: Binary } } },
        304: Type.Null({ description: 'Not modified (If-None-Match matched the ETag, the SHA-256 of the segment)' }),
        ...errorResponses(403, 404, 416),
      },
    },
  }, async (req, reply) => {
    const range = typeof req.headers.range === 'string' ? req.headers.range : undefined;
    const ifRange = typeof req.headers['if-range'] === 'string' ? req.headers['if-range'] : undefined;
    const body = await withRangeHeader(reply, () =>
      recordings.segment(callerOf(req), req.params.id.replace(/\.mp4$/, ''), { ...(range ? { range } : {}), ...(ifRange ? { ifRange } : {}) }),
    );
    if (req.headers['if-none-match'] === body.etag) {
      body.stream.destroy();
      return reply.status(304).header('etag', body.etag).header('cache-control', IMMUTABLE).send(null);
    }
    return sendBytes(reply, body, { 'cache-control': IMMUTABLE });
  });

  app.get('/api/recordings/search', {
    schema: {
      tags: ['recordings'],
      summary: 'Which cameras have recorded video in a time range, and how much',
      querystring: SearchQuery,
      response: { 200: Type.Ref('RecordingSearch'), ...errorResponses() },
    },
  }, (req) => recordings.search(callerOf(req), req.query));

  app.get('/api/recordings/status', {
    schema: {
      tags: ['recordings'],
      summary: 'Recorder state of every camera the caller can see (connecting, recording, failing with reason, disabled)',
      response: { 200: Type.Object({ enabled: Type.Boolean(), items: Type.Array(Type.Ref('RecordingState')) }), ...errorResponses() },
    },
  }, (req) => recordings.status(callerOf(req)));

  app.get('/api/cameras/:id/recording-state', {
    schema: {
      tags: ['recordings'],
      summary: 'Recorder state of one camera',
      params: IdParams,
      response: { 200: Type.Ref('RecordingState'), ...errorResponses(404) },
    },
  }, (req) => recordings.state(callerOf(req), req.params.id));

  app.get('/api/cameras/:id/recording-settings', {
    schema: {
      tags: ['recordings'],
      summary: "A camera's recording mode and retention (its own values, and the effective ones)",
      params: IdParams,
      response: { 200: Type.Ref('RecordingSettings'), ...errorResponses(404) },
    },
  }, (req) => recordings.getSettings(callerOf(req), req.params.id));

  app.put('/api/cameras/:id/recording-settings', {
    schema: {
      tags: ['recordings'],
      summary: "Changes a camera's recording mode or retention; omitted fields stay, null returns to the default",
      params: IdParams,
      body: SettingsBody,
      response: { 200: Type.Ref('RecordingSettings'), ...errorResponses(403, 404) },
    },
  }, (req) => recordings.putSettings(callerOf(req), req.params.id, req.body));

  for (const scope of ['group', 'domain'] as const) {
    const base = scope === 'group' ? '/api/camera-groups/:id/recording-settings' : '/api/domains/:id/recording-settings';
    const right = scope === 'group' ? 'cameras.manage' : 'domains.manage';
    app.get(base, {
      schema: {
        tags: ['recordings'],
        summary: `Retention defaults of a ${scope === 'group' ? 'camera group' : 'domain'} (its cameras use them unless they set their own)`,
        params: IdParams,
        response: { 200: Type.Ref('RecordingPolicy'), ...errorResponses(404) },
      },
    }, (req) => recordings.getScopePolicy(callerOf(req), scope, req.params.id));

    app.put(base, {
      schema: {
        tags: ['recordings'],
        summary: `Changes the retention defaults of a ${scope === 'group' ? 'camera group' : 'domain'} (${right}); omitted fields stay, null removes the limit at this level`,
        params: IdParams,
        body: ScopePolicyBody,
        response: { 200: Type.Ref('RecordingPolicy'), ...errorResponses(403, 404) },
      },
    }, (req) => recordings.putScopePolicy(callerOf(req), scope, req.params.id, req.body));
  }

  app.post('/api/cameras/:id/recording-holds', {
    schema: {
      tags: ['recordings'],
      summary: "Keeps a camera's recordings of a time range until a given time (default recording.retention.eventHoldDays); recordings.export right",
      params: IdParams,
      body: HoldBody,
      response: { 201: Type.Ref('RecordingHold'), ...errorResponses(403, 404) },
    },
  }, async (req, reply) => reply.status(201).send(await recordings.holds.create(callerOf(req), req.params.id, req.body)));

  app.get('/api/cameras/:id/recording-holds', {
    schema: {
      tags: ['recordings'],
      summary: "The holds in force on a camera's recordings (events, integrations, operators), soonest end first; recordings.view right",
      params: IdParams,
      response: { 200: Type.Object({ items: Type.Array(Type.Ref('RecordingHold')) }), ...errorResponses(403, 404) },
    },
  }, async (req) => ({ items: await recordings.holds.list(callerOf(req), req.params.id) }));

  app.delete('/api/cameras/:id/recording-holds/:holdId', {
    schema: {
      tags: ['recordings'],
      summary: 'Ends a hold now: its range is kept only by the holds and pinned exports that still cover it; recordings.export right',
      params: Type.Object({ id: Id, holdId: Id }, { additionalProperties: false }),
      response: { 204: Type.Null(), ...errorResponses(403, 404) },
    },
  }, async (req, reply) => {
    await recordings.holds.release(callerOf(req), req.params.id, req.params.holdId);
    return reply.status(204).send(null);
  });
}
