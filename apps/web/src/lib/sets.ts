// Selections kept in React state as Sets: changed by copy, never in place, so React sees the change.

/** A copy of `set` with `id` in it (on) or out of it (off). */
export function withMember<T>(set: ReadonlySet<T>, id: T, on: boolean): Set<T> {
  const next = new Set(set);
  if (on) next.add(id);
  else next.delete(id);
  return next;
}
