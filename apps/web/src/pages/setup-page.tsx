import { useState, type FormEvent } from 'react';
import { api, call } from '../lib/api';
import { useLocation } from '../lib/router';
import { useSubmit } from '../lib/use-submit';
import { Field, ProblemBanner } from '../components/form';
import { SubmitButton } from '../components/form-dialog';
import { PasswordPairFields, usePasswordPair } from '../components/password-pair';
import { AuthLayout } from './auth-layout';

/** First run: creates the first administrator with the one-time token from the setup link. */
export function SetupPage({ onDone }: { onDone: () => void }) {
  const { query } = useLocation();
  const linkToken = query.get('token') ?? '';
  const [token, setToken] = useState(linkToken);
  const [username, setUsername] = useState('admin');
  const [displayName, setDisplayName] = useState('');
  const pair = usePasswordPair();
  const { busy, error, fields, run } = useSubmit();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!pair.check()) return;
    const body = { token: token.trim(), username: username.trim(), password: pair.password, ...(displayName.trim() ? { displayName: displayName.trim() } : {}) };
    run(call(api.POST('/api/setup', { body })), onDone);
  };

  return (
    <AuthLayout title="Set up Argus" subtitle="Create the first administrator. The setup link works once; after this, sign in with this account.">
      <form onSubmit={submit} className="form" data-testid="setup-form">
        {!linkToken && (
          <Field label="Setup token" error={fields.token} hint="Printed by the server at start, in the link …/setup?token=…">
            {(id) => <input id={id} value={token} onChange={(e) => setToken(e.target.value)} required data-testid="setup-token" />}
          </Field>
        )}
        <Field label="User name" error={fields.username}>
          {(id) => <input id={id} value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" required data-testid="setup-username" />}
        </Field>
        <Field label="Display name (optional)" error={fields.displayName}>
          {(id) => <input id={id} value={displayName} onChange={(e) => setDisplayName(e.target.value)} data-testid="setup-display-name" />}
        </Field>
        <PasswordPairFields pair={pair} labels={['Password', 'Repeat password']} testIds={['setup-password', 'setup-repeat']} error={fields.password} />
        <ProblemBanner error={error} />
        <SubmitButton label="Create administrator" busyLabel="Creating…" busy={busy} className="btn-primary btn-block" testId="setup-submit" />
      </form>
    </AuthLayout>
  );
}
