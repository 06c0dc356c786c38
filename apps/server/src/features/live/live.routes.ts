import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors';
import { credentialOf } from '../../http/auth-hook';
import { callerOf } from '../../http/request-context';
import { errorResponses, IdParams } from '../../http/schemas';
import type { ArgusApp } from '../../http/types';
import { LiveSegmentParams, LiveStartBody, LiveTokenParams, WebRtcOfferBody } from './live.schemas';
import type { LiveService } from './live.service';
import { hashLiveSecret } from './live-tokens';

/** The presenting credential, hashed: a live token only works with the credential that created it. */
export function principalKeyOf(req: FastifyRequest): { key: string; secret: string } {
  const c = credentialOf(req);
  if (!c) throw new AppError('unauthenticated');
  return { key: hashLiveSecret(c.secret), secret: c.secret };
}

const NO_STORE = 'private, no-store';

export function registerLiveRoutes(app: ArgusApp, live: LiveService): void {
  app.post('/api/cameras/:id/live', {
    schema: {
      tags: ['live'],
      summary: 'Starts a live view of a camera: a short-lived token and the WebSocket (MSE), HLS and WebRTC URLs',
      description: 'Needs live.view on the camera. The token is bound to the caller\'s session or API token and expires when unused for 60 s.',
      params: IdParams,
      body: LiveStartBody,
      response: { 201: Type.Ref('LiveStart'), ...errorResponses(403, 404) },
    },
  }, async (req, reply) => {
    const started = await live.startLive(callerOf(req), principalKeyOf(req), req.params.id, req.body ?? {});
    return reply.status(201).send(started);
  });

  app.get('/api/live/stats', {
    schema: {
      tags: ['live'],
      summary: 'Open live upstreams of the cameras the caller can see (viewers, bit rate, frame rate, drops)',
      response: { 200: Type.Ref('LiveStats'), ...errorResponses() },
    },
  }, (req) => live.stats(callerOf(req)));

  app.get('/api/live/ws/:id', {
    websocket: true,
    schema: { hide: true, params: LiveTokenParams },
    preHandler: async (req) => {
      const token = req.params.id;
      await live.authoriseSocket(req, callerOf(req), principalKeyOf(req), token);
    },
  }, (socket, req) => {
    live.attachSocket(req, socket);
  });

  app.get('/api/live/hls/:id/index.m3u8', {
    schema: {
      tags: ['live'],
      summary: 'Live HLS (fMP4) playlist of a live token (sliding window; keeps the token alive while polled)',
      params: LiveTokenParams,
      response: { 200: { description: 'HLS playlist', content: { 'application/vnd.apple.mpegurl': { schema: Type.String() } } }, ...errorResponses(404) },
    },
  }, async (req, reply) => {
    const text = await live.hlsPlaylist(callerOf(req), principalKeyOf(req), req.params.id);
    return reply.header('cache-control', NO_STORE).type('application/vnd.apple.mpegurl').send(text);
  });

  app.get('/api/live/hls/:id/init.mp4', { schema: { hide: true, params: LiveTokenParams } }, async (req, reply) => {
    const data = await live.hlsInit(callerOf(req), principalKeyOf(req), req.params.id);
    return reply.header('cache-control', NO_STORE).type('video/mp4').send(Buffer.from(data));
  });

  app.get('/api/live/hls/:id/:segment', { schema: { hide: true, params: LiveSegmentParams } }, async (req, reply) => {
    const seq = Number(req.params.segment.slice(4, -4));
    const data = await live.hlsSegment(callerOf(req), principalKeyOf(req), req.params.id, seq);
    return reply.header('cache-control', NO_STORE).type('video/iso.segment').send(data);
  });

  app.post('/api/live/webrtc/:id', { schema: { hide: true, params: LiveTokenParams, body: WebRtcOfferBody } }, async (req, reply) => {
    const answer = await live.webrtcAnswer(callerOf(req), principalKeyOf(req), req.params.id, req.body.sdp);
    return reply.header('cache-control', NO_STORE).send(answer);
  });
}
