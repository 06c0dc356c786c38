// The event center's API shapes as the console uses them: names for the generated SDK's schemas (packages/sdk), so
// nothing is mirrored by hand; a change of the server's API shows up here as a type error.
import type { paths, Schemas } from '@argus/sdk';

type Json<P extends keyof paths> = paths[P]['get'] extends { responses: { 200: { content: { 'application/json': infer R } } } } ? R : never;

export type EventSeverity = 'info' | 'minor' | 'major' | 'critical';
export const SEVERITIES: readonly EventSeverity[] = ['info', 'minor', 'major', 'critical'];

import type { EventState, ReviewAction, TicketState } from '@argus/domain';

export type { EventState, ReviewAction, TicketState };
export const STATES: readonly EventState[] = ['new', 'confirmed', 'false_alarm', 'resolved'];


export type EventBox = Schemas['EventBox'];
export type EventItem = Schemas['Event'];
export type EventOrigin = EventItem['origin'];
export type EventNote = Schemas['EventNote'];
export type EventReview = Schemas['EventReview'];
export type Incident = Schemas['Incident'];

export const TICKET_STATES: readonly TicketState[] = ['open', 'in_progress', 'resolved', 'closed'];

export type Ticket = Schemas['Ticket'];
export type TicketComment = Schemas['TicketComment'];
export type TicketHistory = Schemas['TicketHistory'];
export type TicketDetail = Schemas['TicketDetail'];
/** One event with its notes, reviews, incident, tickets and recording block. */
export type EventDetail = Schemas['EventDetail'];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type Notification = Schemas['Notification'];

export type ReportGroup = 'camera' | 'rule' | 'type' | 'class' | 'outcome';
export type ReportBucket = 'hour' | 'day';

/** GET /api/reports/events. */
export type EventsReport = Json<'/api/reports/events'>;
/** GET /api/reports/counts (people counting). */
export type CountsReport = Json<'/api/reports/counts'>;
