import { Type, type Static } from 'typebox';
import { Closed, Id, Name, Timestamp, Description } from '../../http/schemas';

const Coord = Type.Number({ minimum: 0, maximum: 1 });
const PointSchema = Type.Tuple([Coord, Coord]);
const ShortName = Type.String({ minLength: 1, maxLength: 60, pattern: '\\S' });

export const ZoneSchema = Type.Object({ id: Type.Optional(ShortName), name: ShortName, polygon: Type.Array(PointSchema, { maxItems: 64 }) }, Closed);
export const LineSchema = Type.Object({ id: Type.Optional(ShortName), name: ShortName, from: PointSchema, to: PointSchema }, Closed);

const Hhmm = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });
const ScheduleSchema = Type.Union([
  Type.Object({ kind: Type.Literal('always') }, Closed),
  Type.Object({
    kind: Type.Literal('windows'),
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    windows: Type.Array(Type.Object({ days: Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), { minItems: 1, maxItems: 7 }), start: Hhmm, end: Hhmm }, Closed), { minItems: 1, maxItems: 32 }),
  }, Closed),
  Type.Object({
    kind: Type.Literal('cron'),
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    expression: Type.String({ minLength: 9, maxLength: 120 }),
    durationMinutes: Type.Integer({ minimum: 1, maximum: 1440 }),
  }, Closed),
]);

export const RuleSchema = Type.Object({
  id: Type.Optional(ShortName),
  name: Type.Optional(ShortName),
  type: Type.Union([Type.Literal('intrusion'), Type.Literal('crossing'), Type.Literal('loitering'), Type.Literal('counting'), Type.Literal('crowd'), Type.Literal('left_behind'), Type.Literal('removed')]),
  zone: Type.Optional(ShortName),
  line: Type.Optional(ShortName),
  classes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 80 })),
  minConfidence: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  minBoxArea: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  minSeconds: Type.Optional(Type.Number({ minimum: 0, maximum: 86400 })),
  event: Type.Optional(Type.Union([Type.Literal('enter'), Type.Literal('exit'), Type.Literal('presence')])),
  direction: Type.Optional(Type.Union([Type.Literal('a2b'), Type.Literal('b2a'), Type.Literal('both')])),
  threshold: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
  intervalSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 86400 })),
  cooldownSeconds: Type.Optional(Type.Number({ minimum: 0, maximum: 86400 })),
  schedule: Type.Optional(ScheduleSchema),
  severity: Type.Optional(Type.Union([Type.Literal('info'), Type.Literal('minor'), Type.Literal('major'), Type.Literal('critical')])),
}, Closed);

export const RuleSetSchema = Type.Object({
  zones: Type.Array(ZoneSchema, { maxItems: 32 }),
  lines: Type.Array(LineSchema, { maxItems: 32 }),
  rules: Type.Array(RuleSchema, { minItems: 1, maxItems: 64 }),
}, Closed);
export type RuleSetBody = Static<typeof RuleSetSchema>;

export const AlgorithmRef = Type.Object({ id: Type.String({ minLength: 1, maxLength: 60 }), version: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })) }, Closed);
export const TaskParams = Type.Object({
  fps: Type.Optional(Type.Integer({ minimum: 1, maximum: 15 })),
  inputSize: Type.Optional(Type.Integer({ minimum: 160, maximum: 1280 })),
  minConfidence: Type.Optional(Type.Number({ minimum: 0.05, maximum: 1 })),
  keyframesOnly: Type.Optional(Type.Boolean({ description: 'Decode only key frames (about one a second or less): the cheap mode for very many cameras; fps then is at most the key-frame rate' })),
}, Closed);
export type TaskParamsBody = Static<typeof TaskParams>;
const CameraIds = Type.Array(Id, { minItems: 1, maxItems: 64, uniqueItems: true });
const Priority = Type.Integer({ minimum: 1, maximum: 10, description: 'Share of the shared detector; the least important jobs are degraded first' });

export const TaskCreateBody = Type.Object({
  name: Name,
  cameraIds: CameraIds,
  algorithm: Type.Optional(AlgorithmRef),
  params: Type.Optional(TaskParams),
  rules: RuleSetSchema,
  priority: Type.Optional(Priority),
  enabled: Type.Optional(Type.Boolean()),
}, Closed);
export type TaskCreate = Static<typeof TaskCreateBody>;

