// The event center's calls, in one place, through the console's typed SDK client (`api`: session cookie, 401
// handling, problem documents): paths, parameters, bodies and answers are checked against the generated OpenAPI types.
import type { paths } from '@argus/sdk';
import { api, call } from '../../lib/api';
import type {
  CountsReport,
  EventDetail,
  EventItem,
  EventNote,
  EventsReport,
  Incident,
  Notification,
  Page,
  ReviewAction,
  Ticket,
  TicketComment,
  TicketDetail,
  TicketState,
} from './event-types';

type Query = Record<string, string | number | boolean | undefined>;
/** The query parameters of a GET operation, as the SDK declares them. */
type QueryOf<P extends keyof paths> = paths[P]['get'] extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

const req = async <T>(p: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<T> => (await call(p)) as T;
const id = (v: string) => ({ path: { id: v } });

export const listEvents = (query: Query) => req<Page<EventItem>>(api.GET('/api/events', { params: { query: query } }));
export const getEvent = (eventId: string) => req<EventDetail>(api.GET('/api/events/{id}', { params: id(eventId) }));
export const reviewEvent = (eventId: string, action: ReviewAction, reason?: string) =>
  req<EventItem>(api.POST('/api/events/{id}/review', { params: id(eventId), body: { action, ...(reason ? { reason } : {}) } }));
export const addEventNote = (eventId: string, text: string) => req<EventNote>(api.POST('/api/events/{id}/notes', { params: id(eventId), body: { text } }));
export const assignEvent = (eventId: string, userId: string | null) => req<EventItem>(api.POST('/api/events/{id}/assign', { params: id(eventId), body: { userId } }));

export const createIncident = (title: string, eventIds: string[]) => req<Incident>(api.POST('/api/incidents', { body: { title, eventIds } }));

export interface NewTicket {
  title: string;
  description?: string;
  eventIds: string[];
  assigneeUserId?: string | null;
  dueAt?: string | null;
}
export interface TicketPatch {
  title?: string;
  description?: string;
  state?: TicketState;
  assigneeUserId?: string | null;
  dueAt?: string | null;
}
export const createTicket = (body: NewTicket) => req<TicketDetail>(api.POST('/api/tickets', { body }));
export const listTickets = (query: Query) => req<Page<Ticket>>(api.GET('/api/tickets', { params: { query: query } }));
export const getTicket = (ticketId: string) => req<TicketDetail>(api.GET('/api/tickets/{id}', { params: id(ticketId) }));
export const patchTicket = (ticketId: string, body: TicketPatch) => req<TicketDetail>(api.PATCH('/api/tickets/{id}', { params: id(ticketId), body }));
export const commentTicket = (ticketId: string, text: string) => req<TicketComment>(api.POST('/api/tickets/{id}/comments', { params: id(ticketId), body: { text } }));

export const myNotifications = () => req<{ items: Notification[]; unread: number }>(api.GET('/api/me/notifications', { params: { query: { limit: 20 } } }));
export const markNotificationRead = (nid: string) => req<Notification>(api.POST('/api/me/notifications/{id}/read', { params: id(nid) }));

export const eventsReport = (query: Query) => req<EventsReport>(api.GET('/api/reports/events', { params: { query: query as QueryOf<'/api/reports/events'> } }));
export const countsReport = (query: Query) => req<CountsReport>(api.GET('/api/reports/counts', { params: { query: query as QueryOf<'/api/reports/counts'> } }));

// ---- plain URLs (images, CSV downloads, the live stream): the browser fetches them with the session cookie.

export const snapshotUrl = (eventId: string) => `/api/events/${encodeURIComponent(eventId)}/snapshot.jpg`;
export const cropUrl = (eventId: string) => `/api/events/${encodeURIComponent(eventId)}/crop.jpg`;

/** `/path?query` with the undefined/empty values left out. */
export function withQuery(path: string, query: Query): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
