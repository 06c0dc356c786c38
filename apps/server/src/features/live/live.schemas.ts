import { Type } from 'typebox';

/** Schemas of the live view API (see docs/live.md). */
export const LiveStartBody = Type.Object(
  {
    stream: Type.Optional(Type.Union([Type.Literal('main'), Type.Literal('sub'), Type.Literal('auto')], { description: "Default 'auto': the sub-stream when the camera has one" })),
    transport: Type.Optional(Type.Union([Type.Literal('mse'), Type.Literal('hls'), Type.Literal('webrtc')], { description: "Default 'mse' (fMP4 over WebSocket)" })),
  },
  { additionalProperties: false },
);

export const LiveStartSchema = Type.Object(
  {
    cameraId: Type.String(),
    stream: Type.Union([Type.Literal('main'), Type.Literal('sub')]),
    transport: Type.Union([Type.Literal('mse'), Type.Literal('hls'), Type.Literal('webrtc')]),
    token: Type.String({ description: 'Random live token, bound to the caller\'s session or API token; unused for 60 s it expires' }),
    expiresAt: Type.String({ description: 'ISO time by which the token must be used' }),
    wsUrl: Type.String({ description: 'WebSocket: JSON control messages + fMP4 init segment and fragments' }),
    hlsUrl: Type.String({ description: 'Live HLS (fMP4) playlist; keeps working while polled' }),
    webrtcUrl: Type.Union([Type.String(), Type.Null()], { description: 'WHEP-like offer/answer endpoint; null while WebRTC is not available' }),
  },
  { $id: 'LiveStart', additionalProperties: false },
);

export const LiveUpstreamSchema = Type.Object(
  {
    cameraId: Type.String(),
    stream: Type.Union([Type.Literal('main'), Type.Literal('sub')]),
    state: Type.Union([Type.Literal('connecting'), Type.Literal('live'), Type.Literal('failing')]),
    reason: Type.Union([Type.String(), Type.Null()]),
    viewers: Type.Integer(),
    bitrateKbps: Type.Number(),
    avgBitrateKbps: Type.Number(),
    fps: Type.Number(),
    codec: Type.Union([Type.String(), Type.Null()]),
    width: Type.Union([Type.Integer(), Type.Null()]),
    height: Type.Union([Type.Integer(), Type.Null()]),
    droppedTotal: Type.Integer(),
    startedAt: Type.String(),
    starts: Type.Integer({ description: 'How many times the upstream ffmpeg was started (1 while healthy)' }),
    ingest: Type.Union([Type.Literal('recorder'), Type.Literal('remux')], {
      description: "'recorder': the camera's recorder feeds live view (one camera connection); 'remux': a live ffmpeg of its own",
    }),
  },
  { $id: 'LiveUpstream', additionalProperties: false },
);

export const LiveStatsSchema = Type.Object({ upstreams: Type.Array(Type.Ref('LiveUpstream')) }, { $id: 'LiveStats', additionalProperties: false });

/** The live token in a path (named `id` like every other path id); from the `POST /api/cameras/{id}/live` answer. */
const LiveToken = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$', description: 'Live token' });
export const LiveTokenParams = Type.Object({ id: LiveToken }, { additionalProperties: false });
export const LiveSegmentParams = Type.Object(
  { id: LiveToken, segment: Type.String({ maxLength: 40, pattern: '^seg-[0-9]{1,12}\\.m4s$' }) },
  { additionalProperties: false },
);
export const WebRtcOfferBody = Type.Object({ sdp: Type.String({ minLength: 1, maxLength: 100_000 }), type: Type.Literal('offer') }, { additionalProperties: false });

export const LIVE_SCHEMAS = [LiveStartSchema, LiveUpstreamSchema, LiveStatsSchema];
