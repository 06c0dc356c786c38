import { useState, type FormEvent } from 'react';
import type { Schemas } from '@argus/sdk';
import { api, call, fieldErrorsOf } from '../../lib/api';
import type { DomainIndex } from '../../lib/domains';
import { Field, ProblemBanner } from '../../components/form';
import { Modal } from '../../components/modal';
import { GrantsEditor, type GrantRow, type RoleInfo } from './grants-editor';

type User = Schemas['User'];

interface Common {
  domains: DomainIndex;
  roles: RoleInfo[];
  onClose: () => void;
  onSaved: () => void;
}

function Actions({ busy, label, onClose, testId }: { busy: boolean; label: string; onClose: () => void; testId: string }) {
  return (
    <div className="form-actions">
      <button type="submit" className="btn btn-primary" disabled={busy} data-testid={testId}>
        {busy ? 'Saving…' : label}
      </button>
      <button type="button" className="btn" onClick={onClose}>
        Cancel
      </button>
    </div>
  );
}

export function CreateUserDialog({ domains, roles, onClose, onSaved }: Common) {
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [grants, setGrants] = useState<GrantRow[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = fieldErrorsOf(error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    call(api.POST('/api/users', { body: { username: username.trim(), displayName: displayName.trim(), password, grants } })).then(onSaved, (err: unknown) => {
      setError(err);
      setBusy(false);
    });
  };
  return (
    <Modal title="New user" onClose={onClose} wide testId="user-dialog">
      <form className="form" onSubmit={submit}>
        <div className="grid-3">
          <Field label="User name" error={fields.username}>
            {(id) => <input id={id} value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" required autoFocus data-testid="user-username" />}
          </Field>
          <Field label="Display name" error={fields.displayName}>
            {(id) => <input id={id} value={displayName} onChange={(e) => setDisplayName(e.target.value)} data-testid="user-display-name" />}
          </Field>
          <Field label="Initial password" error={fields.password}>
            {(id) => <input id={id} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" required data-testid="user-password" />}
          </Field>
        </div>
        <div className="field">
          <span className="label">Roles</span>
          <GrantsEditor grants={grants} onChange={setGrants} domains={domains} roles={roles} />
        </div>
        <ProblemBanner error={error} />
        <Actions busy={busy} label="Create user" onClose={onClose} testId="user-save" />
      </form>
    </Modal>
  );
}

export function EditGrantsDialog({ user, domains, roles, onClose, onSaved }: Common & { user: User }) {
  const [grants, setGrants] = useState<GrantRow[]>(user.grants.map((g) => ({ domainId: g.domainId, role: g.role })));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    call(api.PUT('/api/users/{id}/grants', { params: { path: { id: user.id } }, body: { grants } })).then(onSaved, (err: unknown) => {
      setError(err);
      setBusy(false);
    });
  };
  return (
    <Modal title={`Roles of ${user.displayName || user.username}`} onClose={onClose} wide testId="grants-dialog">
      <form className="form" onSubmit={submit}>
        <p className="muted small">Only grants on domains you administer are shown and changed; grants elsewhere stay.</p>
        <GrantsEditor grants={grants} onChange={setGrants} domains={domains} roles={roles} />
        <ProblemBanner error={error} />
        <Actions busy={busy} label="Save roles" onClose={onClose} testId="grants-save" />
      </form>
    </Modal>
  );
}

export function ResetPasswordDialog({ user, onClose, onSaved }: { user: User; onClose: () => void; onSaved: () => void }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    call(api.POST('/api/users/{id}/password', { params: { path: { id: user.id } }, body: { password } })).then(onSaved, (err: unknown) => {
      setError(err);
      setBusy(false);
    });
  };
  return (
    <Modal title={`Reset the password of ${user.username}`} onClose={onClose} testId="reset-password-dialog">
      <form className="form" onSubmit={submit}>
        <p className="muted small">The user is signed out everywhere and signs in with the new password.</p>
        <Field label="New password" error={fieldErrorsOf(error).password}>
          {(id) => <input id={id} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" required autoFocus data-testid="reset-password-input" />}
        </Field>
        <ProblemBanner error={error} />
        <Actions busy={busy} label="Set password" onClose={onClose} testId="reset-password-save" />
      </form>
    </Modal>
  );
}
