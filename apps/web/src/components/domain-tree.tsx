import { useEffect, useState } from 'react';
import type { Domain, DomainIndex } from '../lib/domains';
import { withMember } from '../lib/sets';

interface DomainTreeProps {
  index: DomainIndex;
  selectedId: string | null;
  onSelect: (id: string | null) => void;
  /** Adds an "All domains" entry that selects null. */
  allLabel?: string;
  /** Extra text after a node's name, e.g. a camera count. */
  badge?: (d: Domain) => string | null;
}

/** The organisation tree with expand/collapse; the first two levels start open. */
export function DomainTree({ index, selectedId, onSelect, allLabel, badge }: DomainTreeProps) {
  const [collapsed, setCollapsed] = useState<Set<string>>(() => new Set(index.list.filter((d) => d.depth >= 2).map((d) => d.id)));
  // Open the ancestors of the selected domain so it is always in view (e.g. right after it was created).
  useEffect(() => {
    let parent = selectedId ? index.byId.get(selectedId)?.parentId : null;
    const open: string[] = [];
    while (parent) {
      open.push(parent);
      parent = index.byId.get(parent)?.parentId ?? null;
    }
    if (open.length) setCollapsed((prev) => (open.some((id) => prev.has(id)) ? new Set([...prev].filter((id) => !open.includes(id))) : prev));
  }, [selectedId, index]);
  const toggle = (id: string) => setCollapsed((prev) => withMember(prev, id, !prev.has(id)));

  const node = (d: Domain, level: number) => {
    const kids = index.children.get(d.id) ?? [];
    const open = !collapsed.has(d.id);
    const extra = badge?.(d);
    return (
      <li key={d.id} role="treeitem" aria-expanded={kids.length ? open : undefined} aria-selected={selectedId === d.id}>
        <div className={`tree-row${selectedId === d.id ? ' selected' : ''}`} style={{ paddingLeft: 6 + level * 14 }}>
          {kids.length > 0 ? (
            <button type="button" className="tree-caret" aria-label={open ? `Collapse ${d.name}` : `Expand ${d.name}`} onClick={() => toggle(d.id)} data-testid="domain-toggle">
              {open ? '▾' : '▸'}
            </button>
          ) : (
            <span className="tree-caret-space" />
          )}
          <button type="button" className="tree-label" onClick={() => onSelect(d.id)} data-testid="domain-node" data-domain-id={d.id} title={d.description || d.name}>
            {d.name}
          </button>
          {extra && <span className="tree-badge">{extra}</span>}
        </div>
        {kids.length > 0 && open && <ul role="group">{kids.map((c) => node(c, level + 1))}</ul>}
      </li>
    );
  };

  return (
    <ul className="tree" role="tree" data-testid="domain-tree">
      {allLabel && (
        <li role="treeitem" aria-selected={selectedId === null}>
          <div className={`tree-row${selectedId === null ? ' selected' : ''}`} style={{ paddingLeft: 6 }}>
            <span className="tree-caret-space" />
            <button type="button" className="tree-label" onClick={() => onSelect(null)} data-testid="domain-all">
              {allLabel}
            </button>
          </div>
        </li>
      )}
      {index.roots.map((r) => node(r, 0))}
    </ul>
  );
}
