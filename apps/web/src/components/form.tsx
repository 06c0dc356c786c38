import { useId, type ReactNode } from 'react';
import { ApiError, messageOf } from '../lib/api';

interface FieldProps {
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  children: (id: string) => ReactNode;
  className?: string;
}

/** A labelled form control with its server-side error underneath. */
export function Field({ label, error, hint, children, className }: FieldProps) {
  const id = useId();
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {error ? (
        <div className="field-error" role="alert" data-testid="field-error">
          {error}
        </div>
      ) : hint ? (
        <div className="field-hint">{hint}</div>
      ) : null}
    </div>
  );
}

/** The server's explanation of a failed call (its `detail`), with the correlation id for support. */
export function ProblemBanner({ error, testId = 'problem' }: { error: unknown; testId?: string }) {
  if (!error) return null;
  const correlation = error instanceof ApiError ? error.problem.correlationId : '';
  return (
    <div className="banner banner-error" role="alert" data-testid={testId}>
      <span>{messageOf(error)}</span>
      {correlation && <span className="banner-ref">ref {correlation.slice(0, 8)}</span>}
    </div>
  );
}

export function Notice({ children, kind = 'ok', testId }: { children: ReactNode; kind?: 'ok' | 'info' | 'warn'; testId?: string }) {
  return (
    <div className={`banner banner-${kind}`} role="status" data-testid={testId}>
      {children}
    </div>
  );
}

interface OptionsProps<T> {
  items: readonly T[];
  value: (item: T) => string | number;
  /** The visible text; none for a <datalist>'s suggestions. */
  label?: (item: T) => ReactNode;
}

/** The <option>s of a <select> or <datalist>, one per item. */
export function Options<T>({ items, value, label }: OptionsProps<T>) {
  return (
    <>
      {items.map((item) => {
        const v = value(item);
        return (
          <option key={v} value={v}>
            {label?.(item)}
          </option>
        );
      })}
    </>
  );
}
