import { Type } from 'typebox';
import { callerOf } from '../../http/request-context';
import { errorResponses, IdParams } from '../../http/schemas';
import type { ArgusApp } from '../../http/types';
import type { EventsService } from './events.service';
import type { ReportsService } from './reports.service';
import type { TicketsService } from './tickets.service';
import { serveEventStream, type EventStreamHub } from './event-stream';
import {
  AssignBody,
  CommentBody,
  CountsReportQuery,
  CountsReportSchema,
  CreateEventBody,
  CreateIncidentBody,
  CreateTicketBody,
  EventsQuery,
  EventsReportQuery,
  EventsReportSchema,
  IncidentEventsBody,
  ListQuery,
  NoteBody,
  NotificationsQuery,
  PatchTicketBody,
  ReviewBody,
  StreamQuery,
  TicketsQuery,
} from './events.schemas';

const Jpeg = { description: 'JPEG image', content: { 'image/jpeg': { schema: Type.String({ format: 'binary' }) } } };
const page = (ref: string) => Type.Object({ items: Type.Array(Type.Ref(ref)), nextCursor: Type.Union([Type.String(), Type.Null()]) });

export interface EventRouteServices {
  events: EventsService;
  tickets: TicketsService;
  reports: ReportsService;
  hub: EventStreamHub;
  heartbeatMs: number;
}

