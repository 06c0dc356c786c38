import { Type, type Static } from 'typebox';
import { Closed, Id } from '../../http/schemas';
import { INSTANT_PATTERN } from '../recordings/time-range';

/** Wire shapes of the event center (events, review, incidents, tickets, notifications, reports). */

const Instant = Type.String({ pattern: INSTANT_PATTERN, maxLength: 40, description: 'Epoch milliseconds or ISO-8601 time with a zone' });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const EventType = Type.String({ pattern: '^[a-z_]{1,40}$', minLength: 1, maxLength: 40 });
const Severity = Type.Union([Type.Literal('info'), Type.Literal('minor'), Type.Literal('major'), Type.Literal('critical')]);
const EventStateSchema = Type.Union([Type.Literal('new'), Type.Literal('confirmed'), Type.Literal('false_alarm'), Type.Literal('resolved')]);
const TicketStateSchema = Type.Union([Type.Literal('open'), Type.Literal('in_progress'), Type.Literal('resolved'), Type.Literal('closed')]);
const Limit = Type.Integer({ minimum: 1, maximum: 500, default: 100 });
const Cursor = Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' });

const boxProps = {
    x: Type.Number({ minimum: 0, maximum: 1 }),
    y: Type.Number({ minimum: 0, maximum: 1 }),
    w: Type.Number({ minimum: 0, maximum: 1 }),
    h: Type.Number({ minimum: 0, maximum: 1 }),
    className: Type.String({ minLength: 1, maxLength: 60 }),
    confidence: Type.Number({ minimum: 0, maximum: 1 }),
    trackId: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
};
export const EventBoxSchema = Type.Object(boxProps, { $id: 'EventBox', ...Closed });
const EventBoxBody = Type.Object(boxProps, Closed);

export const EventSchema = Type.Object(
  {
    id: Type.String(),
    seq: Type.Integer(),
    cameraId: Type.String(),
    cameraName: Type.String(),
    domainPath: Type.String(),
    origin: Type.Object({
      kind: Type.Union([Type.Literal('rule'), Type.Literal('api'), Type.Literal('system')]),
      taskId: Type.Optional(Type.String()),
      ruleId: Type.Optional(Type.String()),
      ruleName: Type.Optional(Type.String()),
    }),
    type: Type.String(),
    className: Nullable(Type.String()),
    trackId: Nullable(Type.String()),
    severity: Severity,
    state: EventStateSchema,
    count: Type.Integer(),
    occurredAtMs: Type.Integer({ description: 'When the first firing happened (epoch ms)' }),
    firstAtMs: Type.Integer(),
    lastAtMs: Type.Integer(),
    createdAtMs: Type.Integer(),
    confidence: Nullable(Type.Number()),
    boxes: Type.Array(Type.Ref('EventBox')),
    details: Type.Record(Type.String(), Type.Unknown()),
    hasSnapshot: Type.Boolean(),
    hasCrop: Type.Boolean(),
    dedupKey: Type.String(),
    reviewedBy: Nullable(Type.String()),
    reviewedAt: Nullable(Type.String()),
    reviewReason: Nullable(Type.String()),
    assigneeUserId: Nullable(Type.String()),
    incidentId: Nullable(Type.String()),
  },
  { $id: 'Event' },
);

export const EventNoteSchema = Type.Object(
  { id: Type.String(), eventId: Type.String(), text: Type.String(), authorId: Nullable(Type.String()), authorName: Type.String(), createdAt: Type.String() },
  { $id: 'EventNote' },
);

export const EventReviewSchema = Type.Object(
  {
    id: Type.String(),
    eventId: Type.String(),
    action: Type.String(),
    fromState: Type.String(),
    toState: Type.String(),
    reason: Nullable(Type.String()),
    actorId: Nullable(Type.String()),
    actorName: Type.String(),
    createdAt: Type.String(),
  },
  { $id: 'EventReview' },
);

export const IncidentSchema = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    domainPath: Type.String(),
    eventIds: Type.Array(Type.String()),
    createdById: Nullable(Type.String()),
    createdByName: Type.String(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { $id: 'Incident' },
);

export const TicketCommentSchema = Type.Object(
  { id: Type.String(), ticketId: Type.String(), text: Type.String(), authorId: Nullable(Type.String()), authorName: Type.String(), createdAt: Type.String() },
  { $id: 'TicketComment' },
);

