// /events: filters in the URL, the newest events first with cursor paging, live arrivals on top, bulk actions.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, call } from '../../lib/api';
import { loadDomains } from '../../lib/domains';
import { setQuery, useLocation } from '../../lib/router';
import { withMember } from '../../lib/sets';
import { noItems, pagedGate } from '../../lib/load-phase';
import { useCursorPages } from '../../lib/use-cursor-pages';
import { useSession } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Notice } from '../../components/form';
import { LoadMore } from '../../components/load-more';
import { Empty, LoadGate } from '../../components/status';
import { CreateIncidentDialog, CreateTicketDialog } from './bulk-dialogs';
import { EventFilterBar } from './event-filter-bar';
import { eventMatches, filterFromQuery, filterToApiQuery, filterToQuery, type EventFilter } from './event-filters';
import { EventRow } from './event-row';
import type { EventItem } from './event-types';
import { listEvents } from './events-api';
import { appendPage, EMPTY_LIVE, loaded, mergeLive, settle, type LiveList } from './live-merge';
import { useLiveEvents, type LiveStatus } from './use-live-events';

const PAGE = 50;
const LIVE_LIMIT = 1000;
const HIGHLIGHT_MS = 6000;

const LIVE_LABEL: Record<LiveStatus, string> = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', off: 'Off' };

const fetchEvents = (f: EventFilter, after: string | null) => listEvents({ ...filterToApiQuery(f, Date.now()), limit: PAGE, ...(after ? { cursor: after } : {}) });

