import type { ReactNode } from 'react';
import { ApiError } from '../lib/api';
import { ProblemBanner } from './form';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function Empty({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <div className="empty" data-testid={testId}>
      {children}
    </div>
  );
}

/** A failed page load: 403 and 404 get plain words, anything else the server's detail. */
export function LoadError({ error }: { error: unknown }) {
  if (error instanceof ApiError && error.status === 403) {
    return <Empty testId="forbidden">You do not have access to this. Ask an administrator for a role on the right domain.</Empty>;
  }
  if (error instanceof ApiError && error.status === 404) {
    return <Empty testId="not-found">This no longer exists, or you cannot see it.</Empty>;
  }
  return <ProblemBanner error={error} />;
}
