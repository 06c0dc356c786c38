// Small visual pieces shared by the event pages: severity, state, fold count, times.
import type { EventSeverity, EventState, TicketState } from './event-types';
import { STATE_LABEL } from './review-actions';

export function SeverityBadge({ severity }: { severity: EventSeverity }) {
  return (
    <span className={`ev-sev ev-sev-${severity}`} data-testid="event-severity">
      {severity}
    </span>
  );
}

export function StateBadge({ state }: { state: EventState }) {
  return (
    <span className={`ev-state ev-state-${state}`} data-testid="event-state" data-state={state}>
      {STATE_LABEL[state]}
    </span>
  );
}

export function CountBadge({ count }: { count: number }) {
  if (count <= 1) return null;
  return (
    <span className="ev-count" title={`${count} firings folded into this event`} data-testid="event-count">
      ×{count}
    </span>
  );
}

export const TICKET_STATE_LABEL: Record<TicketState, string> = { open: 'Open', in_progress: 'In progress', resolved: 'Resolved', closed: 'Closed' };

export function TicketStateBadge({ state }: { state: TicketState }) {
  return (
    <span className={`tk-state tk-state-${state}`} data-testid="ticket-state" data-state={state}>
      {TICKET_STATE_LABEL[state]}
    </span>
  );
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

/** Time of an epoch-ms instant: today's show only the clock. */
export function msTime(ms: number, now = Date.now()): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '—';
  return new Date(now).toDateString() === d.toDateString() ? timeOnly.format(d) : dateTime.format(d);
}

/** "typed" → "Typed"; "left_behind" → "Left behind". */
export function humanType(type: string): string {
  const t = type.replace(/_/g, ' ');
  return t.charAt(0).toUpperCase() + t.slice(1);
}
