/**
 * The review workflow of events and the life cycle of tickets: which moves are allowed. One table each, used by the
 * server (which refuses anything else with 409) and by the console (which only offers what is allowed). Pure.
 */

export type EventState = 'new' | 'confirmed' | 'false_alarm' | 'resolved';
export type ReviewAction = 'confirm' | 'false_alarm' | 'reopen' | 'resolve';

/** `new` is the only state in which an event still folds further firings. */
export const REVIEW_TRANSITIONS: Readonly<Record<EventState, Partial<Record<ReviewAction, EventState>>>> = {
  new: { confirm: 'confirmed', false_alarm: 'false_alarm', resolve: 'resolved' },
  confirmed: { false_alarm: 'false_alarm', resolve: 'resolved', reopen: 'new' },
  false_alarm: { confirm: 'confirmed', reopen: 'new' },
  resolved: { reopen: 'new' },
};

/** The state after `action`, or null when the action is not allowed in `from`. */
export function nextReviewState(from: EventState, action: ReviewAction): EventState | null {
  return REVIEW_TRANSITIONS[from]?.[action] ?? null;
}

/** The review actions an event in `state` allows. */
export function allowedReviewActions(state: EventState): ReviewAction[] {
  return Object.keys(REVIEW_TRANSITIONS[state] ?? {}) as ReviewAction[];
}

export type TicketState = 'open' | 'in_progress' | 'resolved' | 'closed';

/**
 * Forward open → in_progress → resolved → closed (skipping ahead is allowed, except closing a ticket that was not
 * resolved), and reopening (resolved/closed → open).
 */
export const TICKET_TRANSITIONS: Readonly<Record<TicketState, readonly TicketState[]>> = {
  open: ['in_progress', 'resolved'],
  in_progress: ['open', 'resolved'],
  resolved: ['closed', 'open', 'in_progress'],
  closed: ['open'],
};

export function ticketTransitionAllowed(from: TicketState, to: TicketState): boolean {
  return TICKET_TRANSITIONS[from]?.includes(to) ?? false;
}
