// /tickets: work tickets made from events, filtered by state, assignee and due time.
import { useMemo } from 'react';
import { formatTime } from '../../lib/format';
import { Link, setQuery, useLocation } from '../../lib/router';
import { useLoad } from '../../lib/use-load';
import { DataTable } from '../../components/data-table';
import { Options } from '../../components/form';
import { Empty, LoadGate } from '../../components/status';
import { TICKET_STATE_LABEL, TicketStateBadge } from './event-badges';
import { TICKET_STATES } from './event-types';
import { listTickets } from './events-api';
import { isOverdue, matchesDue, ticketApiQuery, ticketFilterFromQuery, ticketFilterToQuery, type DueFilter, type TicketFilter } from './ticket-filters';
import { useAssignableUsers, userName } from './use-users';

const DUE_LABEL: Record<DueFilter, string> = { '': 'Any', overdue: 'Overdue', today: 'Due today', week: 'Due this week', none: 'No due time' };

const COLUMNS = ['Title', 'State', 'Assignee', 'Due', { label: 'Events', className: 'col-num' }, 'Created'];

export function TicketsPage() {
  const { query } = useLocation();
  const filter = useMemo(() => ticketFilterFromQuery(query), [query.toString()]);
  const users = useAssignableUsers();
  const tickets = useLoad(() => listTickets(ticketApiQuery(filter)), [filter.state, filter.assignee]);
  const now = Date.now();
  const shown = (tickets.data?.items ?? []).filter((t) => matchesDue(t, filter.due, now));
  const apply = (patch: Partial<TicketFilter>) => setQuery(ticketFilterToQuery({ ...filter, ...patch }));
  return (
    <div>
      <div className="toolbar" data-testid="ticket-filters">
        <label className="toolbar-label">
          State
          <select value={filter.state} onChange={(e) => apply({ state: e.target.value as TicketFilter['state'] })} data-testid="ticket-filter-state">
            <option value="">Any</option>
            <Options items={TICKET_STATES} value={(s) => s} label={(s) => TICKET_STATE_LABEL[s]} />
          </select>
        </label>
        <label className="toolbar-label">
          Assignee
          <select value={filter.assignee} onChange={(e) => apply({ assignee: e.target.value })} data-testid="ticket-filter-assignee">
            <option value="">Anyone</option>
            <Options items={users} value={(u) => u.id} label={(u) => u.name} />
          </select>
        </label>
        <label className="toolbar-label">
          Due
          <select value={filter.due} onChange={(e) => apply({ due: e.target.value as DueFilter })} data-testid="ticket-filter-due">
            <Options items={Object.keys(DUE_LABEL) as DueFilter[]} value={(d) => d} label={(d) => DUE_LABEL[d]} />
          </select>
        </label>
        <span className="toolbar-spacer" />
        <button type="button" className="btn" onClick={tickets.reload} data-testid="tickets-refresh">
          Refresh
        </button>
      </div>
      {/* A failed refresh keeps the tickets already shown. */}
      <LoadGate data={tickets.data} error={tickets.data ? null : tickets.error} isEmpty={() => shown.length === 0} empty={<Empty testId="tickets-empty">No tickets match. Create one from events on the Events page.</Empty>}>
        {() => (
          <DataTable testId="ticket-table" columns={COLUMNS} rows={shown}>
            {(t) => (
              <tr key={t.id} data-testid="ticket-row" data-id={t.id}>
                <td>
                  <Link to={`/tickets/${encodeURIComponent(t.id)}`} data-testid="ticket-link">
                    {t.title}
                  </Link>
                  <div className="cell-sub">{t.domainPath}</div>
                </td>
                <td>
                  <TicketStateBadge state={t.state} />
                </td>
                <td>{userName(users, t.assigneeUserId)}</td>
                <td className={isOverdue(t, now) ? 'tk-overdue' : undefined}>{t.dueAt ? formatTime(t.dueAt) : <span className="muted">—</span>}</td>
                <td className="col-num">{t.eventIds.length}</td>
                <td className="nowrap">
                  {formatTime(t.createdAt)}
                  <div className="cell-sub">by {t.createdByName}</div>
                </td>
              </tr>
            )}
          </DataTable>
        )}
      </LoadGate>
    </div>
  );
}
