import { useState, type FormEvent } from 'react';
import { Options } from '../../components/form';

export interface AuditFilter {
  action: string;
  /** datetime-local values (local time), '' for open. */
  from: string;
  to: string;
}

const ACTIONS = [
  'auth.sign-in', 'auth.sign-out', 'setup.create-admin',
  'camera.create', 'camera.update', 'camera.delete', 'camera.probe', 'camera.import',
  'group.create', 'group.update', 'group.delete', 'group.members',
  'domain.create', 'domain.update', 'domain.move', 'domain.delete',
  'user.create', 'user.update', 'user.delete', 'user.grants', 'user.password',
  'token.create', 'token.revoke',
];

export function AuditFilters({ value, onApply, onRefresh }: { value: AuditFilter; onApply: (f: AuditFilter) => void; onRefresh: () => void }) {
  const [draft, setDraft] = useState(value);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply({ ...draft });
  };
  const lastHour = () => {
    const f = { ...draft, from: toLocal(new Date(Date.now() - 3_600_000)), to: '' };
    setDraft(f);
    onApply(f);
  };
  return (
    <form className="toolbar" onSubmit={submit} data-testid="audit-filters">
      <label className="toolbar-label">
        Action
        <input list="audit-actions" value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.target.value })} placeholder="any" data-testid="audit-action" />
        <datalist id="audit-actions">
          <Options items={ACTIONS} value={(a) => a} />
        </datalist>
      </label>
      <label className="toolbar-label">
        From
        <input type="datetime-local" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} data-testid="audit-from" />
      </label>
      <label className="toolbar-label">
        To
        <input type="datetime-local" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} data-testid="audit-to" />
      </label>
      <button type="submit" className="btn btn-primary" data-testid="audit-apply">
        Apply
      </button>
      <button type="button" className="btn" onClick={lastHour}>
        Last hour
      </button>
      <button
        type="button"
        className="btn btn-link"
        onClick={() => {
          const empty = { action: '', from: '', to: '' };
          setDraft(empty);
          onApply(empty);
        }}
      >
        Clear
      </button>
      <span className="toolbar-spacer" />
      <button type="button" className="btn" onClick={onRefresh} data-testid="audit-refresh">
        Refresh
      </button>
    </form>
  );
}

function toLocal(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
