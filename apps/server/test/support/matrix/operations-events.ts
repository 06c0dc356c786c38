import type { Org } from './org';
import type { Builder, BuildContext } from './operations';
import { none, nonEmpty, sideDomain, targeted } from './plan-helpers';

// ---- helpers: events published straight into the server under test (the event center's own sink), as a rule would ----
let seeds = 0;

async function cameraOf({ org, side }: BuildContext): Promise<string> {
  void sideDomain;
  return side === 'out' ? org.cameraB : org.cameraA1;
}

/** An event on the side's camera, with a snapshot and a crop in the blob store. */
async function seedEvent(ctx: BuildContext): Promise<string> {
  const c = ctx.org.t.server.container;
  const n = ++seeds;
  const snapshotKey = `events/matrix/${n}/snapshot.jpg`;
  const cropKey = `events/matrix/${n}/crop.jpg`;
  await c.blobs.put(snapshotKey, Buffer.from([0xff, 0xd8, 0xff, 0xd9]));
  await c.blobs.put(cropKey, Buffer.from([0xff, 0xd8, 0xff, 0xd9]));
  const r = await c.events.sink.publish({
    cameraId: await cameraOf(ctx),
    origin: { kind: 'rule', taskId: 'tsk_matrix', ruleId: 'rul_matrix', ruleName: 'Matrix' },
    type: 'intrusion',
    className: 'person',
    trackId: `matrix-${n}`,
    severity: 'major',
    occurredAtMs: Date.now() - 60_000 + n,
    confidence: 0.8,
    boxes: [],
    snapshotKey,
    cropKey,
  });
  return r.event.id;
}

async function seedIncident(ctx: BuildContext): Promise<{ id: string; eventId: string }> {
  const eventId = await seedEvent(ctx);
  const r = await ctx.org.t.admin.post('/api/incidents', { title: ctx.f.uniq('matrix-incident'), eventIds: [eventId] });
  if (r.status !== 201) throw new Error(`matrix incident: ${r.status} ${r.text}`);
  return { id: r.body.id, eventId };
}

async function seedTicket(ctx: BuildContext): Promise<string> {
  const eventId = await seedEvent(ctx);
  const r = await ctx.org.t.admin.post('/api/tickets', { title: ctx.f.uniq('matrix-ticket'), eventIds: [eventId] });
  if (r.status !== 201) throw new Error(`matrix ticket: ${r.status} ${r.text}`);
  return r.body.id;
}

function rows(org: Org, table: 'events' | 'incidents' | 'tickets', id: string): () => Promise<string> {
  const db = org.t.server.container.db.kysely;
  return async () => {
    if (table === 'events') {
      return JSON.stringify([
        await db.selectFrom('events').selectAll().where('id', '=', id).execute(),
        await db.selectFrom('event_notes').selectAll().where('event_id', '=', id).execute(),
        await db.selectFrom('event_reviews').selectAll().where('event_id', '=', id).execute(),
      ]);
    }
    if (table === 'incidents') {
      return JSON.stringify([
        await db.selectFrom('incidents').selectAll().where('id', '=', id).execute(),
        await db.selectFrom('incident_events').selectAll().where('incident_id', '=', id).orderBy('event_id').execute(),
      ]);
    }
    return JSON.stringify([
      await db.selectFrom('tickets').selectAll().where('id', '=', id).execute(),
      await db.selectFrom('ticket_comments').selectAll().where('ticket_id', '=', id).execute(),
    ]);
  };
}

/** Events of a camera (a refused POST /api/events must add none). */
function cameraEvents(org: Org, cameraId: string): () => Promise<string> {
  const db = org.t.server.container.db.kysely;
  return async () => JSON.stringify(await db.selectFrom('events').select(['id', 'count']).where('camera_id', '=', cameraId).orderBy('id').execute());
}

