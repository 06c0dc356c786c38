import type { Schemas } from '@argus/sdk';
import { api, call } from './api';

export type Domain = Schemas['Domain'];

export interface DomainIndex {
  list: Domain[];
  byId: Map<string, Domain>;
  children: Map<string, Domain[]>;
  /** The visible roots: domains whose parent is not in the list. */
  roots: Domain[];
}

export function indexDomains(list: Domain[]): DomainIndex {
  const byId = new Map(list.map((d) => [d.id, d]));
  const children = new Map<string, Domain[]>();
  const roots: Domain[] = [];
  for (const d of list) {
    if (d.parentId && byId.has(d.parentId)) {
      const siblings = children.get(d.parentId) ?? [];
      siblings.push(d);
      children.set(d.parentId, siblings);
    } else roots.push(d);
  }
  const byName = (a: Domain, b: Domain) => a.name.localeCompare(b.name);
  for (const c of children.values()) c.sort(byName);
  roots.sort(byName);
  return { list, byId, children, roots };
}

export async function loadDomains(): Promise<DomainIndex> {
  return indexDomains(await call(api.GET('/api/domains')));
}

/** Tree order with depth below the visible roots, for indented pickers. */
export function flatten(index: DomainIndex): Array<{ domain: Domain; level: number }> {
  const out: Array<{ domain: Domain; level: number }> = [];
  const walk = (d: Domain, level: number) => {
    out.push({ domain: d, level });
    for (const c of index.children.get(d.id) ?? []) walk(c, level + 1);
  };
  for (const r of index.roots) walk(r, 0);
  return out;
}

/** True when `path` is `ancestorPath` or below it (materialised paths /a/b/). */
export function isWithin(path: string, ancestorPath: string): boolean {
  return path.startsWith(ancestorPath);
}

/** "Root / Site A / Floor 1" for a domain, using the names of its visible ancestors. */
export function labelOf(index: DomainIndex, id: string): string {
  const names: string[] = [];
  let d = index.byId.get(id);
  while (d) {
    names.unshift(d.name);
    d = d.parentId ? index.byId.get(d.parentId) : undefined;
  }
  return names.join(' / ') || id;
}
