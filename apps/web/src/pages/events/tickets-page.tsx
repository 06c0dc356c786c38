// /tickets: work tickets made from events, filtered by state, assignee and due time.
import { useMemo } from 'react';
import { formatTime } from '../../lib/format';
import { Link, setQuery, useLocation } from '../../lib/router';
import { useLoad } from '../../lib/use-load';
import { Empty, LoadError, Loading } from '../../components/status';
import { TICKET_STATE_LABEL, TicketStateBadge } from './event-badges';
import { TICKET_STATES } from './event-types';
import { listTickets } from './events-api';
import { isOverdue, matchesDue, ticketApiQuery, ticketFilterFromQuery, ticketFilterToQuery, type DueFilter, type TicketFilter } from './ticket-filters';
import { useAssignableUsers, userName } from './use-users';

const DUE_LABEL: Record<DueFilter, string> = { '': 'Any', overdue: 'Overdue', today: 'Due today', week: 'Due this week', none: 'No due time' };

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
            {TICKET_STATES.map((s) => (
              <option key={s} value={s}>
                {TICKET_STATE_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="toolbar-label">
          Assignee
          <select value={filter.assignee} onChange={(e) => apply({ assignee: e.target.value })} data-testid="ticket-filter-assignee">
            <option value="">Anyone</option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <label className="toolbar-label">
          Due
          <select value={filter.due} onChange={(e) => apply({ due: e.target.value as DueFilter })} data-testid="ticket-filter-due">
            {(Object.keys(DUE_LABEL) as DueFilter[]).map((d) => (
              <option key={d} value={d}>
                {DUE_LABEL[d]}
              </option>
            ))}
          </select>
        </label>
        <span className="toolbar-spacer" />
        <button type="button" className="btn" onClick={tickets.reload} data-testid="tickets-refresh">
          Refresh
        </button>
      </div>
      {tickets.error && !tickets.data ? (
        <LoadError error={tickets.error} />
      ) : !tickets.data ? (
        <Loading />
      ) : shown.length === 0 ? (
        <Empty testId="tickets-empty">No tickets match. Create one from events on the Events page.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="ticket-table">
            <thead>
              <tr>
                <th>Title</th>
                <th>State</th>
                <th>Assignee</th>
                <th>Due</th>
                <th className="col-num">Events</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((t) => (
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
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
