// The busy/error bookkeeping of every form and action button in the console: one call at a time, its failure shown.
import { useCallback, useState } from 'react';
import { fieldErrorsOf } from './api';

export interface SubmitOptions {
  /**
   * The form stays on screen after a success and may be sent again (an editor, a probe button), so busy ends
   * with the call. Without it the form goes away on success (a dialog closes, the page changes) and busy stays on
   * until then, so a second click cannot send the call twice.
   */
  repeatable?: boolean;
}

/** Where runSubmit reports: the two state setters of useSubmit. */
export interface SubmitSink {
  setBusy: (busy: boolean) => void;
  setError: (error: unknown) => void;
}

/**
 * Runs one submitted call: busy on and the last error cleared while it runs; on failure the error and busy off;
 * on success busy off (repeatable forms only), then `onDone` with the answer. Pure sequencing, tested without React.
 */
export function runSubmit<T>(sink: SubmitSink, work: Promise<T>, onDone: ((value: T) => void) | undefined, options: SubmitOptions = {}): void {
  sink.setBusy(true);
  sink.setError(null);
  work.then(
    (value) => {
      if (options.repeatable) sink.setBusy(false);
      onDone?.(value);
    },
    (err: unknown) => {
      sink.setError(err);
      sink.setBusy(false);
    },
  );
}

export interface Submit {
  busy: boolean;
  error: unknown;
  /** The last failure's errors by field name (see fieldErrorsOf); empty when there are none. */
  fields: Record<string, string>;
  /** For checks made before the call (e.g. a field the server never sees); null clears. */
  setError: (error: unknown) => void;
  /** Sends `work` (an API call already started) and calls `onDone` with its answer when it succeeds. */
  run: <T>(work: Promise<T>, onDone?: (value: T) => void) => void;
}

export function useSubmit(options: SubmitOptions = {}): Submit {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { repeatable = false } = options;
  const run = useCallback(<T>(work: Promise<T>, onDone?: (value: T) => void) => runSubmit({ setBusy, setError }, work, onDone, { repeatable }), [repeatable]);
  return { busy, error, fields: fieldErrorsOf(error), setError, run };
}
