// Which review actions an event in a given state allows (the one table in @argus/domain, which the server enforces
// with 409), and how each is labelled.
import { allowedReviewActions } from '@argus/domain';
import type { EventState, ReviewAction } from './event-types';

export const REVIEW_ACTIONS: readonly ReviewAction[] = ['confirm', 'false_alarm', 'resolve', 'reopen'];

export const ACTION_LABEL: Record<ReviewAction, string> = {
  confirm: 'Confirm',
  false_alarm: 'False alarm…',
  resolve: 'Resolve',
  reopen: 'Reopen',
};

export const STATE_LABEL: Record<EventState, string> = {
  new: 'New',
  confirmed: 'Confirmed',
  false_alarm: 'False alarm',
  resolved: 'Resolved',
};

export function allowedActions(state: EventState): readonly ReviewAction[] {
  return allowedReviewActions(state);
}

/** Why an action button is disabled, or null when it may be used. */
export function actionBlocker(state: EventState, action: ReviewAction, canAct: boolean): string | null {
  if (!canAct) return 'You need the events.act permission on this camera’s domain to review events.';
  if (!allowedActions(state).includes(action)) return `Not possible while the event is “${STATE_LABEL[state]}”.`;
  return null;
}

/** A false alarm needs a reason (it is kept to tune rules); other actions take an optional one. */
export function reasonRequired(action: ReviewAction): boolean {
  return action === 'false_alarm';
}
