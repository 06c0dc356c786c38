import { Type } from 'typebox';
import { Closed, Id, Name, Timestamp } from '../../http/schemas';
import { Instant } from '../recordings/recordings.schemas';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Severity = Type.Union([Type.Literal('info'), Type.Literal('minor'), Type.Literal('major'), Type.Literal('critical')]);
const Token = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9_.-]+$' });
const Url = Type.String({ minLength: 1, maxLength: 2000, description: 'http(s) URL of the receiver; see the SSRF rules in docs/subscriptions.md' });

export const FiltersInput = Type.Object(
  {
    domainIds: Type.Optional(Type.Array(Id, { maxItems: 100, description: 'Events of these domains (empty: all)' })),
    includeSubdomains: Type.Optional(Type.Boolean({ description: 'Also events of sub-domains of domainIds (default true)' })),
    cameraIds: Type.Optional(Type.Array(Id, { maxItems: 1000 })),
    ruleIds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 1000 })),
    types: Type.Optional(Type.Array(Token, { maxItems: 100, description: "Event types, e.g. 'intrusion'" })),
    classes: Type.Optional(Type.Array(Token, { maxItems: 100, description: "Object classes, e.g. 'person'" })),
    minSeverity: Type.Optional(Nullable(Severity)),
  },
  Closed,
);

const Filters = Type.Object({
  domainIds: Type.Array(Type.String()),
  includeSubdomains: Type.Boolean(),
  cameraIds: Type.Array(Type.String()),
  ruleIds: Type.Array(Type.String()),
  types: Type.Array(Type.String()),
  classes: Type.Array(Type.String()),
  minSeverity: Nullable(Severity),
});

const DeliveryOutcome = Type.Union([Type.Literal('delivered'), Type.Literal('failed'), Type.Literal('gave_up')]);

export const WebhookSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    url: Type.String(),
    enabled: Type.Boolean(),
    filters: Filters,
    cursorSeq: Type.Integer({ description: 'The last event seq delivered (or filtered out); -1 until the first round fixes "now"' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    status: Type.Object({
      failing: Type.Boolean(),
      consecutiveFailures: Type.Integer(),
      nextAttemptAt: Nullable(Timestamp),
      lastError: Nullable(Type.String()),
      backlog: Nullable(Type.Integer({ description: 'Events after the cursor (before filtering), as of the last round' })),
      lagSeconds: Type.Number({ description: 'Age of the oldest event waiting for a retry (0 when none)' }),
      replayPending: Type.Boolean(),
      lastDelivery: Nullable(
        Type.Object({ at: Timestamp, kind: Type.String(), outcome: DeliveryOutcome, statusCode: Nullable(Type.Integer()), error: Nullable(Type.String()) }),
      ),
    }),
  },
  { $id: 'Webhook', additionalProperties: false },
);

export const WebhookCreateBody = Type.Object(
  {
    name: Name,
    url: Url,
    enabled: Type.Optional(Type.Boolean()),
    filters: Type.Optional(FiltersInput),
    startFrom: Type.Optional(Type.Union([Type.Literal('now'), Type.Literal('all')], { description: "'now' (default): only events stored from now on; 'all': every stored event" })),
  },
  Closed,
);

export const WebhookPatchBody = Type.Object(
  { name: Type.Optional(Name), url: Type.Optional(Url), enabled: Type.Optional(Type.Boolean()), filters: Type.Optional(FiltersInput) },
  Closed,
);

export const WebhookWithSecret = Type.Object(
  {
    webhook: Type.Ref('Webhook'),
    secret: Type.String({ description: 'The signing secret; shown only now' }),
  },
  Closed,
);

export const DeliverySchema = Type.Object(
  {
    id: Type.String(),
    deliveryId: Type.String(),
    kind: Type.Union([Type.Literal('event'), Type.Literal('replay'), Type.Literal('ping')]),
    eventId: Nullable(Type.String()),
    seq: Nullable(Type.Integer()),
    attempt: Type.Integer(),
    outcome: DeliveryOutcome,
    statusCode: Nullable(Type.Integer()),
    durationMs: Type.Integer(),
    error: Nullable(Type.String()),
    at: Timestamp,
  },
  { $id: 'WebhookDelivery', additionalProperties: false },
);

export const DeliveriesQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 64, pattern: '^whd_[0-9a-z]+$', description: 'nextCursor of the previous page' })),
  },
  Closed,
);

export const DeliveryPage = Type.Object({ items: Type.Array(Type.Ref('WebhookDelivery')), nextCursor: Nullable(Type.String()) }, Closed);

export const ReplayBody = Type.Object({ from: Instant, to: Instant }, Closed);

export const ReplayAnswer = Type.Object(
  { replayId: Type.String({ description: "Carried in X-Argus-Replay and the payload's replay.id; idempotency keys end in ':replay-<replayId>'" }), from: Timestamp, to: Timestamp },
  Closed,
);

export const PingAnswer = Type.Object(
  { ok: Type.Boolean(), deliveryId: Type.String(), statusCode: Nullable(Type.Integer()), durationMs: Type.Integer(), error: Nullable(Type.String()) },
  Closed,
);

export const MqttStatusSchema = Type.Object(
  {
    enabled: Type.Boolean(),
    connected: Type.Boolean(),
    broker: Type.String({ description: 'Broker URL without credentials' }),
    topicPrefix: Type.String(),
    lastPublishAt: Nullable(Timestamp),
    cursorSeq: Nullable(Type.Integer()),
    backlog: Nullable(Type.Integer()),
    published: Type.Integer(),
    lastError: Nullable(Type.String()),
  },
  { $id: 'MqttStatus', additionalProperties: false },
);
