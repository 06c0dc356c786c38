// Review actions of one event: only those its state allows are enabled; a false alarm asks for a reason.
import { useState } from 'react';
import { useSubmit } from '../../lib/use-submit';
import { ProblemBanner } from '../../components/form';
import { FormDialog } from '../../components/form-dialog';
import type { EventItem, ReviewAction } from './event-types';
import { reviewEvent } from './events-api';
import { ACTION_LABEL, actionBlocker, reasonRequired, REVIEW_ACTIONS } from './review-actions';

export function ReviewPanel({ event, canAct, onChanged }: { event: EventItem; canAct: boolean; onChanged: () => void }) {
  const [asking, setAsking] = useState<ReviewAction | null>(null);
  const { busy, error, run: send } = useSubmit({ repeatable: true });
  const run = (action: ReviewAction, reason?: string) =>
    send(reviewEvent(event.id, action, reason), () => {
      setAsking(null);
      onChanged();
    });
  return (
    <div className="ev-review" data-testid="review-panel">
      <div className="btn-row">
        {REVIEW_ACTIONS.map((a) => {
          const blocker = actionBlocker(event.state, a, canAct);
          return (
            <button
              key={a}
              type="button"
              className={`btn ${a === 'false_alarm' ? 'btn-quiet-danger' : a === 'confirm' ? 'btn-primary' : ''}`}
              disabled={blocker !== null || busy}
              title={blocker ?? undefined}
              onClick={() => (reasonRequired(a) ? setAsking(a) : run(a))}
              data-testid={`review-${a}`}
            >
              {ACTION_LABEL[a]}
            </button>
          );
        })}
      </div>
      {!canAct && (
        <p className="muted ev-why" data-testid="review-why">
          Reviewing needs the events.act permission on this camera’s domain. You can look, but not change.
        </p>
      )}
      {!asking && <ProblemBanner error={error} />}
      {asking && <ReasonDialog action={asking} busy={busy} error={error} onSubmit={(reason) => run(asking, reason)} onClose={() => setAsking(null)} />}
    </div>
  );
}

function ReasonDialog({ action, busy, error, onSubmit, onClose }: { action: ReviewAction; busy: boolean; error: unknown; onSubmit: (reason: string) => void; onClose: () => void }) {
  const [reason, setReason] = useState('');
  const submit = () => {
    if (reason.trim()) onSubmit(reason.trim());
  };
  return (
    <FormDialog
      title="Mark as false alarm"
      onClose={onClose}
      testId="reason-dialog"
      actions="footer"
      onSubmit={submit}
      busy={busy}
      error={error}
      submit={{ label: ACTION_LABEL[action].replace('…', ''), busyLabel: 'Saving…', disabled: reason.trim() === '', className: 'btn-danger', testId: 'reason-submit' }}
    >
      <label htmlFor="reason">Why is this a false alarm? It is kept to tune the rule.</label>
      <textarea id="reason" value={reason} onChange={(e) => setReason(e.target.value)} rows={3} maxLength={500} autoFocus placeholder="e.g. shadow of a tree, reflection, staff member" data-testid="reason-text" />
    </FormDialog>
  );
}
