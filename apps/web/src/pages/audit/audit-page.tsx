import { useEffect, useState } from 'react';
import type { Schemas } from '@argus/sdk';
import { api, call } from '../../lib/api';
import { noItems, pagedGate } from '../../lib/load-phase';
import { useCursorPages } from '../../lib/use-cursor-pages';
import { PageHeader } from '../../layout/shell';
import { LoadMore } from '../../components/load-more';
import { Empty, LoadGate } from '../../components/status';
import { AuditFilters, type AuditFilter } from './audit-filters';
import { AuditTable } from './audit-table';

type Entry = Schemas['AuditEntry'];
const PAGE = 50;

function fetchAudit(f: AuditFilter, after: string | null) {
  const query = {
    limit: PAGE,
    ...(f.action.trim() ? { action: f.action.trim() } : {}),
    ...(f.from ? { from: new Date(f.from).toISOString() } : {}),
    ...(f.to ? { to: new Date(f.to).toISOString() } : {}),
    ...(after ? { cursor: after } : {}),
  };
  return call(api.GET('/api/audit', { params: { query } }));
}

/** Who did what, newest first, with filters and cursor paging ("Load more"). */
export function AuditPage() {
  const [filter, setFilter] = useState<AuditFilter>({ action: '', from: '', to: '' });
  const [items, setItems] = useState<Entry[]>([]);
  const pages = useCursorPages(fetchAudit, (page: Entry[], appended) => setItems((prev) => (appended ? [...prev, ...page] : page)));
  const { load } = pages;

  useEffect(() => load(filter, null), [filter, load]);

  const gate = pagedGate(items, pages.loading, pages.error);
  return (
    <div className="page">
      <PageHeader title="Audit log" subtitle="Sign-ins and every change, with who made it, from where and whether it was allowed." />
      <AuditFilters value={filter} onApply={setFilter} onRefresh={() => load(filter, null)} />
      <LoadGate data={gate.data} error={gate.error} isEmpty={noItems} empty={<Empty testId="audit-empty">No entries match.</Empty>}>
        {() => (
          <>
            <AuditTable items={items} />
            <LoadMore
              shown={`${items.length} entries shown`}
              error={pages.error}
              cursor={pages.cursor}
              loading={pages.loading}
              onMore={() => load(filter, pages.cursor)}
              moreTestId="audit-more"
              end="End of the log"
              endTestId="audit-end"
            />
          </>
        )}
      </LoadGate>
    </div>
  );
}
