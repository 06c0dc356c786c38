import { Type } from 'typebox';
import { Closed, Id, Timestamp } from '../../http/schemas';
import { INSTANT_PATTERN } from './time-range';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const Instant = Type.String({
  maxLength: 40,
  pattern: INSTANT_PATTERN,
  description: 'Epoch milliseconds (digits) or ISO-8601 with a zone, e.g. 2026-01-31T08:00:00Z',
});

export const RangeQuery = Type.Object({ from: Instant, to: Instant }, Closed);

export const RecordingsQuery = Type.Object(
  {
    from: Instant,
    to: Instant,
    minGapMs: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 86_400_000, description: 'Merge ranges separated by holes up to this long (coarser timeline when zoomed out)' }),
    ),
  },
  Closed,
);

const TimeSpan = Type.Object({ start: Timestamp, end: Timestamp, startMs: Type.Integer(), endMs: Type.Integer() });

export const RecordingsSchema = Type.Object(
  {
    cameraId: Type.String(),
    from: Timestamp,
    to: Timestamp,
    fromMs: Type.Integer(),
    toMs: Type.Integer(),
    toleranceMs: Type.Integer({ description: 'Holes up to this long count as continuous' }),
    ranges: Type.Array(Type.Object({ start: Timestamp, end: Timestamp, startMs: Type.Integer(), endMs: Type.Integer(), segments: Type.Integer() }), {
      description: 'Recorded ranges inside [from, to), oldest first, clipped to the window',
    }),
    gaps: Type.Array(TimeSpan, { description: 'Parts of [from, min(to, now)) without video' }),
    segments: Type.Integer(),
    recordedMs: Type.Integer(),
  },
  { $id: 'CameraRecordings' },
);

export const SearchQuery = Type.Object(
  {
    cameraIds: Type.Optional(Type.Array(Id, { maxItems: 500, description: 'Repeat the parameter per camera; default every camera the caller may view' })),
    from: Instant,
    to: Instant,
  },
  Closed,
);

export const SearchSchema = Type.Object(
  {
    from: Timestamp,
    to: Timestamp,
    searched: Type.Integer({ description: 'Cameras searched (those the caller may view)' }),
    items: Type.Array(
      Type.Object({
        cameraId: Type.String(),
        cameraName: Type.String(),
        domainId: Type.String(),
        segments: Type.Integer(),
        recordedMs: Type.Integer(),
        bytes: Type.Integer(),
        firstStart: Timestamp,
        lastEnd: Timestamp,
        firstStartMs: Type.Integer(),
        lastEndMs: Type.Integer(),
      }),
      { description: 'Cameras with video in the range, by name' },
    ),
  },
  { $id: 'RecordingSearch' },
);

const Mode = Type.Union([Type.Literal('continuous'), Type.Literal('event'), Type.Literal('off')]);

const HHMM = Type.String({ pattern: '^([01]\\d|2[0-4]):[0-5]\\d$', maxLength: 5, description: 'HH:MM' });
const ScheduleWindowSchema = Type.Object(
  {
    days: Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), { minItems: 1, maxItems: 7, description: '0 Sunday … 6 Saturday' }),
    start: HHMM,
    end: Type.String({ pattern: '^([01]\\d|2[0-4]):[0-5]\\d$', maxLength: 5, description: 'HH:MM; at or before start: the window runs past midnight' }),
  },
  Closed,
);

export const RecordingStateSchema = Type.Object(
  {
    cameraId: Type.String(),
    cameraName: Type.String(),
    enabled: Type.Boolean(),
    state: Type.Object({
      status: Type.Union(['disabled', 'idle', 'connecting', 'recording', 'failing', 'stopped'].map((s) => Type.Literal(s))),
      mode: Mode,
      sinceMs: Nullable(Type.Integer()),
      reason: Nullable(Type.String()),
      attempt: Nullable(Type.Integer()),
      retryInMs: Nullable(Type.Integer()),
      segments: Type.Integer({ description: 'Segments stored since the recorder started' }),
      spooled: Type.Integer({ description: 'Segments waiting locally for the store' }),
      preRoll: Type.Integer({ description: 'Segments held in the event pre-roll buffer' }),
    }),
    lastSegmentEnd: Nullable(Timestamp),
    lastSegmentEndMs: Nullable(Type.Integer()),
  },
  { $id: 'RecordingState' },
);

