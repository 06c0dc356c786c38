// /events/{id}: snapshot with boxes, the crop, the recording around it, details, review, notes, assignment and links.
import { useState } from 'react';
import { loadDomains, labelOf } from '../../lib/domains';
import { formatTime } from '../../lib/format';
import { Link } from '../../lib/router';
import { useSession } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { useSubmit } from '../../lib/use-submit';
import { Options, ProblemBanner } from '../../components/form';
import { LoadError, Loading } from '../../components/status';
import { CreateTicketDialog } from './bulk-dialogs';
import { CountBadge, humanType, msTime, SeverityBadge, StateBadge, TicketStateBadge } from './event-badges';
import { EventClip } from './event-clip';
import { EventCrop, EventSnapshot } from './event-snapshot';
import type { EventDetail } from './event-types';
import { addEventNote, assignEvent, getEvent } from './events-api';
import { NoteThread } from './note-thread';
import { ReviewPanel } from './review-panel';
import { STATE_LABEL } from './review-actions';
import { useAssignableUsers, userName } from './use-users';

const stateLabel = (s: string): string => (STATE_LABEL as Record<string, string | undefined>)[s] ?? s;

/** "/dom_a/dom_b/" → "Organisation / Site B" when the domains are readable, else the path as is. */
function DomainName({ path }: { path: string }) {
  const domains = useLoad(() => loadDomains(), []);
  const last = path.split('/').filter((s) => s !== '').pop();
  if (!domains.data || !last || !domains.data.byId.has(last)) return <>{path}</>;
  return <>{labelOf(domains.data, last)}</>;
}

export function EventDetailPage({ id }: { id: string }) {
  const { can } = useSession();
  const ev = useLoad(() => getEvent(id), [id]);
  if (ev.error && !ev.data) return <LoadError error={ev.error} />;
  if (!ev.data) return <Loading />;
  return <EventDetailView event={ev.data} canAct={can('events.act')} reload={ev.reload} />;
}

