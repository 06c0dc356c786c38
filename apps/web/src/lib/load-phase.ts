// What a loaded list or record shows: its failure, a spinner, an empty note or the thing itself (in that order).

export type LoadPhase = 'error' | 'loading' | 'empty' | 'ready';

/**
 * `data` is undefined until the first answer; `error` (null: none) wins over everything, so a page whose data
 * should stay on screen after a failed reload passes its error only while it has no data.
 */
export function loadPhase<T>(data: T | undefined, error: unknown, isEmpty?: (data: T) => boolean): LoadPhase {
  if (error !== null && error !== undefined) return 'error';
  if (data === undefined) return 'loading';
  return isEmpty?.(data) ? 'empty' : 'ready';
}

/** A list's emptiness, the usual `isEmpty`. */
export const noItems = (items: readonly unknown[]): boolean => items.length === 0;

/**
 * LoadGate's inputs for a list that grows page by page: spinner and failure only while nothing is on screen;
 * once entries are shown they stay, and a failed page shows beside them (at "Load more").
 */
export function pagedGate<T>(items: readonly T[], loading: boolean, error: unknown): { data: readonly T[] | undefined; error: unknown } {
  if (items.length > 0) return { data: items, error: null };
  return { data: loading ? undefined : items, error };
}