export const TaskUpdateBody = Type.Object({
  name: Type.Optional(Name),
  cameraIds: Type.Optional(CameraIds),
  algorithm: Type.Optional(AlgorithmRef),
  params: Type.Optional(TaskParams),
  rules: Type.Optional(RuleSetSchema),
  priority: Type.Optional(Priority),
  enabled: Type.Optional(Type.Boolean()),
}, Closed);
export type TaskUpdate = Static<typeof TaskUpdateBody>;

export const TaskSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  domainId: Type.String(),
  cameraIds: Type.Array(Type.String()),
  algorithm: Type.Object({ id: Type.String(), version: Type.String() }),
  params: Type.Object({ fps: Type.Integer(), inputSize: Type.Integer(), minConfidence: Type.Number(), keyframesOnly: Type.Boolean() }),
  rules: RuleSetSchema,
  priority: Type.Integer(),
  enabled: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
}, { $id: 'AnalysisTask' });
export type TaskView = Static<typeof TaskSchema>;

export const CameraJobStatus = Type.Object({
  cameraId: Type.String(),
  state: Type.Union([Type.Literal('running'), Type.Literal('paused'), Type.Literal('degraded'), Type.Literal('failing'), Type.Literal('stopped')]),
  reason: Type.Union([Type.String(), Type.Null()]),
  frameSource: Type.Union([Type.Literal('stream'), Type.Literal('direct'), Type.Null()]),
  fpsIn: Type.Number(),
  fpsOut: Type.Number(),
  drops: Type.Integer(),
  inferenceP50Ms: Type.Union([Type.Number(), Type.Null()]),
  inferenceP95Ms: Type.Union([Type.Number(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  lastEventAtMs: Type.Union([Type.Number(), Type.Null()]),
  degradedFps: Type.Union([Type.Number(), Type.Null()]),
});
export const TaskStatusSchema = Type.Object({ taskId: Type.String(), enabled: Type.Boolean(), cameras: Type.Array(CameraJobStatus) });

export const AlgorithmSchema = Type.Object({
  id: Type.String(), name: Type.String(), versions: Type.Array(Type.String()), defaultVersion: Type.String(), classes: Type.Array(Type.String()), inputSizes: Type.Array(Type.Integer()),
});

export const TemplateBodySchema = Type.Object({
  algorithm: Type.Optional(AlgorithmRef),
  params: Type.Optional(TaskParams),
  rules: RuleSetSchema,
  priority: Type.Optional(Priority),
}, Closed);
export type TemplateBody = Static<typeof TemplateBodySchema>;

export const TemplateCreateBody = Type.Object({
  name: Name,
  description: Type.Optional(Description),
  domainId: Id,
  template: TemplateBodySchema,
}, Closed);

export const TemplateSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  builtIn: Type.Boolean(),
  domainId: Type.Union([Type.String(), Type.Null()]),
  template: TemplateBodySchema,
  createdAt: Type.Union([Timestamp, Type.Null()]),
});
export type TemplateView = Static<typeof TemplateSchema>;

export const ApplyBody = Type.Object({
  cameraIds: CameraIds,
  namePrefix: Type.Optional(Type.String({ minLength: 1, maxLength: 60, pattern: '\\S' })),
  enabled: Type.Optional(Type.Boolean()),
}, Closed);
export const ApplyResultSchema = Type.Object({
  created: Type.Array(Type.Ref('AnalysisTask')),
  failed: Type.Array(Type.Object({ cameraId: Type.String(), code: Type.String(), message: Type.String() })),
});

export const TemplateIdParams = Type.Object({ id: Type.String({ minLength: 3, maxLength: 64, pattern: '^[a-z]{3}_[0-9a-z-]+$' }) }, Closed);

export const CountsQuery = Type.Object({
  rule: Type.Optional(Type.Integer({ minimum: 0, maximum: 63 })),
  cameraId: Type.Optional(Id),
  from: Type.Optional(Type.Integer({ minimum: 0 })),
  to: Type.Optional(Type.Integer({ minimum: 0 })),
}, Closed);
export const CountsSchema = Type.Object({
  items: Type.Array(Type.Object({ cameraId: Type.String(), ruleIndex: Type.Integer(), atMs: Type.Number(), count: Type.Integer() })),
});
