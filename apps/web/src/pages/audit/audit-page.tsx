import { useCallback, useEffect, useRef, useState } from 'react';
import type { Schemas } from '@argus/sdk';
import { api, call } from '../../lib/api';
import { PageHeader } from '../../layout/shell';
import { ProblemBanner } from '../../components/form';
import { Empty, LoadError, Loading } from '../../components/status';
import { AuditFilters, type AuditFilter } from './audit-filters';
import { AuditTable } from './audit-table';

type Entry = Schemas['AuditEntry'];
const PAGE = 50;

/** Who did what, newest first, with filters and cursor paging ("Load more"). */
export function AuditPage() {
  const [filter, setFilter] = useState<AuditFilter>({ action: '', from: '', to: '' });
  const [items, setItems] = useState<Entry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const seq = useRef(0);

  const fetchPage = useCallback((f: AuditFilter, after: string | null) => {
    const mine = ++seq.current;
    setLoading(true);
    setError(null);
    const query = {
      limit: PAGE,
      ...(f.action.trim() ? { action: f.action.trim() } : {}),
      ...(f.from ? { from: new Date(f.from).toISOString() } : {}),
      ...(f.to ? { to: new Date(f.to).toISOString() } : {}),
      ...(after ? { cursor: after } : {}),
    };
    call(api.GET('/api/audit', { params: { query } })).then(
      (page) => {
        if (mine !== seq.current) return;
        setItems((prev) => (after ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
        setLoading(false);
      },
      (err: unknown) => {
        if (mine !== seq.current) return;
        setError(err);
        setLoading(false);
      },
    );
  }, []);

  useEffect(() => fetchPage(filter, null), [filter, fetchPage]);

  return (
    <div className="page">
      <PageHeader title="Audit log" subtitle="Sign-ins and every change, with who made it, from where and whether it was allowed." />
      <AuditFilters value={filter} onApply={setFilter} onRefresh={() => fetchPage(filter, null)} />
      {error && items.length === 0 ? (
        <LoadError error={error} />
      ) : items.length === 0 && loading ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty testId="audit-empty">No entries match.</Empty>
      ) : (
        <>
          <AuditTable items={items} />
          <div className="pager">
            <span className="muted">{items.length} entries shown</span>
            {error !== null && <ProblemBanner error={error} />}
            {cursor ? (
              <button type="button" className="btn" disabled={loading} onClick={() => fetchPage(filter, cursor)} data-testid="audit-more">
                {loading ? 'Loading…' : 'Load more'}
              </button>
            ) : (
              <span className="muted" data-testid="audit-end">End of the log</span>
            )}
          </div>
        </>
      )}
    </div>
  );
}