function EventDetailView({ event: e, canAct, reload }: { event: EventDetail; canAct: boolean; reload: () => void }) {
  const [ticketing, setTicketing] = useState(false);
  return (
    <div className="ev-detail" data-testid="event-detail" data-id={e.id} data-state={e.state}>
      <div className="ev-detail-head">
        <Link to="/events" className="btn btn-link" data-testid="back-to-events">
          ← Events
        </Link>
        <h2 className="ev-detail-title">
          {humanType(e.type)} <span className="muted">on</span> {e.cameraName}
        </h2>
        <SeverityBadge severity={e.severity} />
        <StateBadge state={e.state} />
        <CountBadge count={e.count} />
      </div>
      <div className="ev-detail-grid">
        <div className="ev-media">
          <EventSnapshot eventId={e.id} boxes={e.boxes} hasSnapshot={e.hasSnapshot !== false} />
          <section className="panel">
            <div className="panel-title">Recording around the event</div>
            <EventClip url={e.recording.playbackUrl} fromMs={e.recording.fromMs} toMs={e.recording.toMs} />
            <div className="muted ev-clip-range">
              {msTime(e.recording.fromMs)} – {msTime(e.recording.toMs)} ·{' '}
              <Link to={`/recordings/${encodeURIComponent(e.cameraId)}`}>open in Recordings</Link>
            </div>
          </section>
        </div>
        <aside className="ev-side">
          <section className="panel">
            <div className="panel-title">Review</div>
            <ReviewPanel event={e} canAct={canAct} onChanged={reload} />
            {e.reviewReason && (
              <p className="ev-reason" data-testid="review-reason">
                Reason: {e.reviewReason}
              </p>
            )}
          </section>
          <section className="panel">
            <div className="panel-title">Details</div>
            <dl className="ev-facts">
              <dt>Camera</dt>
              <dd>{e.cameraName}</dd>
              <dt>Domain</dt>
              <dd>
                <DomainName path={e.domainPath} />
              </dd>
              <dt>Source</dt>
              <dd data-testid="event-rule">{e.origin.kind === 'rule' ? (e.origin.ruleName ?? e.origin.ruleId ?? 'rule') : e.origin.kind}</dd>
              {e.className && (
                <>
                  <dt>Class</dt>
                  <dd>{e.className}</dd>
                </>
              )}
              {e.trackId && (
                <>
                  <dt>Track</dt>
                  <dd className="mono">{e.trackId}</dd>
                </>
              )}
              {e.confidence !== null && (
                <>
                  <dt>Confidence</dt>
                  <dd>{Math.round(e.confidence * 100)}%</dd>
                </>
              )}
              <dt>First</dt>
              <dd>{msTime(e.firstAtMs)}</dd>
              <dt>Last</dt>
              <dd>{msTime(e.lastAtMs)}</dd>
              <dt>Firings</dt>
              <dd data-testid="event-firings">{e.count}</dd>
              {Object.entries(e.details ?? {}).map(([k, v]) => (
                <FactRow key={k} k={k} v={v} />
              ))}
            </dl>
            <EventCrop eventId={e.id} hasCrop={e.hasCrop !== false} />
          </section>
          <AssignPanel event={e} canAct={canAct} onChanged={reload} />
          <section className="panel">
            <div className="panel-title-row">
              <div className="panel-title">Tickets and incident</div>
              <button type="button" className="btn btn-small" disabled={!canAct} title={canAct ? undefined : 'Needs events.act'} onClick={() => setTicketing(true)} data-testid="event-new-ticket">
                New ticket
              </button>
            </div>
            {e.incident && (
              <p data-testid="event-incident">
                Incident: <strong>{e.incident.title}</strong> <span className="muted">({e.incident.eventIds.length} events)</span>
              </p>
            )}
            {e.tickets.length === 0 ? (
              <p className="muted">No tickets.</p>
            ) : (
              <ul className="ev-links">
                {e.tickets.map((t) => (
                  <li key={t.id} data-testid="event-ticket">
                    <Link to={`/tickets/${encodeURIComponent(t.id)}`}>{t.title}</Link> <TicketStateBadge state={t.state} />
                  </li>
                ))}
              </ul>
            )}
          </section>
          <NotesPanel event={e} canAct={canAct} onChanged={reload} />
          {e.reviews.length > 0 && (
            <section className="panel">
              <div className="panel-title">History</div>
              <ul className="ev-history" data-testid="event-history">
                {e.reviews.map((r) => (
                  <li key={r.id}>
                    <span className="muted">{formatTime(r.createdAt)}</span> {r.actorName}: {stateLabel(r.fromState)} → <strong>{stateLabel(r.toState)}</strong>
                    {r.reason && <span className="muted"> — {r.reason}</span>}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </aside>
      </div>
      {ticketing && <CreateTicketDialog eventIds={[e.id]} onClose={() => setTicketing(false)} />}
    </div>
  );
}

function FactRow({ k, v }: { k: string; v: unknown }) {
  return (
    <>
      <dt>{k}</dt>
      <dd>{typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v)}</dd>
    </>
  );
}

function AssignPanel({ event, canAct, onChanged }: { event: EventDetail; canAct: boolean; onChanged: () => void }) {
  const users = useAssignableUsers();
  const { busy, error, run } = useSubmit({ repeatable: true });
  const assign = (userId: string | null) => run(assignEvent(event.id, userId), onChanged);
  return (
    <section className="panel">
      <div className="panel-title">Assigned to</div>
      <div className="btn-row">
        <select value={event.assigneeUserId ?? ''} disabled={!canAct || busy} onChange={(x) => assign(x.target.value || null)} data-testid="event-assignee" title={canAct ? undefined : 'Needs events.act'}>
          <option value="">Nobody</option>
          <Options items={users} value={(u) => u.id} label={(u) => u.name} />
          {event.assigneeUserId && !users.some((u) => u.id === event.assigneeUserId) && <option value={event.assigneeUserId}>{userName(users, event.assigneeUserId)}</option>}
        </select>
      </div>
      <ProblemBanner error={error} />
    </section>
  );
}

function NotesPanel({ event, canAct, onChanged }: { event: EventDetail; canAct: boolean; onChanged: () => void }) {
  return (
    <NoteThread
      title="Notes"
      entries={event.notes}
      canAct={canAct}
      add={(text) => addEventNote(event.id, text)}
      onChanged={onChanged}
      text={{ empty: 'No notes yet.', placeholder: 'Add a note…', denied: 'Adding notes needs events.act', button: 'Add note' }}
      testIds={{ list: 'event-notes', item: 'event-note', field: 'note-text', button: 'note-add' }}
    />
  );
}
