import { useEffect, useState } from 'react';
import type { Schemas } from '@argus/sdk';
import { Options } from '../../components/form';

export interface Filters {
  domainId: string;
  q: string;
  kind: string;
  groupId: string;
  tag: string;
}

export const KINDS = ['rtsp', 'rtmp', 'http', 'file'] as const;

/** Search box (debounced) and kind / group / tag filters above the camera list. */
export function CameraFilters({ filters, groups, onChange }: { filters: Filters; groups: Array<Schemas['CameraGroup']>; onChange: (f: Partial<Filters>) => void }) {
  const [q, setQ] = useState(filters.q);
  const [tag, setTag] = useState(filters.tag);
  useEffect(() => setQ(filters.q), [filters.q]);
  useEffect(() => setTag(filters.tag), [filters.tag]);
  useEffect(() => {
    if (q === filters.q && tag === filters.tag) return undefined;
    const t = setTimeout(() => onChange({ q, tag }), 250);
    return () => clearTimeout(t);
    // onChange is recreated each render; the text values drive this effect.
  }, [q, tag]);
  const active = filters.q || filters.kind || filters.groupId || filters.tag;
  return (
    <div className="toolbar" role="search">
      <input type="search" className="input-search" placeholder="Search name or description" value={q} onChange={(e) => setQ(e.target.value)} aria-label="Search cameras" data-testid="camera-search" />
      <select value={filters.kind} onChange={(e) => onChange({ kind: e.target.value })} aria-label="Kind" data-testid="filter-kind">
        <option value="">All kinds</option>
        <Options items={KINDS} value={(k) => k} label={(k) => k.toUpperCase()} />
      </select>
      <select value={filters.groupId} onChange={(e) => onChange({ groupId: e.target.value })} aria-label="Group" data-testid="filter-group">
        <option value="">All groups</option>
        <Options items={groups} value={(g) => g.id} label={(g) => g.name} />
      </select>
      <input className="input-tag" placeholder="Tag" value={tag} onChange={(e) => setTag(e.target.value)} aria-label="Tag" data-testid="filter-tag" />
      {active && (
        <button type="button" className="btn btn-link" onClick={() => onChange({ q: '', kind: '', groupId: '', tag: '' })}>
          Clear filters
        </button>
      )}
    </div>
  );
}