export function registerEventRoutes(app: ArgusApp, s: EventRouteServices): void {
  const { events, tickets, reports } = s;
  const tags = ['events'];

  app.get('/api/events', {
    schema: {
      tags,
      summary: 'Events in the caller\'s scope, newest first, filtered; cursor pagination',
      querystring: EventsQuery,
      response: { 200: page('Event'), ...errorResponses() },
    },
  }, (req) => events.list(callerOf(req), req.query));

  app.get('/api/events/stream', {
    schema: {
      tags,
      summary: 'Live event feed (Server-Sent Events): `created`/`updated` events in the caller\'s scope; resume with Last-Event-ID',
      description:
        'Each message has `id: <seq>`, `event: created|updated` and `data: <Event JSON>`. A comment line is sent every 15 s as heartbeat. ' +
        'Requests with `Accept: text/event-stream` (EventSource) stay open; other requests get the backlog after `Last-Event-ID`/`lastEventId` and the body ends.',
      querystring: StreamQuery,
      response: { 200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: Type.String() } } }, ...errorResponses(403) },
    },
  }, async (req, reply) => serveEventStream(req, reply, callerOf(req), req.query, { events, hub: s.hub, heartbeatMs: s.heartbeatMs }));

  app.post('/api/events', {
    schema: {
      tags,
      summary: 'Creates an event (integrations, tests); origin kind "api"; folds into an open one when a de-dup window is given',
      body: CreateEventBody,
      response: { 201: Type.Ref('Event'), 200: Type.Ref('Event'), ...errorResponses(403, 404) },
    },
  }, async (req, reply) => {
    const result = await events.createFromApi(callerOf(req), req.body);
    return reply.status(result.folded ? 200 : 201).send(result.event);
  });

  app.get('/api/events/:id', {
    schema: {
      tags,
      summary: 'One event with notes, review history, incident, tickets and the recording clip around it',
      params: IdParams,
      response: { 200: Type.Ref('EventDetail'), ...errorResponses(404) },
    },
  }, (req) => events.detail(callerOf(req), req.params.id));

  app.get('/api/events/:id/snapshot.jpg', {
    schema: { tags, summary: 'The snapshot of the event (boxes drawn)', params: IdParams, response: { 200: Jpeg, ...errorResponses(404) } },
  }, async (req, reply) => {
    const bytes = await events.image(callerOf(req), req.params.id, 'snapshot');
    return reply.header('cache-control', 'private, max-age=3600').type('image/jpeg').send(bytes as unknown as string);
  });

  app.get('/api/events/:id/crop.jpg', {
    schema: { tags, summary: 'The clean crop of the event\'s object', params: IdParams, response: { 200: Jpeg, ...errorResponses(404) } },
  }, async (req, reply) => {
    const bytes = await events.image(callerOf(req), req.params.id, 'crop');
    return reply.header('cache-control', 'private, max-age=3600').type('image/jpeg').send(bytes as unknown as string);
  });

  app.post('/api/events/:id/review', {
    schema: {
      tags,
      summary: 'Reviews an event: confirm, false_alarm (reason required), resolve, reopen',
      params: IdParams,
      body: ReviewBody,
      response: { 200: Type.Ref('Event'), ...errorResponses(403, 404, 409) },
    },
  }, (req) => events.review(callerOf(req), req.params.id, req.body));

  app.post('/api/events/:id/notes', {
    schema: { tags, summary: 'Adds a note to an event', params: IdParams, body: NoteBody, response: { 201: Type.Ref('EventNote'), ...errorResponses(403, 404) } },
  }, async (req, reply) => reply.status(201).send(await events.addNote(callerOf(req), req.params.id, req.body.text)));

  app.post('/api/events/:id/assign', {
    schema: {
      tags,
      summary: 'Assigns the event to a user (null unassigns); the user is notified',
      params: IdParams,
      body: AssignBody,
      response: { 200: Type.Ref('Event'), ...errorResponses(403, 404) },
    },
  }, (req) => events.assign(callerOf(req), req.params.id, req.body.userId));

  // ---- incidents ----
  app.post('/api/incidents', {
    schema: { tags, summary: 'Groups events (possibly across cameras) into an incident', body: CreateIncidentBody, response: { 201: Type.Ref('Incident'), ...errorResponses(403, 404) } },
  }, async (req, reply) => reply.status(201).send(await events.createIncident(callerOf(req), req.body.title, req.body.eventIds)));

  app.get('/api/incidents', {
    schema: { tags, summary: 'Incidents in the caller\'s scope, newest first', querystring: ListQuery, response: { 200: page('Incident'), ...errorResponses() } },
  }, (req) => events.listIncidents(callerOf(req), req.query));

  app.get('/api/incidents/:id', {
    schema: {
      tags,
      summary: 'One incident with its events',
      params: IdParams,
      response: { 200: Type.Intersect([Type.Ref('Incident'), Type.Object({ events: Type.Array(Type.Ref('Event')) })]), ...errorResponses(404) },
    },
  }, (req) => events.incident(callerOf(req), req.params.id));

  app.post('/api/incidents/:id/events', {
    schema: { tags, summary: 'Adds events to an incident', params: IdParams, body: IncidentEventsBody, response: { 200: Type.Ref('Incident'), ...errorResponses(403, 404) } },
  }, (req) => events.addToIncident(callerOf(req), req.params.id, req.body.eventIds));

  // ---- tickets ----
  app.post('/api/tickets', {
    schema: { tags, summary: 'Creates a work ticket from events; the assignee is notified', body: CreateTicketBody, response: { 201: Type.Ref('TicketDetail'), ...errorResponses(403, 404) } },
  }, async (req, reply) => reply.status(201).send(await tickets.create(callerOf(req), req.body)));

  app.get('/api/tickets', {
    schema: { tags, summary: 'Tickets in the caller\'s scope, newest first', querystring: TicketsQuery, response: { 200: page('Ticket'), ...errorResponses() } },
  }, (req) => tickets.list(callerOf(req), req.query));

  app.get('/api/tickets/:id', {
    schema: { tags, summary: 'One ticket with comments and state history', params: IdParams, response: { 200: Type.Ref('TicketDetail'), ...errorResponses(404) } },
  }, (req) => tickets.get(callerOf(req), req.params.id));

  app.patch('/api/tickets/:id', {
    schema: {
      tags,
      summary: 'Changes a ticket (state open → in_progress → resolved → closed, reopen; assignee; due time)',
      params: IdParams,
      body: PatchTicketBody,
      response: { 200: Type.Ref('TicketDetail'), ...errorResponses(403, 404, 409) },
    },
  }, (req) => tickets.patch(callerOf(req), req.params.id, req.body));

  app.post('/api/tickets/:id/comments', {
    schema: { tags, summary: 'Adds a comment to a ticket', params: IdParams, body: CommentBody, response: { 201: Type.Ref('TicketComment'), ...errorResponses(403, 404) } },
  }, async (req, reply) => reply.status(201).send(await tickets.comment(callerOf(req), req.params.id, req.body.text)));

  // ---- notifications ----
  app.get('/api/me/notifications', {
    schema: {
      tags,
      summary: 'The caller\'s in-app notifications (assignments), newest first',
      querystring: NotificationsQuery,
      response: { 200: Type.Object({ items: Type.Array(Type.Ref('Notification')), unread: Type.Integer() }), ...errorResponses() },
    },
  }, (req) => tickets.notifications(callerOf(req), req.query));

  app.post('/api/me/notifications/:id/read', {
    schema: { tags, summary: 'Marks one of the caller\'s notifications read', params: IdParams, response: { 200: Type.Ref('Notification'), ...errorResponses(404) } },
  }, (req) => tickets.markRead(callerOf(req), req.params.id));

  // ---- reports ----
  app.get('/api/reports/events', {
    schema: {
      tags,
      summary: 'Event counts per hour/day grouped by camera, rule, type, class or review outcome; mean time to acknowledge',
      querystring: EventsReportQuery,
      response: { 200: { description: 'Report (JSON, or CSV with format=csv)', content: { 'application/json': { schema: EventsReportSchema }, 'text/csv': { schema: Type.String() } } }, ...errorResponses(403) },
    },
  }, async (req, reply) => {
    const report = await reports.events(callerOf(req), req.query);
    if (req.query.format === 'csv') return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="events-report.csv"').send(reports.eventsCsv(report));
    return reply.type('application/json').send(report);
  });

  app.get('/api/reports/counts', {
    schema: {
      tags,
      summary: 'People-counting series (in/out per bucket) of a counting task or rule',
      querystring: CountsReportQuery,
      response: { 200: { description: 'Report (JSON, or CSV with format=csv)', content: { 'application/json': { schema: CountsReportSchema }, 'text/csv': { schema: Type.String() } } }, ...errorResponses(403) },
    },
  }, async (req, reply) => {
    const report = await reports.counts(callerOf(req), req.query);
    if (req.query.format === 'csv') return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="counts-report.csv"').send(reports.countsCsv(report));
    return reply.type('application/json').send(report);
  });
}