/** How to exercise each operation of the event center (issue 7) slice; see operations.ts for the helpers. */
export const EVENT_BUILDERS: Record<string, Builder> = {
  'GET /api/events': targeted(async (ctx) => {
    await seedEvent(ctx);
    const cam = await cameraOf(ctx);
    return { method: 'GET', url: `/api/events?cameraIds=${cam}`, subjects: [cam], okCheck: nonEmpty };
  }),
  'GET /api/events/stream': none(() => ({ method: 'GET', url: '/api/events/stream?lastEventId=0', subjects: [] })),
  'POST /api/events': targeted(async (ctx) => {
    const cam = await cameraOf(ctx);
    return { method: 'POST', url: '/api/events', body: { cameraId: cam, type: 'matrix_event' }, subjects: [cam], state: cameraEvents(ctx.org, cam) };
  }),
  'GET /api/events/{id}': targeted(async (ctx) => {
    const id = await seedEvent(ctx);
    return { method: 'GET', url: `/api/events/${id}`, subjects: [id] };
  }),
  'GET /api/events/{id}/snapshot.jpg': targeted(async (ctx) => {
    const id = await seedEvent(ctx);
    return { method: 'GET', url: `/api/events/${id}/snapshot.jpg`, subjects: [id] };
  }),
  'GET /api/events/{id}/crop.jpg': targeted(async (ctx) => {
    const id = await seedEvent(ctx);
    return { method: 'GET', url: `/api/events/${id}/crop.jpg`, subjects: [id] };
  }),
  'POST /api/events/{id}/review': targeted(async (ctx) => {
    const id = await seedEvent(ctx);
    return { method: 'POST', url: `/api/events/${id}/review`, body: { action: 'confirm' }, subjects: [id], state: rows(ctx.org, 'events', id) };
  }),
  'POST /api/events/{id}/notes': targeted(async (ctx) => {
    const id = await seedEvent(ctx);
    return { method: 'POST', url: `/api/events/${id}/notes`, body: { text: 'matrix note' }, subjects: [id], state: rows(ctx.org, 'events', id) };
  }),
  'POST /api/events/{id}/assign': targeted(async (ctx) => {
    const id = await seedEvent(ctx);
    return { method: 'POST', url: `/api/events/${id}/assign`, body: { userId: ctx.org.staffA1 }, subjects: [id], state: rows(ctx.org, 'events', id) };
  }),
  'POST /api/incidents': targeted(async (ctx) => {
    const id = await seedEvent(ctx);
    return { method: 'POST', url: '/api/incidents', body: { title: 'matrix incident', eventIds: [id] }, subjects: [id], state: rows(ctx.org, 'events', id) };
  }),
  'GET /api/incidents': none(() => ({ method: 'GET', url: '/api/incidents', subjects: [] })),
  'GET /api/incidents/{id}': targeted(async (ctx) => {
    const { id } = await seedIncident(ctx);
    return { method: 'GET', url: `/api/incidents/${id}`, subjects: [id] };
  }),
  'POST /api/incidents/{id}/events': targeted(async (ctx) => {
    const { id } = await seedIncident(ctx);
    const eventId = await seedEvent(ctx);
    return { method: 'POST', url: `/api/incidents/${id}/events`, body: { eventIds: [eventId] }, subjects: [id, eventId], state: rows(ctx.org, 'incidents', id) };
  }),
  'POST /api/tickets': targeted(async (ctx) => {
    const id = await seedEvent(ctx);
    return { method: 'POST', url: '/api/tickets', body: { title: 'matrix ticket', eventIds: [id] }, subjects: [id], state: rows(ctx.org, 'events', id) };
  }),
  'GET /api/tickets': none(() => ({ method: 'GET', url: '/api/tickets', subjects: [] })),
  'GET /api/tickets/{id}': targeted(async (ctx) => {
    const id = await seedTicket(ctx);
    return { method: 'GET', url: `/api/tickets/${id}`, subjects: [id] };
  }),
  'PATCH /api/tickets/{id}': targeted(async (ctx) => {
    const id = await seedTicket(ctx);
    return { method: 'PATCH', url: `/api/tickets/${id}`, body: { state: 'in_progress' }, subjects: [id], state: rows(ctx.org, 'tickets', id) };
  }),
  'POST /api/tickets/{id}/comments': targeted(async (ctx) => {
    const id = await seedTicket(ctx);
    return { method: 'POST', url: `/api/tickets/${id}/comments`, body: { text: 'matrix comment' }, subjects: [id], state: rows(ctx.org, 'tickets', id) };
  }),
  'GET /api/me/notifications': none(() => ({ method: 'GET', url: '/api/me/notifications', subjects: [] })),
  'POST /api/me/notifications/{id}/read': none(async ({ org, p, f }) => {
    const id = `ntf_${f.uniq('m').replace(/[^0-9a-z]/g, '')}`;
    if (p.userId) {
      await org.t.server.container.db.kysely
        .insertInto('notifications')
        .values({ id, user_id: p.userId, kind: 'matrix', title: 'matrix', target_type: 'event', target_id: 'evt_x', created_at: new Date().toISOString(), read_at: null })
        .execute();
    }
    return { method: 'POST', url: `/api/me/notifications/${id}/read`, subjects: [] };
  }),
  'GET /api/reports/events': none(() => ({ method: 'GET', url: `/api/reports/events?from=${Date.now() - 86_400_000}&to=${Date.now() + 60_000}&bucket=hour&groupBy=camera`, subjects: [] })),
  'GET /api/reports/counts': none(() => ({ method: 'GET', url: `/api/reports/counts?taskId=tsk_matrix&from=${Date.now() - 86_400_000}&to=${Date.now() + 60_000}`, subjects: [] })),
};
