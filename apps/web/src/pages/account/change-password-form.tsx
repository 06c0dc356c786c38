import { useState, type FormEvent } from 'react';
import { api, call, fieldErrorsOf } from '../../lib/api';
import { useSession } from '../../lib/session';
import { Field, ProblemBanner } from '../../components/form';

/** Changes the user's own password; the server then ends all their sessions, so they sign in again. */
export function ChangePasswordForm() {
  const { me, signOut } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [mismatch, setMismatch] = useState(false);
  const [busy, setBusy] = useState(false);
  const fields = fieldErrorsOf(error);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMismatch(next !== repeat);
    if (next !== repeat) return;
    setBusy(true);
    setError(null);
    call(api.POST('/api/users/{id}/password', { params: { path: { id: me.id } }, body: { password: next, currentPassword: current } })).then(
      () => signOut('Your password was changed. Sign in with the new password.'),
      (err: unknown) => {
        setError(err);
        setBusy(false);
      },
    );
  };

  return (
    <section className="panel">
      <div className="panel-title">Change password</div>
      <form className="form" onSubmit={submit} data-testid="change-password-form">
        <Field label="Current password" error={fields.currentPassword}>
          {(id) => <input id={id} type="password" value={current} onChange={(e) => setCurrent(e.target.value)} autoComplete="current-password" required data-testid="current-password" />}
        </Field>
        <Field label="New password" error={fields.password}>
          {(id) => <input id={id} type="password" value={next} onChange={(e) => setNext(e.target.value)} autoComplete="new-password" required data-testid="new-password" />}
        </Field>
        <Field label="Repeat new password" error={mismatch ? 'The passwords differ' : undefined}>
          {(id) => <input id={id} type="password" value={repeat} onChange={(e) => setRepeat(e.target.value)} autoComplete="new-password" required data-testid="repeat-password" />}
        </Field>
        <ProblemBanner error={error} />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="change-password-save">
            Change password
          </button>
          <span className="muted small">You will be signed out everywhere.</span>
        </div>
      </form>
    </section>
  );
}
