import { Type } from 'typebox';
import { Closed, Description, Id, Name, Timestamp } from '../../http/schemas';

const Kind = Type.Union([Type.Literal('rtsp'), Type.Literal('rtmp'), Type.Literal('http'), Type.Literal('file')]);
const Url = Type.String({ minLength: 1, maxLength: 2048 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Location = Type.Object(
  {
    latitude: Type.Optional(Nullable(Type.Number())),
    longitude: Type.Optional(Nullable(Type.Number())),
    address: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  Closed,
);

export const ProbeSchema = Type.Object(
  {
    ok: Type.Boolean(),
    at: Timestamp,
    stream: Type.Union([Type.Literal('main'), Type.Literal('sub')]),
    elapsedMs: Type.Number(),
    video: Type.Optional(
      Type.Object({
        codec: Type.String(),
        profile: Type.Optional(Type.String()),
        width: Type.Integer(),
        height: Type.Integer(),
        fps: Nullable(Type.Number()),
        bitRateKbps: Nullable(Type.Number()),
        pixFmt: Type.Optional(Type.String()),
      }),
    ),
    audio: Type.Optional(Nullable(Type.Object({ codec: Type.String(), sampleRate: Nullable(Type.Number()), channels: Nullable(Type.Number()) }))),
    container: Type.Optional(Type.String()),
    durationS: Type.Optional(Nullable(Type.Number())),
    reason: Type.Optional(Type.String({ description: 'unreachable, auth_refused, not_found, not_video, timeout, unsupported or error' })),
    message: Type.Optional(Type.String()),
    detail: Type.Optional(Type.String()),
  },
  { $id: 'ProbeResult' },
);

export const CameraSchema = Type.Object(
  {
    id: Type.String(),
    domainId: Type.String(),
    domainName: Type.String(),
    name: Type.String(),
    kind: Kind,
    mainUrl: Type.String({ description: 'Without credentials' }),
    subUrl: Nullable(Type.String()),
    username: Nullable(Type.String()),
    hasPassword: Type.Boolean({ description: 'The password itself is never returned' }),
    tags: Type.Array(Type.String()),
    location: Type.Object({ latitude: Nullable(Type.Number()), longitude: Nullable(Type.Number()), address: Nullable(Type.String()) }),
    description: Type.String(),
    enabled: Type.Boolean(),
    groupIds: Type.Array(Type.String()),
    lastProbe: Nullable(Type.Ref('ProbeResult')),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'Camera' },
);

const common = {
  subUrl: Type.Optional(Nullable(Url)),
  username: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  password: Type.Optional(Nullable(Type.String({ maxLength: 200, description: 'Write-only; null clears it' }))),
  tags: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 32 })),
  location: Type.Optional(Location),
  description: Type.Optional(Description),
  enabled: Type.Optional(Type.Boolean()),
  groupIds: Type.Optional(Type.Array(Id, { maxItems: 100 })),
};

export const CameraCreateBody = Type.Object({ domainId: Id, name: Name, kind: Kind, mainUrl: Url, ...common }, Closed);
export const CameraUpdateBody = Type.Object(
  { domainId: Type.Optional(Id), name: Type.Optional(Name), kind: Type.Optional(Kind), mainUrl: Type.Optional(Url), ...common },
  Closed,
);

export const ProbeUnsavedBody = Type.Object(
  {
    domainId: Id,
    kind: Kind,
    url: Url,
    username: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    password: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  },
  Closed,
);

export const CameraListQuery = Type.Object(
  {
    domainId: Type.Optional(Id),
    includeSubdomains: Type.Optional(Type.Boolean({ description: 'With domainId: also cameras of its sub-domains' })),
    groupId: Type.Optional(Id),
    tag: Type.Optional(Type.String({ maxLength: 64 })),
    kind: Type.Optional(Kind),
    q: Type.Optional(Type.String({ maxLength: 120, description: 'Text in the name or description' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000, default: 500 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  },
  Closed,
);

export const ImportBody = Type.Object(
  {
    format: Type.Union([Type.Literal('csv'), Type.Literal('json')]),
    content: Type.String({ minLength: 1, description: 'CSV with a header row, or a JSON array of cameras' }),
    domainId: Id,
    dryRun: Type.Optional(Type.Boolean({ description: 'Check every row, create nothing' })),
  },
  Closed,
);

export const ImportResultSchema = Type.Object({
  total: Type.Integer(),
  created: Type.Integer(),
  failed: Type.Integer(),
  dryRun: Type.Boolean(),
  rows: Type.Array(
    Type.Object({
      row: Type.Integer(),
      name: Type.String(),
      ok: Type.Boolean(),
      cameraId: Nullable(Type.String()),
      errors: Type.Array(Type.Object({ field: Type.String(), message: Type.String() })),
    }),
  ),
});
