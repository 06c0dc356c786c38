// Ticket list filters: state and assignee go to the server; "due" is applied to the page shown.
import { TICKET_TRANSITIONS } from '@argus/domain';
import { TICKET_STATES, type Ticket, type TicketState } from './event-types';

export type DueFilter = '' | 'overdue' | 'today' | 'week' | 'none';

export interface TicketFilter {
  state: TicketState | '';
  assignee: string;
  due: DueFilter;
}

const DUES: readonly DueFilter[] = ['', 'overdue', 'today', 'week', 'none'];

export function ticketFilterFromQuery(q: URLSearchParams): TicketFilter {
  const state = q.get('state') ?? '';
  const due = q.get('due') ?? '';
  return {
    state: (TICKET_STATES as readonly string[]).includes(state) ? (state as TicketState) : '',
    assignee: /^[a-z]{3}_[0-9a-z]+$/.test(q.get('assignee') ?? '') ? (q.get('assignee') ?? '') : '',
    due: (DUES as readonly string[]).includes(due) ? (due as DueFilter) : '',
  };
}

export function ticketFilterToQuery(f: TicketFilter): Record<string, string | undefined> {
  return { state: f.state || undefined, assignee: f.assignee || undefined, due: f.due || undefined };
}

export function ticketApiQuery(f: TicketFilter): Record<string, string | number> {
  const q: Record<string, string | number> = { limit: 100 };
  if (f.state) q.state = f.state;
  if (f.assignee) q.assigneeUserId = f.assignee;
  return q;
}

/** Is the ticket open work that is past its due time at `now`? */
export function isOverdue(t: Pick<Ticket, 'dueAt' | 'state'>, now: number): boolean {
  if (!t.dueAt || t.state === 'resolved' || t.state === 'closed') return false;
  const due = new Date(t.dueAt).getTime();
  return !Number.isNaN(due) && due < now;
}

export function matchesDue(t: Pick<Ticket, 'dueAt' | 'state'>, due: DueFilter, now: number): boolean {
  if (due === '') return true;
  if (due === 'none') return t.dueAt === null;
  if (due === 'overdue') return isOverdue(t, now);
  if (!t.dueAt) return false;
  const at = new Date(t.dueAt).getTime();
  if (Number.isNaN(at)) return false;
  if (due === 'today') {
    const end = new Date(now);
    end.setHours(23, 59, 59, 999);
    return at <= end.getTime();
  }
  return at <= now + 7 * 86_400_000;
}

/** The states a ticket may be moved to from `state` (the one table in @argus/domain, which the server enforces). */
export function nextTicketStates(state: TicketState): readonly TicketState[] {
  return TICKET_TRANSITIONS[state] ?? [];
}