const LimitSource = Type.Union(['camera', 'group', 'domain', 'global', 'none'].map((x) => Type.Literal(x)), {
  description: "Where the effective limit comes from: the camera's own setting, its groups' strictest, its domain's or nearest ancestor's, the global default, or none",
});

export const SettingsSchema = Type.Object(
  {
    cameraId: Type.String(),
    mode: Nullable(Mode),
    effectiveMode: Mode,
    maxAgeHours: Nullable(Type.Integer()),
    maxBytes: Nullable(Type.Integer()),
    preRollSegments: Nullable(Type.Integer()),
    postRollSeconds: Nullable(Type.Integer()),
    schedule: Nullable(Type.Array(ScheduleWindowSchema)),
    inSchedule: Type.Boolean({ description: 'Whether the schedule (if any) lets the camera record now' }),
    effective: Type.Object({
      maxAgeHours: Nullable(Type.Integer()),
      maxBytes: Nullable(Type.Integer()),
      maxAgeSource: LimitSource,
      maxBytesSource: LimitSource,
      preRollSegments: Type.Integer(),
      postRollSeconds: Type.Integer(),
    }),
    updatedAt: Nullable(Timestamp),
  },
  { $id: 'RecordingSettings' },
);

export const SettingsBody = Type.Object(
  {
    mode: Type.Optional(Type.Union([Mode, Type.Literal('inherit')], { description: "'inherit' follows the server default" })),
    maxAgeHours: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 24 * 365 * 20, description: 'null: the default' }))),
    maxBytes: Type.Optional(Nullable(Type.Integer({ minimum: 1_000_000, maximum: 2 ** 53 - 1, description: 'null: the default' }))),
    preRollSegments: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 100 }))),
    postRollSeconds: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 3600 }))),
    schedule: Type.Optional(
      Nullable(Type.Array(ScheduleWindowSchema, { minItems: 1, maxItems: 28, description: 'Weekly windows in which the camera records (recording.scheduleTimeZone); null: always' })),
    ),
  },
  Closed,
);

export const SegmentParams = Type.Object(
  { id: Type.String({ minLength: 3, maxLength: 68, pattern: '^[a-z]{3}_[0-9a-z]+(\\.mp4)?$', description: 'Segment id, optionally with .mp4 (players check extensions)' }) },
  Closed,
);

export const ScopePolicySchema = Type.Object(
  {
    scope: Type.Union([Type.Literal('group'), Type.Literal('domain')]),
    id: Type.String(),
    name: Type.String(),
    maxAgeHours: Nullable(Type.Integer({ description: 'null: this level sets no age limit' })),
    maxBytes: Nullable(Type.Integer({ description: 'null: this level sets no size limit' })),
    updatedAt: Nullable(Timestamp),
  },
  { $id: 'RecordingPolicy' },
);

export const ScopePolicyBody = Type.Object(
  {
    maxAgeHours: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 24 * 365 * 20, description: 'Default maximum age (hours) of the cameras below; null: none at this level' }))),
    maxBytes: Type.Optional(Nullable(Type.Integer({ minimum: 1_000_000, maximum: 2 ** 53 - 1, description: 'Default maximum size (bytes) per camera below; null: none at this level' }))),
  },
  Closed,
);

export const HoldBody = Type.Object(
  {
    from: Instant,
    to: Instant,
    until: Type.Optional(Instant),
    reason: Type.String({ minLength: 1, maxLength: 200, description: 'Why the video is kept (shown in the audit log)' }),
  },
  Closed,
);

export const HoldSchema = Type.Object(
  {
    id: Type.String(),
    cameraId: Type.String(),
    fromMs: Type.Integer(),
    toMs: Type.Integer(),
    untilMs: Type.Integer(),
    reason: Type.String(),
    createdByName: Type.String(),
    createdAt: Timestamp,
  },
  { $id: 'RecordingHold' },
);

export const RECORDING_SCHEMAS = [RecordingsSchema, SearchSchema, RecordingStateSchema, SettingsSchema, ScopePolicySchema, HoldSchema];
