import type { ReactNode } from 'react';
import { ApiError } from '../lib/api';
import { loadPhase } from '../lib/load-phase';
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

interface LoadGateProps<T> {
  /** Undefined until the first answer. */
  data: T | undefined;
  /** Shown instead of everything (null: none); see loadPhase for keeping data on screen after a failed reload. */
  error: unknown;
  isEmpty?: (data: T) => boolean;
  /** Shown when isEmpty says so, usually an <Empty>. */
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}

/** A load's failure, spinner or empty note in place of its content, until there is content to show. */
export function LoadGate<T>({ data, error, isEmpty, empty, children }: LoadGateProps<T>) {
  switch (loadPhase(data, error, isEmpty)) {
    case 'error':
      return <LoadError error={error} />;
    case 'loading':
      return <Loading />;
    case 'empty':
      return <>{empty}</>;
    case 'ready':
      return <>{children(data as T)}</>;
  }
}
