// Review actions of one event: only those its state allows are enabled; a false alarm asks for a reason.
import { useState, type FormEvent } from 'react';
import { ProblemBanner } from '../../components/form';
import { Modal } from '../../components/modal';
import type { EventItem, ReviewAction } from './event-types';
import { reviewEvent } from './events-api';
import { ACTION_LABEL, actionBlocker, reasonRequired, REVIEW_ACTIONS } from './review-actions';

export function ReviewPanel({ event, canAct, onChanged }: { event: EventItem; canAct: boolean; onChanged: () => void }) {
  const [asking, setAsking] = useState<ReviewAction | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = (action: ReviewAction, reason?: string) => {
    setBusy(true);
    setError(null);
    reviewEvent(event.id, action, reason).then(
      () => {
        setBusy(false);
        setAsking(null);
        onChanged();
      },
      (err: unknown) => {
        setBusy(false);
        setError(err);
      },
    );
  };
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
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim()) onSubmit(reason.trim());
  };
  return (
    <Modal
      title="Mark as false alarm"
      onClose={onClose}
      testId="reason-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="reason-form" className="btn btn-danger" disabled={busy || reason.trim() === ''} data-testid="reason-submit">
            {busy ? 'Saving…' : ACTION_LABEL[action].replace('…', '')}
          </button>
        </>
      }
    >
      <form id="reason-form" onSubmit={submit} className="form">
        <ProblemBanner error={error} />
        <label htmlFor="reason">Why is this a false alarm? It is kept to tune the rule.</label>
        <textarea id="reason" value={reason} onChange={(e) => setReason(e.target.value)} rows={3} maxLength={500} autoFocus placeholder="e.g. shadow of a tree, reflection, staff member" data-testid="reason-text" />
      </form>
    </Modal>
  );
}
