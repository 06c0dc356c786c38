/** The deepest domain path that holds every given path (materialised paths `/root/child/…/`). */
export function commonDomainPath(paths: readonly string[]): string {
  const split = paths.map((p) => p.split('/').filter((s) => s.length > 0));
  const first = split[0] ?? [];
  let n = first.length;
  for (const s of split.slice(1)) {
    let i = 0;
    while (i < n && s[i] === first[i]) i++;
    n = i;
  }
  return n === 0 ? '/' : `/${first.slice(0, n).join('/')}/`;
}

/** The id of the domain a path names (its last segment). */
export function domainIdOf(path: string): string {
  const ids = path.split('/').filter((s) => s.length > 0);
  return ids[ids.length - 1] ?? '';
}
