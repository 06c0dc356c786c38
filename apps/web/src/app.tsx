import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, call, onSessionExpired } from './lib/api';
import { navigate, useLocation } from './lib/router';
import { SessionContext, sessionOf, type Me } from './lib/session';
import { Loading } from './components/status';
import { ProblemBanner } from './components/form';
import { Shell } from './layout/shell';
import { Routes } from './routes';
import { SetupPage } from './pages/setup-page';
import { SignInPage } from './pages/sign-in-page';

type Phase =
  | { kind: 'loading' }
  | { kind: 'failed'; error: unknown }
  | { kind: 'setup' }
  | { kind: 'signed-out'; message: string | null }
  | { kind: 'signed-in'; me: Me };

const AUTH_PATHS = new Set(['/sign-in', '/setup']);

/** Decides between first-run setup, sign-in and the signed-in console. */
export function App() {
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const location = useLocation();

  const start = useCallback(async () => {
    const setup = await call(api.GET('/api/setup'));
    if (setup.needsSetup) return setPhase({ kind: 'setup' });
    const me = await api.GET('/api/auth/me');
    if (me.data) return setPhase({ kind: 'signed-in', me: me.data });
    setPhase({ kind: 'signed-out', message: null });
  }, []);

  useEffect(() => {
    start().catch((error: unknown) => setPhase({ kind: 'failed', error }));
  }, [start]);

  useEffect(
    () =>
      onSessionExpired((problem) => {
        const here = window.location.pathname + window.location.search;
        setPhase({ kind: 'signed-out', message: problem?.detail ?? 'Your session has ended. Sign in again.' });
        if (!AUTH_PATHS.has(window.location.pathname)) navigate(`/sign-in?next=${encodeURIComponent(here)}`, { replace: true });
      }),
    [],
  );

  const refresh = useCallback(() => {
    api.GET('/api/auth/me').then(
      (r) => r.data && setPhase({ kind: 'signed-in', me: r.data }),
      (e: unknown) => console.warn('argus: could not refresh the session', e),
    );
  }, []);

  const signOut = useCallback((message?: string) => {
    const done = () => {
      setPhase({ kind: 'signed-out', message: message ?? 'You have signed out.' });
      navigate('/sign-in', { replace: true });
    };
    api.POST('/api/auth/sign-out').then(done, done);
  }, []);

  const me = phase.kind === 'signed-in' ? phase.me : null;
  const session = useMemo(() => (me ? sessionOf(me, refresh, signOut) : null), [me, refresh, signOut]);

  // Keep the address bar in step with the phase.
  useEffect(() => {
    if (phase.kind === 'signed-out' && location.path !== '/sign-in') {
      const here = location.path === '/' || location.path === '/setup' ? '' : `?next=${encodeURIComponent(location.path + (location.query.size ? `?${location.query.toString()}` : ''))}`;
      navigate(`/sign-in${here}`, { replace: true });
    }
    if (phase.kind === 'signed-in' && AUTH_PATHS.has(location.path)) {
      const next = location.query.get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
    }
  }, [phase.kind, location]);

  switch (phase.kind) {
    case 'loading':
      return (
        <div className="center-page">
          <Loading label="Connecting to Argus…" />
        </div>
      );
    case 'failed':
      return (
        <div className="center-page">
          <div className="auth-card">
            <h1 className="auth-title">Argus</h1>
            <ProblemBanner error={phase.error} />
            <button type="button" className="btn" onClick={() => window.location.reload()}>
              Try again
            </button>
          </div>
        </div>
      );
    case 'setup':
      return <SetupPage onDone={() => setPhase({ kind: 'signed-out', message: 'The administrator was created. Sign in with the new account.' })} />;
    case 'signed-out':
      return <SignInPage message={phase.message} onSignedIn={(m) => setPhase({ kind: 'signed-in', me: m })} />;
    case 'signed-in':
      return session ? (
        <SessionContext.Provider value={session}>
          <Shell>
            <Routes />
          </Shell>
        </SessionContext.Provider>
      ) : null;
  }
}
