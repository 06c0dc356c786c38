import { useState, type FormEvent } from 'react';
import { api, call } from '../lib/api';
import type { Me } from '../lib/session';
import { useSubmit } from '../lib/use-submit';
import { Field, Notice, ProblemBanner } from '../components/form';
import { SubmitButton } from '../components/form-dialog';
import { AuthLayout } from './auth-layout';

export function SignInPage({ message, onSignedIn }: { message: string | null; onSignedIn: (me: Me) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useSubmit();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    run(call(api.POST('/api/auth/sign-in', { body: { username: username.trim(), password } })), (r) => onSignedIn(r.me));
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
        <SubmitButton label="Sign in" busyLabel="Signing in…" busy={busy} className="btn-primary btn-block" testId="sign-in-submit" />
      </form>
    </AuthLayout>
  );
}
