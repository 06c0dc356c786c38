import { useState, type FormEvent } from 'react';
import { api, call, fieldErrorsOf } from '../lib/api';
import { useLocation } from '../lib/router';
import { Field, ProblemBanner } from '../components/form';
import { AuthLayout } from './auth-layout';

/** First run: creates the first administrator with the one-time token from the setup link. */
export function SetupPage({ onDone }: { onDone: () => void }) {
  const { query } = useLocation();
  const linkToken = query.get('token') ?? '';
  const [token, setToken] = useState(linkToken);
  const [username, setUsername] = useState('admin');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [mismatch, setMismatch] = useState(false);
  const [busy, setBusy] = useState(false);
  const fields = fieldErrorsOf(error);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMismatch(password !== repeat);
    if (password !== repeat) return;
    setBusy(true);
    setError(null);
    const body = { token: token.trim(), username: username.trim(), password, ...(displayName.trim() ? { displayName: displayName.trim() } : {}) };
    call(api.POST('/api/setup', { body })).then(onDone, (err: unknown) => {
      setError(err);
      setBusy(false);
    });
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
        <Field label="Password" error={fields.password}>
          {(id) => <input id={id} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" required data-testid="setup-password" />}
        </Field>
        <Field label="Repeat password" error={mismatch ? 'The passwords differ' : undefined}>
          {(id) => <input id={id} type="password" value={repeat} onChange={(e) => setRepeat(e.target.value)} autoComplete="new-password" required data-testid="setup-repeat" />}
        </Field>
        <ProblemBanner error={error} />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy} data-testid="setup-submit">
          {busy ? 'Creating…' : 'Create administrator'}
        </button>
      </form>
    </AuthLayout>
  );
}
