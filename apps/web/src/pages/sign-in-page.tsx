import { useState, type FormEvent } from 'react';
import { api, call } from '../lib/api';
import type { Me } from '../lib/session';
import { Field, Notice, ProblemBanner } from '../components/form';
import { AuthLayout } from './auth-layout';

export function SignInPage({ message, onSignedIn }: { message: string | null; onSignedIn: (me: Me) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    call(api.POST('/api/auth/sign-in', { body: { username: username.trim(), password } })).then(
      (r) => onSignedIn(r.me),
      (err: unknown) => {
        setError(err);
        setBusy(false);
      },
    );
  };

  return (
    <AuthLayout title="Sign in" subtitle="Video management and analysis console">
      {message && !error && <Notice kind="info" testId="sign-in-message">{message}</Notice>}
      <form onSubmit={submit} className="form" data-testid="sign-in-form">
        <Field label="User name">
          {(id) => <input id={id} value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" autoFocus required data-testid="sign-in-username" />}
        </Field>
        <Field label="Password">
          {(id) => <input id={id} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" required data-testid="sign-in-password" />}
        </Field>
        <ProblemBanner error={error} testId="sign-in-error" />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy} data-testid="sign-in-submit">
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </AuthLayout>
  );
}
