import { Type, type Static } from 'typebox';
import { Closed, Id, Timestamp } from '../../http/schemas';
import { Instant } from '../recordings/recordings.schemas';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const RecordedRange = Type.Object({ from: Timestamp, to: Timestamp, fromMs: Type.Number(), toMs: Type.Number() }, Closed);

export const TaskRunSchema = Type.Object(
  {
    id: Type.String(),
    taskId: Type.String(),
    cameraId: Type.String(),
    source: Type.Union([Type.Literal('file'), Type.Literal('range'), Type.Literal('upload')], { description: 'A video file inside the media roots, the camera\'s recording of a time range, or an uploaded video' }),
    file: Nullable(Type.String({ description: 'The file (source file), or the uploaded file\'s name (source upload)' })),
    startS: Nullable(Type.Number()),
    durationS: Nullable(Type.Number()),
    from: Nullable(Timestamp),
    to: Nullable(Timestamp),
    fromMs: Nullable(Type.Number()),
    toMs: Nullable(Type.Number()),
    covered: Type.Array(RecordedRange, { description: 'Recorded ranges the run analyses (source range; from the first key frame at or before `from`); empty until the recording is read' }),
    gaps: Type.Array(RecordedRange, { description: 'Parts of the requested range without recorded video (not analysed)' }),
    state: Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('failed'), Type.Literal('cancelled')]),
    progress: Type.Number({ minimum: 0, maximum: 1 }),
    events: Type.Integer({ description: 'Rule firings (events) so far' }),
    error: Nullable(Type.String()),
    createdBy: Type.Object({ id: Nullable(Type.String()), name: Type.String() }, Closed),
    startedAt: Timestamp,
    finishedAt: Nullable(Timestamp),
    startedAtMs: Type.Number(),
    finishedAtMs: Nullable(Type.Number()),
  },
  { $id: 'TaskRun', additionalProperties: false },
);
export type TaskRunView = Static<typeof TaskRunSchema>;

export const TaskRunBody = Type.Object(
  {
    cameraId: Id,
    file: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, description: 'A video file (path or file: URL) inside the configured media roots; or give from and to' })),
    startS: Type.Optional(Type.Number({ minimum: 0, maximum: 864000, description: 'With file: where to start in the file' })),
    durationS: Type.Optional(Type.Number({ minimum: 1, maximum: 864000, description: 'With file: how much of the file to analyse' })),
    from: Type.Optional(Instant),
    to: Type.Optional(Instant),
    uploadId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'A video uploaded with POST /api/analysis/uploads (by the same caller)' })),
  },
  { ...Closed, description: 'Exactly one source: `file` (a video file), `from` and `to` (the camera\'s recording of that range) or `uploadId` (an uploaded video)' },
);
export type TaskRunRequest = Static<typeof TaskRunBody>;

export const TaskRunsQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 64, pattern: '^run_[0-9a-z]+$', description: 'nextCursor of the previous page' })),
  },
  Closed,
);

export const TaskRunPage = Type.Object({ items: Type.Array(Type.Ref('TaskRun')), nextCursor: Nullable(Type.String()) }, Closed);
