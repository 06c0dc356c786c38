// Dialogs acting on several selected events: create a ticket from them, or group them into an incident.
import { useState, type FormEvent } from 'react';
import { Field, ProblemBanner } from '../../components/form';
import { Modal } from '../../components/modal';
import { fieldErrorsOf } from '../../lib/api';
import { navigate } from '../../lib/router';
import { createIncident, createTicket } from './events-api';

const localToIso = (v: string): string | null => (v ? new Date(v).toISOString() : null);

export function CreateTicketDialog({ eventIds, onClose }: { eventIds: string[]; onClose: (created: boolean) => void }) {
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [due, setDue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const errors = fieldErrorsOf(error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    createTicket({ title: title.trim(), description, eventIds, dueAt: localToIso(due) }).then(
      (t) => {
        onClose(true);
        navigate(`/tickets/${encodeURIComponent(t.id)}`);
      },
      (err: unknown) => {
        setError(err);
        setBusy(false);
      },
    );
  };
  return (
    <Modal
      title={`New ticket from ${eventIds.length} event${eventIds.length === 1 ? '' : 's'}`}
      onClose={() => onClose(false)}
      testId="ticket-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={() => onClose(false)}>
            Cancel
          </button>
          <button type="submit" form="ticket-form" className="btn btn-primary" disabled={busy || title.trim() === ''} data-testid="ticket-create">
            {busy ? 'Creating…' : 'Create ticket'}
          </button>
        </>
      }
    >
      <form id="ticket-form" onSubmit={submit} className="form">
        <ProblemBanner error={Object.keys(errors).length ? null : error} />
        <Field label="Title" error={errors.title}>
          {(id) => <input id={id} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} autoFocus data-testid="ticket-title" />}
        </Field>
        <Field label="Description" error={errors.description}>
          {(id) => <textarea id={id} value={description} onChange={(e) => setDescription(e.target.value)} rows={4} maxLength={8000} data-testid="ticket-description" />}
        </Field>
        <Field label="Due" error={errors.dueAt} hint="Optional">
          {(id) => <input id={id} type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} data-testid="ticket-due" />}
        </Field>
      </form>
    </Modal>
  );
}

export function CreateIncidentDialog({ eventIds, onClose }: { eventIds: string[]; onClose: (created: string | null) => void }) {
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    createIncident(title.trim(), eventIds).then(
      (i) => onClose(i.title),
      (err: unknown) => {
        setError(err);
        setBusy(false);
      },
    );
  };
  return (
    <Modal
      title={`Group ${eventIds.length} events into an incident`}
      onClose={() => onClose(null)}
      testId="incident-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={() => onClose(null)}>
            Cancel
          </button>
          <button type="submit" form="incident-form" className="btn btn-primary" disabled={busy || title.trim() === ''} data-testid="incident-create">
            {busy ? 'Grouping…' : 'Create incident'}
          </button>
        </>
      }
    >
      <form id="incident-form" onSubmit={submit} className="form">
        <ProblemBanner error={error} />
        <Field label="Title">
          {(id) => <input id={id} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} autoFocus data-testid="incident-title" />}
        </Field>
      </form>
    </Modal>
  );
}
