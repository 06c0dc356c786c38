// The live event feed: an EventSource on /api/events/stream with the list's filter. The browser resumes a dropped
// connection itself (sending Last-Event-ID); when the server closes it for good, a new one is opened after a pause,
// resuming from the last seq seen. While paused, arrivals are buffered (bounded, drops counted).
import { useEffect, useRef, useState } from 'react';
import type { EventItem } from './event-types';
import { withQuery } from './events-api';
import { parseNotice, resumeFrom } from './live-notice';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'off';

const BUFFER_LIMIT = 500;
const RETRY_MS = 3000;

export interface LiveFeed {
  status: LiveStatus;
  /** Buffered while paused. */
  pending: number;
  droppedWhilePaused: number;
}

/**
 * Calls `onEvents` with batches of live events (at most every 250 ms) unless `paused`; resuming hands over what
 * was buffered. `query` is the stream's filter; a change opens a new stream.
 */
export function useLiveEvents(query: Record<string, string | number>, enabled: boolean, paused: boolean, onEvents: (events: EventItem[]) => void): LiveFeed {
  const [status, setStatus] = useState<LiveStatus>('off');
  const [pending, setPending] = useState(0);
  const [dropped, setDropped] = useState(0);
  const buffer = useRef<EventItem[]>([]);
  const pausedRef = useRef(paused);
  const onEventsRef = useRef(onEvents);
  onEventsRef.current = onEvents;
  const key = JSON.stringify(query);

  useEffect(() => {
    pausedRef.current = paused;
    if (!paused && buffer.current.length) {
      const batch = buffer.current;
      buffer.current = [];
      setPending(0);
      setDropped(0);
      onEventsRef.current(batch);
    }
  }, [paused]);

  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') {
      setStatus('off');
      return undefined;
    }
    let source: EventSource | null = null;
    let retry: number | undefined;
    let flushTimer: number | undefined;
    let lastSeq = 0;
    let incoming: EventItem[] = [];
    let closed = false;

    const flush = () => {
      flushTimer = undefined;
      const batch = incoming;
      incoming = [];
      if (batch.length === 0) return;
      if (pausedRef.current) {
        const room = BUFFER_LIMIT - buffer.current.length;
        buffer.current.push(...batch.slice(0, Math.max(0, room)));
        if (batch.length > room) setDropped((d) => d + batch.length - Math.max(0, room));
        setPending(buffer.current.length);
      } else {
        onEventsRef.current(batch);
      }
    };

    const onMessage = (m: MessageEvent<string>) => {
      const e = parseNotice(m.data);
      if (!e) return;
      lastSeq = Math.max(lastSeq, e.seq);
      incoming.push(e);
      flushTimer ??= window.setTimeout(flush, 250);
    };

    const open = (lastEventId: string) => {
      if (closed) return;
      setStatus(lastEventId ? 'reconnecting' : 'connecting');
      const q: Record<string, string | number> = { ...(JSON.parse(key) as Record<string, string | number>) };
      if (lastEventId) q.lastEventId = lastEventId;
      const es = new EventSource(withQuery('/api/events/stream', q), { withCredentials: true });
      source = es;
      es.onopen = () => setStatus('live');
      es.onmessage = onMessage;
      for (const name of ['event', 'created', 'updated']) es.addEventListener(name, onMessage as EventListener);
      es.onerror = () => {
        if (closed) return;
        if (es.readyState === EventSource.CLOSED) {
          es.close();
          setStatus('reconnecting');
          retry = window.setTimeout(() => open(resumeFrom(lastSeq, '')), RETRY_MS);
        } else {
          setStatus('reconnecting');
        }
      };
    };
    open('');
    return () => {
      closed = true;
      source?.close();
      window.clearTimeout(retry);
      window.clearTimeout(flushTimer);
      setStatus('off');
    };
  }, [key, enabled]);

  return { status, pending, droppedWhilePaused: dropped };
}
