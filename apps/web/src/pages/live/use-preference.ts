// A per-user preference (GET/PUT /api/me/preferences/{key}) as React state: loaded once, saved after changes.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, call } from '../../lib/api';

export interface Preference {
  /** undefined while loading; null when nothing is saved (or it could not be read). */
  value: unknown;
  loaded: boolean;
  /** Saves `value` after `delayMs` of quiet (the newest value wins). */
  save: (value: unknown) => void;
  saveError: string | null;
}

export function usePreference(key: string, delayMs = 400): Preference {
  const [value, setValue] = useState<unknown>(undefined);
  const [loaded, setLoaded] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pending = useRef<{ value: unknown } | null>(null);

  useEffect(() => {
    let live = true;
    call(api.GET('/api/me/preferences/{key}', { params: { path: { key } } })).then(
      (p) => live && (setValue(p.value), setLoaded(true)),
      (err: unknown) => {
        if (!live) return;
        if (!(err instanceof ApiError && err.status === 404)) console.warn(`argus: preference ${key} unreadable`, err);
        setValue(null);
        setLoaded(true);
      },
    );
    return () => {
      live = false;
    };
  }, [key]);

  const flush = useCallback(() => {
    const p = pending.current;
    pending.current = null;
    if (!p) return;
    // keepalive: the request survives a reload or a closed tab right after a change
    call(api.PUT('/api/me/preferences/{key}', { params: { path: { key } }, body: { value: p.value }, keepalive: true })).then(
      () => setSaveError(null),
      (err: unknown) => setSaveError(err instanceof Error ? err.message : String(err)),
    );
  }, [key]);

  const save = useCallback((v: unknown) => {
    pending.current = { value: v };
    setValue(v);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(flush, delayMs);
  }, [flush, delayMs]);

  // Leaving the page (in the console, or reloading/closing the tab) saves what is still waiting.
  useEffect(() => {
    const now = () => {
      if (timer.current) clearTimeout(timer.current);
      flush();
    };
    window.addEventListener('pagehide', now);
    return () => {
      window.removeEventListener('pagehide', now);
      now();
    };
  }, [flush]);

  return { value, loaded, save, saveError };
}
