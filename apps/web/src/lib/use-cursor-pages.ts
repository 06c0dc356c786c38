// Lists read newest first in pages (audit log, events): "Load more" appends the next page; a new filter starts over.
import { useCallback, useMemo, useRef, useState } from 'react';

export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PagerSink<T> {
  setLoading: (on: boolean) => void;
  setError: (error: unknown) => void;
  /** A page arrived: `appended` is false for a first page (it replaces the list). */
  page: (items: T[], appended: boolean, nextCursor: string | null) => void;
}

/**
 * The request bookkeeping, free of React: the newest request wins and answers to older ones are dropped (a
 * filter changed while a page was on its way). `settled` says the newest request has answered with a page.
 */
export function createPager<F, T>(fetch: (filter: F, cursor: string | null) => Promise<CursorPage<T>>, sink: PagerSink<T>) {
  let seq = 0;
  let answered = 0;
  return {
    load(filter: F, after: string | null): void {
      const mine = ++seq;
      sink.setLoading(true);
      sink.setError(null);
      fetch(filter, after).then(
        (page) => {
          if (mine !== seq) return;
          answered = mine;
          sink.page(page.items, Boolean(after), page.nextCursor);
          sink.setLoading(false);
        },
        (err: unknown) => {
          if (mine !== seq) return;
          sink.setError(err);
          sink.setLoading(false);
        },
      );
    },
    settled: (): boolean => seq === answered,
  };
}

/**
 * React state around createPager. `onPage` keeps the items (the page owns them: the events list merges live
 * arrivals into them); the hook keeps the cursor, the loading flag and the last error.
 */
export function useCursorPages<F, T>(fetch: (filter: F, cursor: string | null) => Promise<CursorPage<T>>, onPage: (items: T[], appended: boolean) => void) {
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const latest = useRef({ fetch, onPage });
  latest.current = { fetch, onPage };
  const pager = useMemo(
    () =>
      createPager<F, T>((f, after) => latest.current.fetch(f, after), {
        setLoading,
        setError,
        page: (items, appended, next) => {
          latest.current.onPage(items, appended);
          setCursor(next);
        },
      }),
    [],
  );
  const load = useCallback((filter: F, after: string | null) => pager.load(filter, after), [pager]);
  return { cursor, loading, error, load, settled: pager.settled };
}
