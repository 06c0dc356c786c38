// /tickets/{id}: a ticket's linked events, state changes, assignee, due time and comments.
import { formatTime } from '../../lib/format';
import { Link } from '../../lib/router';
import { useSession } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { useSubmit } from '../../lib/use-submit';
import { Options, ProblemBanner } from '../../components/form';
import { LoadError, Loading } from '../../components/status';
import { humanType, msTime, StateBadge, TICKET_STATE_LABEL, TicketStateBadge } from './event-badges';
import type { TicketDetail, TicketState } from './event-types';
import { commentTicket, getEvent, getTicket, patchTicket, snapshotUrl, type TicketPatch } from './events-api';
import { BoxesThumb } from './event-snapshot';
import { NoteThread } from './note-thread';
import { isOverdue, nextTicketStates } from './ticket-filters';
import { useAssignableUsers } from './use-users';

const toLocal = (iso: string | null): string => {
  if (!iso) return '';
  const ms = new Date(iso).getTime();
  return Number.isNaN(ms) ? '' : new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

const stateLabel = (s: string): string => (TICKET_STATE_LABEL as Record<string, string | undefined>)[s] ?? s;

export function TicketDetailPage({ id }: { id: string }) {
  const { can } = useSession();
  const ticket = useLoad(() => getTicket(id), [id]);
  if (ticket.error && !ticket.data) return <LoadError error={ticket.error} />;
  if (!ticket.data) return <Loading />;
  return <TicketView ticket={ticket.data} canAct={can('events.act')} reload={ticket.reload} />;
}

function TicketView({ ticket: t, canAct, reload }: { ticket: TicketDetail; canAct: boolean; reload: () => void }) {
  const users = useAssignableUsers();
  const { busy, error, run } = useSubmit({ repeatable: true });
  const patch = (body: TicketPatch) => run(patchTicket(t.id, body), reload);
  const why = canAct ? undefined : 'Changing tickets needs events.act';
  return (
    <div className="tk-detail" data-testid="ticket-detail" data-state={t.state}>
      <div className="ev-detail-head">
        <Link to="/tickets" className="btn btn-link">
          ← Tickets
        </Link>
        <h2 className="ev-detail-title" data-testid="ticket-heading">
          {t.title}
        </h2>
        <TicketStateBadge state={t.state} />
        {isOverdue(t, Date.now()) && <span className="ev-sev ev-sev-critical">overdue</span>}
      </div>
      <ProblemBanner error={error} />
      <div className="ev-detail-grid">
        <div className="ev-media">
          <section className="panel">
            <div className="panel-title">Description</div>
            {t.description ? <p className="tk-description">{t.description}</p> : <p className="muted">No description.</p>}
          </section>
          <section className="panel">
            <div className="panel-title">Linked events ({t.eventIds.length})</div>
            {t.eventIds.length === 0 ? <p className="muted">No events.</p> : <LinkedEvents ids={t.eventIds} />}
          </section>
          <Comments ticket={t} canAct={canAct} onChanged={reload} />
        </div>
        <aside className="ev-side">
          <section className="panel">
            <div className="panel-title">State</div>
            <div className="btn-row">
              {nextTicketStates(t.state).map((s: TicketState) => (
                <button key={s} type="button" className="btn btn-small" disabled={!canAct || busy} title={why} onClick={() => patch({ state: s })} data-testid={`ticket-to-${s}`}>
                  {TICKET_STATE_LABEL[s]}
                </button>
              ))}
            </div>
          </section>
          <section className="panel">
            <div className="panel-title">Assignee and due time</div>
            <div className="form">
              <label htmlFor="tk-assignee">Assigned to</label>
              <select id="tk-assignee" value={t.assigneeUserId ?? ''} disabled={!canAct || busy} title={why} onChange={(e) => patch({ assigneeUserId: e.target.value || null })} data-testid="ticket-assignee">
                <option value="">Nobody</option>
                <Options items={users} value={(u) => u.id} label={(u) => u.name} />
                {t.assigneeUserId && !users.some((u) => u.id === t.assigneeUserId) && <option value={t.assigneeUserId}>{t.assigneeUserId}</option>}
              </select>
              <label htmlFor="tk-due">Due</label>
              <input
                id="tk-due"
                type="datetime-local"
                key={t.dueAt ?? ''}
                defaultValue={toLocal(t.dueAt)}
                disabled={!canAct || busy}
                onBlur={(e) => {
                  const v = e.target.value ? new Date(e.target.value).toISOString() : null;
                  if (v !== t.dueAt) patch({ dueAt: v });
                }}
                data-testid="ticket-due"
              />
            </div>
          </section>
          <section className="panel">
            <div className="panel-title">History</div>
            <ul className="ev-history" data-testid="ticket-history">
              {t.history.length === 0 && (
                <li>
                  <span className="muted">{formatTime(t.createdAt)}</span> created by {t.createdByName}
                </li>
              )}
              {t.history.map((h, i) => (
                <li key={i}>
                  <span className="muted">{formatTime(h.createdAt)}</span> {h.actorName}:{' '}
                  {h.fromState === null ? (
                    'created'
                  ) : (
                    <>
                      {stateLabel(h.fromState)} → <strong>{stateLabel(h.toState)}</strong>
                    </>
                  )}
                </li>
              ))}
            </ul>
          </section>
        </aside>
      </div>
    </div>
  );
}

function LinkedEvents({ ids }: { ids: string[] }) {
  const first = ids.slice(0, 24);
  const events = useLoad(() => Promise.allSettled(first.map((id) => getEvent(id))), [first.join(',')]);
  if (!events.data) return <Loading />;
  return (
    <ul className="tk-events" data-testid="ticket-events">
      {events.data.map((r, i) =>
        r.status === 'fulfilled' ? (
          <li key={r.value.id} data-testid="ticket-event">
            <Link to={`/events/${encodeURIComponent(r.value.id)}`} className="tk-event">
              <span className="ev-thumb ev-thumb-small">{r.value.hasSnapshot !== false ? <img src={snapshotUrl(r.value.id)} alt="" loading="lazy" /> : <BoxesThumb boxes={r.value.boxes} />}</span>
              <span>
                {humanType(r.value.type)} · {r.value.cameraName}
                <span className="cell-sub">{msTime(r.value.lastAtMs)}</span>
              </span>
              <StateBadge state={r.value.state} />
            </Link>
          </li>
        ) : (
          <li key={first[i]} className="muted">
            {first[i]} (not visible to you)
          </li>
        ),
      )}
      {ids.length > first.length && <li className="muted">and {ids.length - first.length} more</li>}
    </ul>
  );
}

function Comments({ ticket, canAct, onChanged }: { ticket: TicketDetail; canAct: boolean; onChanged: () => void }) {
  return (
    <NoteThread
      title="Comments"
      entries={ticket.comments}
      canAct={canAct}
      add={(text) => commentTicket(ticket.id, text)}
      onChanged={onChanged}
      text={{ empty: 'No comments yet.', placeholder: 'Add a comment…', denied: 'Commenting needs events.act', button: 'Comment' }}
      testIds={{ list: 'ticket-comments', item: 'ticket-comment', field: 'comment-text', button: 'comment-add' }}
    />
  );
}
