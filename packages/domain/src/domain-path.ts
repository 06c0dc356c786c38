/**
 * Domains form a tree stored with materialised paths: the root is `/<rootId>/`, a child `/<rootId>/<childId>/`.
 * A path is a prefix of every path below it, so "is X within Y" is a prefix test and a subtree is a LIKE 'prefix%'.
 */
export function rootPath(id: string): string {
  return `/${id}/`;
}

export function childPath(parentPath: string, id: string): string {
  return `${parentPath}${id}/`;
}

export function isWithin(path: string, ancestorPath: string): boolean {
  return path.startsWith(ancestorPath);
}

export function pathIds(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

export function depthOf(path: string): number {
  return pathIds(path).length - 1;
}

/** Path of a domain and its subtree after moving it under `newParentPath`. */
export function rebasePath(path: string, oldPrefix: string, newPrefix: string): string {
  if (!path.startsWith(oldPrefix)) throw new Error(`${path} is not under ${oldPrefix}`);
  return newPrefix + path.slice(oldPrefix.length);
}

/** Removes prefixes already covered by a shorter prefix in the list: ['/a/', '/a/b/', '/c/'] → ['/a/', '/c/']. */
export function minimalPrefixes(paths: Iterable<string>): string[] {
  const sorted = [...new Set(paths)].sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  for (const p of sorted) if (!kept.some((k) => p.startsWith(k))) kept.push(p);
  return kept.sort();
}