export const TicketHistorySchema = Type.Object(
  { fromState: Nullable(Type.String()), toState: Type.String(), actorName: Type.String(), createdAt: Type.String() },
  { $id: 'TicketHistory' },
);

export const TicketSchema = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    description: Type.String(),
    state: TicketStateSchema,
    domainPath: Type.String(),
    assigneeUserId: Nullable(Type.String()),
    dueAt: Nullable(Type.String()),
    eventIds: Type.Array(Type.String()),
    createdById: Nullable(Type.String()),
    createdByName: Type.String(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { $id: 'Ticket' },
);

export const TicketDetailSchema = Type.Intersect([Type.Ref('Ticket'), Type.Object({ comments: Type.Array(Type.Ref('TicketComment')), history: Type.Array(Type.Ref('TicketHistory')) })], {
  $id: 'TicketDetail',
});

export const EventDetailSchema = Type.Intersect(
  [
    Type.Ref('Event'),
    Type.Object({
      notes: Type.Array(Type.Ref('EventNote')),
      reviews: Type.Array(Type.Ref('EventReview')),
      incident: Nullable(Type.Ref('Incident')),
      tickets: Type.Array(Type.Ref('Ticket')),
      recording: Type.Object({
        cameraId: Type.String(),
        fromMs: Type.Integer(),
        toMs: Type.Integer(),
        playbackUrl: Type.String({ description: 'HLS playlist of the clip around the event (recordings slice)' }),
      }),
    }),
  ],
  { $id: 'EventDetail' },
);

export const NotificationSchema = Type.Object(
  {
    id: Type.String(),
    kind: Type.String(),
    title: Type.String(),
    targetType: Type.String(),
    targetId: Type.String(),
    createdAt: Type.String(),
    readAt: Nullable(Type.String()),
  },
  { $id: 'Notification' },
);

export const EVENT_SCHEMAS = [
  EventBoxSchema,
  EventSchema,
  EventNoteSchema,
  EventReviewSchema,
  IncidentSchema,
  TicketCommentSchema,
  TicketHistorySchema,
  TicketSchema,
  TicketDetailSchema,
  EventDetailSchema,
  NotificationSchema,
] as const;

// ---- requests ----

const CsvIds = Type.String({ maxLength: 4000, pattern: '^[a-z]{3}_[0-9a-z]+(,[a-z]{3}_[0-9a-z]+)*$', description: 'Comma-separated ids' });

export const EventFilterProps = {
  from: Type.Optional(Instant),
  to: Type.Optional(Instant),
  cameraIds: Type.Optional(CsvIds),
  domainId: Type.Optional(Id),
  type: Type.Optional(EventType),
  ruleId: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
  taskId: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
  className: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
  state: Type.Optional(EventStateSchema),
  severity: Type.Optional(Severity),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
};

export const EventsQuery = Type.Object({ ...EventFilterProps, cursor: Type.Optional(Cursor), limit: Type.Optional(Limit) }, Closed);
export type EventsQueryT = Static<typeof EventsQuery>;

export const StreamQuery = Type.Object(
  {
    cameraIds: EventFilterProps.cameraIds,
    domainId: EventFilterProps.domainId,
    type: EventFilterProps.type,
    taskId: EventFilterProps.taskId,
    ruleId: EventFilterProps.ruleId,
    className: EventFilterProps.className,
    severity: EventFilterProps.severity,
    lastEventId: Type.Optional(Type.String({ pattern: '^\\d{1,15}$', description: 'Resume after this seq (same as the Last-Event-ID header)' })),
  },
  Closed,
);
export type StreamQueryT = Static<typeof StreamQuery>;

export const CreateEventBody = Type.Object(
  {
    cameraId: Id,
    type: EventType,
    className: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    trackId: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    severity: Type.Optional(Severity),
    occurredAt: Type.Optional(Instant),
    confidence: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    boxes: Type.Optional(Type.Array(EventBoxBody, { maxItems: 100 })),
    details: Type.Optional(Type.Record(Type.String({ maxLength: 60 }), Type.Unknown(), { maxProperties: 50 })),
    dedupKey: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    dedupWindowSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400 })),
  },
  Closed,
);
export type CreateEventBodyT = Static<typeof CreateEventBody>;

export const ReviewBody = Type.Object(
  {
    action: Type.Union([Type.Literal('confirm'), Type.Literal('false_alarm'), Type.Literal('reopen'), Type.Literal('resolve')]),
    reason: Type.Optional(Text(500)),
  },
  Closed,
);
export type ReviewBodyT = Static<typeof ReviewBody>;

