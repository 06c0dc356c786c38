import { useState } from 'react';
import type { Schemas } from '@argus/sdk';
import { api, call } from '../../lib/api';
import type { DomainIndex } from '../../lib/domains';
import { useSubmit } from '../../lib/use-submit';
import { Field } from '../../components/form';
import { FormDialog } from '../../components/form-dialog';
import { GrantsEditor, type GrantRow, type RoleInfo } from './grants-editor';

type User = Schemas['User'];

interface Common {
  domains: DomainIndex;
  roles: RoleInfo[];
  onClose: () => void;
  onSaved: () => void;
}

const saving = (label: string, testId: string) => ({ label, busyLabel: 'Saving…', testId });

export function CreateUserDialog({ domains, roles, onClose, onSaved }: Common) {
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [grants, setGrants] = useState<GrantRow[]>([]);
  const { busy, error, fields, run } = useSubmit();
  const submit = () => run(call(api.POST('/api/users', { body: { username: username.trim(), displayName: displayName.trim(), password, grants } })), onSaved);
  return (
    <FormDialog title="New user" onClose={onClose} wide testId="user-dialog" onSubmit={submit} busy={busy} error={error} submit={saving('Create user', 'user-save')}>
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
    </FormDialog>
  );
}

export function EditGrantsDialog({ user, domains, roles, onClose, onSaved }: Common & { user: User }) {
  const [grants, setGrants] = useState<GrantRow[]>(user.grants.map((g) => ({ domainId: g.domainId, role: g.role })));
  const { busy, error, run } = useSubmit();
  const submit = () => run(call(api.PUT('/api/users/{id}/grants', { params: { path: { id: user.id } }, body: { grants } })), onSaved);
  return (
    <FormDialog title={`Roles of ${user.displayName || user.username}`} onClose={onClose} wide testId="grants-dialog" onSubmit={submit} busy={busy} error={error} submit={saving('Save roles', 'grants-save')}>
      <p className="muted small">Only grants on domains you administer are shown and changed; grants elsewhere stay.</p>
      <GrantsEditor grants={grants} onChange={setGrants} domains={domains} roles={roles} />
    </FormDialog>
  );
}

export function ResetPasswordDialog({ user, onClose, onSaved }: { user: User; onClose: () => void; onSaved: () => void }) {
  const [password, setPassword] = useState('');
  const { busy, error, fields, run } = useSubmit();
  const submit = () => run(call(api.POST('/api/users/{id}/password', { params: { path: { id: user.id } }, body: { password } })), onSaved);
  return (
    <FormDialog title={`Reset the password of ${user.username}`} onClose={onClose} testId="reset-password-dialog" onSubmit={submit} busy={busy} error={error} submit={saving('Set password', 'reset-password-save')}>
      <p className="muted small">The user is signed out everywhere and signs in with the new password.</p>
      <Field label="New password" error={fields.password}>
        {(id) => <input id={id} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" required autoFocus data-testid="reset-password-input" />}
      </Field>
    </FormDialog>
  );
}
