// Reading one message of the live event stream (SSE). The server sends either the event itself or an
// `{ kind: 'created' | 'updated', event }` notice; anything else is ignored rather than breaking the page.
import type { EventItem } from './event-types';

function isEvent(v: unknown): v is EventItem {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  return typeof e.id === 'string' && typeof e.seq === 'number' && typeof e.cameraId === 'string' && typeof e.state === 'string' && Array.isArray(e.boxes);
}

export function parseNotice(data: string): EventItem | null {
  let v: unknown;
  try {
    v = JSON.parse(data);
  } catch {
    return null;
  }
  if (isEvent(v)) return v;
  if (typeof v === 'object' && v !== null && 'event' in v) {
    const inner: unknown = v.event;
    if (isEvent(inner)) return inner;
  }
  return null;
}

/** The highest seq seen, as the resume point of a new connection ('' when none). */
export function resumeFrom(lastSeq: number, lastEventId: string): string {
  const fromId = /^\d{1,15}$/.test(lastEventId) ? Number(lastEventId) : 0;
  const best = Math.max(lastSeq, fromId);
  return best > 0 ? String(best) : '';
}
