import { useState, type FormEvent } from 'react';
import { api, call } from '../../lib/api';
import { useSession } from '../../lib/session';
import { useSubmit } from '../../lib/use-submit';
import { Field, ProblemBanner } from '../../components/form';
import { SubmitButton } from '../../components/form-dialog';
import { PasswordPairFields, usePasswordPair } from '../../components/password-pair';

/** Changes the user's own password; the server then ends all their sessions, so they sign in again. */
export function ChangePasswordForm() {
  const { me, signOut } = useSession();
  const pair = usePasswordPair();
  const [current, setCurrent] = useState('');
  const { busy, error, fields, run } = useSubmit();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!pair.check()) return;
    run(call(api.POST('/api/users/{id}/password', { params: { path: { id: me.id } }, body: { password: pair.password, currentPassword: current } })), () =>
      signOut('Your password was changed. Sign in with the new password.'),
    );
  };

  return (
    <section className="panel">
      <div className="panel-title">Change password</div>
      <form className="form" onSubmit={submit} data-testid="change-password-form">
        <Field label="Current password" error={fields.currentPassword}>
          {(id) => <input id={id} type="password" value={current} onChange={(e) => setCurrent(e.target.value)} autoComplete="current-password" required data-testid="current-password" />}
        </Field>
        <PasswordPairFields pair={pair} labels={['New password', 'Repeat new password']} testIds={['new-password', 'repeat-password']} error={fields.password} />
        <ProblemBanner error={error} />
        <div className="form-actions">
          <SubmitButton label="Change password" busy={busy} testId="change-password-save" />
          <span className="muted small">You will be signed out everywhere.</span>
        </div>
      </form>
    </section>
  );
}