export const NoteBody = Type.Object({ text: Text(4000) }, Closed);
export const AssignBody = Type.Object({ userId: Nullable(Id) }, Closed);

export const CreateIncidentBody = Type.Object({ title: Text(200), eventIds: Type.Array(Id, { minItems: 1, maxItems: 200 }) }, Closed);
export const IncidentEventsBody = Type.Object({ eventIds: Type.Array(Id, { minItems: 1, maxItems: 200 }) }, Closed);
export const ListQuery = Type.Object({ cursor: Type.Optional(Cursor), limit: Type.Optional(Limit) }, Closed);

export const CreateTicketBody = Type.Object(
  {
    title: Text(200),
    description: Type.Optional(Type.String({ maxLength: 8000 })),
    eventIds: Type.Array(Id, { minItems: 0, maxItems: 200 }),
    assigneeUserId: Type.Optional(Nullable(Id)),
    dueAt: Type.Optional(Nullable(Instant)),
  },
  Closed,
);
export type CreateTicketBodyT = Static<typeof CreateTicketBody>;

export const PatchTicketBody = Type.Object(
  {
    title: Type.Optional(Text(200)),
    description: Type.Optional(Type.String({ maxLength: 8000 })),
    state: Type.Optional(TicketStateSchema),
    assigneeUserId: Type.Optional(Nullable(Id)),
    dueAt: Type.Optional(Nullable(Instant)),
  },
  { ...Closed, minProperties: 1 },
);
export type PatchTicketBodyT = Static<typeof PatchTicketBody>;

export const TicketsQuery = Type.Object(
  {
    state: Type.Optional(TicketStateSchema),
    assigneeUserId: Type.Optional(Id),
    eventId: Type.Optional(Id),
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Limit),
  },
  Closed,
);
export type TicketsQueryT = Static<typeof TicketsQuery>;

export const CommentBody = Type.Object({ text: Text(4000) }, Closed);

export const NotificationsQuery = Type.Object({ unreadOnly: Type.Optional(Type.Boolean()), limit: Type.Optional(Limit) }, Closed);

const Format = Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')]));
const Bucket = Type.Union([Type.Literal('hour'), Type.Literal('day')]);

export const EventsReportQuery = Type.Object(
  {
    from: Instant,
    to: Instant,
    bucket: Type.Optional(Bucket),
    groupBy: Type.Optional(Type.Union([Type.Literal('camera'), Type.Literal('rule'), Type.Literal('type'), Type.Literal('class'), Type.Literal('outcome')])),
    domainId: Type.Optional(Id),
    format: Format,
  },
  Closed,
);
export type EventsReportQueryT = Static<typeof EventsReportQuery>;

export const CountsReportQuery = Type.Object(
  {
    taskId: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    ruleId: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    from: Instant,
    to: Instant,
    bucket: Type.Optional(Bucket),
    format: Format,
  },
  Closed,
);
export type CountsReportQueryT = Static<typeof CountsReportQuery>;

export const EventsReportSchema = Type.Object({
  from: Type.Integer(),
  to: Type.Integer(),
  bucket: Bucket,
  groupBy: Type.String(),
  buckets: Type.Array(Type.Integer({ description: 'Bucket starts (epoch ms, UTC)' })),
  series: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), counts: Type.Array(Type.Integer()), total: Type.Integer() })),
  total: Type.Integer(),
  meanTimeToAcknowledgeMs: Nullable(Type.Number({ description: 'Mean of first review − creation over reviewed events' })),
  reviewed: Type.Integer(),
});

export const CountsReportSchema = Type.Object({
  from: Type.Integer(),
  to: Type.Integer(),
  bucket: Bucket,
  points: Type.Array(
    Type.Object({
      t: Type.Integer(),
      in: Type.Integer({ description: 'Line crossings inwards (crossing events with details.direction "in")' }),
      out: Type.Integer({ description: 'Line crossings outwards' }),
      samples: Type.Integer({ description: 'Counting samples (task_counts) in the bucket' }),
      mean: Type.Number({ description: 'Mean objects in the zone over the samples' }),
      peak: Type.Integer({ description: 'Most objects in the zone in one sample' }),
    }),
  ),
  totals: Type.Object({ in: Type.Integer(), out: Type.Integer() }),
});