export function EventsListPage() {
  const { query } = useLocation();
  const { can } = useSession();
  const filter = useMemo(() => filterFromQuery(query), [query.toString()]);
  const cameras = useLoad(() => call(api.GET('/api/cameras', { params: { query: { limit: 2000 } } })), []);
  const domains = useLoad(() => loadDomains(), []);
  // Users without tasks.read anywhere get no task choices (the filter still works from a link with ?task=).
  const tasks = useLoad(() => call(api.GET('/api/tasks')).catch(() => ({ items: [] })), []);
  const [list, setList] = useState<LiveList>(EMPTY_LIVE);
  const [paused, setPaused] = useState(false);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [dialog, setDialog] = useState<'ticket' | 'incident' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const filterRef = useRef(filter);
  filterRef.current = filter;

  const { cursor, loading, error, load: fetchPage, settled } = useCursorPages(fetchEvents, (page: EventItem[], appended) =>
    setList((prev) => (appended ? appendPage(prev, page) : loaded(page))),
  );

  useEffect(() => {
    setSelected(new Set());
    fetchPage(filter, null);
  }, [filter, fetchPage]);

  // The stream takes the filters the server can apply to it; time and state are checked here per event.
  const streamQuery = useMemo(() => {
    const { from: _from, to: _to, state: _state, ...rest } = filterToApiQuery(filter, 0);
    return rest;
  }, [filter]);
  const onLive = useCallback((events: EventItem[]) => {
    const f = filterRef.current;
    const now = Date.now();
    setList((prev) => {
      const shown = new Set(prev.items.map((e) => e.id));
      // An event already shown is updated even when it no longer matches (e.g. its state changed).
      const take = events.filter((e) => shown.has(e.id) || eventMatches(e, f, now));
      return mergeLive(prev, take, LIVE_LIMIT);
    });
    const ids = events.map((e) => e.id);
    window.setTimeout(() => setList((prev) => settle(prev, ids)), HIGHLIGHT_MS);
  }, []);
  const liveAllowed = filter.range !== 'custom' || filter.toMs === null || filter.toMs > Date.now();
  const live = useLiveEvents(streamQuery, liveAllowed, paused, onLive);

  const toggle = (id: string, on: boolean) => setSelected((prev) => withMember(prev, id, on));
  // Infinite paging: the "Load more" button loads by itself when it scrolls into view.
  const more = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const el = more.current;
    if (!el || !cursor || typeof IntersectionObserver === 'undefined') return undefined;
    const io = new IntersectionObserver((entries) => {
      // Not while a page is on its way (or the last one failed): the button would ask again and again.
      if (entries.some((x) => x.isIntersecting) && settled()) fetchPage(filterRef.current, cursor);
    });
    io.observe(el);
    return () => io.disconnect();
  }, [cursor, fetchPage, settled]);

  const selectedIds = list.items.filter((e) => selected.has(e.id)).map((e) => e.id);
  const canAct = can('events.act');
  const gate = pagedGate(list.items, loading, error);

  return (
    <div className="ev-list-page">
      <EventFilterBar value={filter} cameras={cameras.data?.items ?? []} tasks={tasks.data?.items ?? []} domains={domains.data} onApply={(f) => setQuery({ ...Object.fromEntries(Object.keys(filterToQuery(filter)).map((k) => [k, undefined])), ...filterToQuery(f) })} />
      <div className="ev-listbar">
        <span className={`ev-live ev-live-${paused ? 'paused' : live.status}`} data-testid="live-status" data-status={paused ? 'paused' : live.status}>
          {paused ? 'Paused' : LIVE_LABEL[live.status]}
        </span>
        <button type="button" className="btn btn-small" onClick={() => setPaused((p) => !p)} disabled={!liveAllowed} data-testid="live-pause">
          {paused ? `Resume${live.pending ? ` (${live.pending} new)` : ''}` : 'Pause'}
        </button>
        {live.droppedWhilePaused > 0 && <span className="muted">{live.droppedWhilePaused} arrivals not kept while paused; refresh to see them.</span>}
        <span className="toolbar-spacer" />
        {selectedIds.length > 0 && (
          <span className="ev-bulk" data-testid="bulk-bar">
            <span>{selectedIds.length} selected</span>
            <button type="button" className="btn btn-small btn-primary" disabled={!canAct} title={canAct ? undefined : 'Needs events.act'} onClick={() => setDialog('ticket')} data-testid="bulk-ticket">
              Create ticket
            </button>
            <button type="button" className="btn btn-small" disabled={!canAct || selectedIds.length < 2} title={canAct ? 'At least two events' : 'Needs events.act'} onClick={() => setDialog('incident')} data-testid="bulk-incident">
              Group into incident
            </button>
            <button type="button" className="btn btn-small btn-link" onClick={() => setSelected(new Set())}>
              Clear selection
            </button>
          </span>
        )}
        <button type="button" className="btn btn-small" onClick={() => fetchPage(filter, null)} data-testid="events-refresh">
          Refresh
        </button>
      </div>
      {notice && (
        <Notice testId="events-notice">
          {notice}
        </Notice>
      )}
      <LoadGate data={gate.data} error={gate.error} isEmpty={noItems} empty={<Empty testId="events-empty">No events match these filters{liveAllowed ? ' yet; new ones appear here as they happen' : ''}.</Empty>}>
        {() => (
          <>
            <ul className="ev-list" data-testid="event-list">
              {list.items.map((e) => (
                <EventRow key={e.id} event={e} fresh={list.fresh.has(e.id)} selected={selected.has(e.id)} onSelect={(on) => toggle(e.id, on)} />
              ))}
            </ul>
            <LoadMore
              shown={`${list.items.length} events shown`}
              shownTestId="events-shown"
              error={error}
              cursor={cursor}
              loading={loading}
              onMore={() => fetchPage(filter, cursor)}
              moreTestId="events-more"
              end="No older events"
              endTestId="events-end"
              buttonRef={more}
            />
          </>
        )}
      </LoadGate>
      {dialog === 'ticket' && <CreateTicketDialog eventIds={selectedIds} onClose={() => setDialog(null)} />}
      {dialog === 'incident' && (
        <CreateIncidentDialog
          eventIds={selectedIds}
          onClose={(title) => {
            setDialog(null);
            if (title) {
              setNotice(`Incident “${title}” created with ${selectedIds.length} events.`);
              setSelected(new Set());
            }
          }}
        />
      )}
    </div>
  );
}
