// Dialogs acting on several selected events: create a ticket from them, or group them into an incident.
import { useState } from 'react';
import { Field } from '../../components/form';
import { FormDialog } from '../../components/form-dialog';
import { navigate } from '../../lib/router';
import { useSubmit } from '../../lib/use-submit';
import { createIncident, createTicket } from './events-api';

const localToIso = (v: string): string | null => (v ? new Date(v).toISOString() : null);

export function CreateTicketDialog({ eventIds, onClose }: { eventIds: string[]; onClose: (created: boolean) => void }) {
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [due, setDue] = useState('');
  const { busy, error, fields: errors, run } = useSubmit();
  const submit = () =>
    run(createTicket({ title: title.trim(), description, eventIds, dueAt: localToIso(due) }), (t) => {
      onClose(true);
      navigate(`/tickets/${encodeURIComponent(t.id)}`);
    });
  return (
    <FormDialog
      title={`New ticket from ${eventIds.length} event${eventIds.length === 1 ? '' : 's'}`}
      onClose={() => onClose(false)}
      testId="ticket-dialog"
      actions="footer"
      onSubmit={submit}
      busy={busy}
      // Field errors show at their fields; the banner is for the rest.
      error={Object.keys(errors).length ? null : error}
      submit={{ label: 'Create ticket', busyLabel: 'Creating…', disabled: title.trim() === '', testId: 'ticket-create' }}
    >
      <Field label="Title" error={errors.title}>
        {(id) => <input id={id} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} autoFocus data-testid="ticket-title" />}
      </Field>
      <Field label="Description" error={errors.description}>
        {(id) => <textarea id={id} value={description} onChange={(e) => setDescription(e.target.value)} rows={4} maxLength={8000} data-testid="ticket-description" />}
      </Field>
      <Field label="Due" error={errors.dueAt} hint="Optional">
        {(id) => <input id={id} type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} data-testid="ticket-due" />}
      </Field>
    </FormDialog>
  );
}

export function CreateIncidentDialog({ eventIds, onClose }: { eventIds: string[]; onClose: (created: string | null) => void }) {
  const [title, setTitle] = useState('');
  const { busy, error, run } = useSubmit();
  const submit = () => run(createIncident(title.trim(), eventIds), (i) => onClose(i.title));
  return (
    <FormDialog
      title={`Group ${eventIds.length} events into an incident`}
      onClose={() => onClose(null)}
      testId="incident-dialog"
      actions="footer"
      onSubmit={submit}
      busy={busy}
      error={error}
      submit={{ label: 'Create incident', busyLabel: 'Grouping…', disabled: title.trim() === '', testId: 'incident-create' }}
    >
      <Field label="Title">
        {(id) => <input id={id} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} autoFocus data-testid="incident-title" />}
      </Field>
    </FormDialog>
  );
}
