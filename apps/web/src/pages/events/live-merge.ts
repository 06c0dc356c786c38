// Merging live feed notices into the event list shown: newest first, one row per event id (a fold updates the row
// in place), bounded so a busy feed cannot grow the page without end.
import type { EventItem } from './event-types';

export interface LiveList {
  items: EventItem[];
  /** Ids that arrived live and are still highlighted. */
  fresh: ReadonlySet<string>;
  /** Events dropped off the end because of the bound. */
  dropped: number;
}

export const EMPTY_LIVE: LiveList = { items: [], fresh: new Set(), dropped: 0 };

/** Replaces the list with a freshly loaded page (no highlight). */
export function loaded(items: EventItem[]): LiveList {
  return { items: dedupe(items), fresh: new Set(), dropped: 0 };
}

/** Appends the next page of the cursor; rows already shown (e.g. arrived live) are not repeated. */
export function appendPage(list: LiveList, page: EventItem[]): LiveList {
  const seen = new Set(list.items.map((e) => e.id));
  return { ...list, items: [...list.items, ...page.filter((e) => !seen.has(e.id))] };
}

function dedupe(items: EventItem[]): EventItem[] {
  const seen = new Set<string>();
  return items.filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)));
}

/**
 * Applies live events: an id already shown is updated in place when the notice is newer (higher seq, or a later
 * last firing); a new id goes on top. At most `limit` rows are kept.
 */
export function mergeLive(list: LiveList, incoming: EventItem[], limit: number): LiveList {
  if (incoming.length === 0) return list;
  const items = [...list.items];
  const index = new Map(items.map((e, i) => [e.id, i]));
  const fresh = new Set(list.fresh);
  const top: EventItem[] = [];
  const topIndex = new Map<string, number>();
  for (const e of incoming) {
    const at = index.get(e.id);
    if (at !== undefined) {
      const old = items[at];
      if (old && isNewer(e, old)) {
        items[at] = e;
        fresh.add(e.id);
      }
      continue;
    }
    const t = topIndex.get(e.id);
    if (t !== undefined) {
      const old = top[t];
      if (old && isNewer(e, old)) top[t] = e;
      continue;
    }
    topIndex.set(e.id, top.length);
    top.push(e);
    fresh.add(e.id);
  }
  top.reverse();
  const all = [...top, ...items];
  const kept = all.slice(0, Math.max(0, limit));
  for (const e of all.slice(kept.length)) fresh.delete(e.id);
  return { items: kept, fresh, dropped: list.dropped + (all.length - kept.length) };
}

function isNewer(a: EventItem, b: EventItem): boolean {
  if (a.seq !== b.seq) return a.seq > b.seq;
  return a.lastAtMs > b.lastAtMs || a.count > b.count || a.state !== b.state;
}

/** Clears the highlight of the given ids (after it has been seen for a while). */
export function settle(list: LiveList, ids: Iterable<string>): LiveList {
  const fresh = new Set(list.fresh);
  let changed = false;
  for (const id of ids) changed = fresh.delete(id) || changed;
  return changed ? { ...list, fresh } : list;
}
