import type { FastifyReply, FastifyRequest } from 'fastify';
import { forbidden } from '../../errors';
import type { RequestContext } from '../request-context';
import type { EventCenter } from './event-center';
import type { EventNotice } from './event-port';
import type { EventView } from './events.repo';
import type { StreamQueryT } from './events.schemas';
import type { EventsService } from './events.service';

/** What a live-feed client asked for (after scope resolution). Pure predicate below. */
export interface StreamFilter {
  canRead: (domainPath: string) => boolean;
  cameraIds?: ReadonlySet<string>;
  domainPrefix?: string;
  type?: string;
  taskId?: string;
  ruleId?: string;
  className?: string;
  severity?: string;
}

export function matchesStream(f: StreamFilter, e: EventView): boolean {
  if (!f.canRead(e.domainPath)) return false;
  if (f.cameraIds && !f.cameraIds.has(e.cameraId)) return false;
  if (f.domainPrefix !== undefined && !e.domainPath.startsWith(f.domainPrefix)) return false;
  if (f.type !== undefined && e.type !== f.type) return false;
  if (f.taskId !== undefined && e.origin.taskId !== f.taskId) return false;
  if (f.ruleId !== undefined && e.origin.ruleId !== f.ruleId) return false;
  if (f.className !== undefined && e.className !== f.className) return false;
  if (f.severity !== undefined && e.severity !== f.severity) return false;
  return true;
}

/** One SSE message: id = seq, event = created|updated, data = the event JSON. Pure. */
export function sseMessage(notice: EventNotice): string {
  return `id: ${notice.event.seq}\nevent: ${notice.kind}\ndata: ${JSON.stringify(publicEvent(notice.event as EventView))}\n\n`;
}

/** The event as the API shows it (blob keys stay private). */
export function publicEvent(e: EventView): Omit<EventView, 'snapshotKey' | 'cropKey' | 'capturedAtMs'> {
  const { snapshotKey: _s, cropKey: _c, capturedAtMs: _t, ...rest } = e;
  return rest;
}

/** Live-feed clients: each connected SSE response, closed together on shutdown. Counts dropped messages. */
export class EventStreamHub {
  private readonly clients = new Set<() => void>();
  dropped = 0;
  private closed = false;

  constructor(
    readonly center: EventCenter,
    /** Bytes a slow client may have buffered before further messages to it are dropped. */
    readonly maxBufferedBytes: number,
  ) {}

  get size(): number {
    return this.clients.size;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  add(close: () => void): () => void {
    this.clients.add(close);
    return () => this.clients.delete(close);
  }

  /** Ends every client; idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const c of [...this.clients]) c();
    this.clients.clear();
  }
}

const REPLAY_LIMIT = 1000;

export async function serveEventStream(
  req: FastifyRequest,
  reply: FastifyReply,
  ctx: RequestContext,
  q: StreamQueryT,
  deps: { events: EventsService; hub: EventStreamHub; heartbeatMs: number },
): Promise<void> {
  const { hub } = deps;
  const base = await deps.events.filterOf(ctx, {
    ...(q.domainId ? { domainId: q.domainId } : {}),
  });
  const filter: StreamFilter = {
    canRead: (p) => ctx.access.can('events.read', p),
    ...(q.cameraIds ? { cameraIds: new Set(q.cameraIds.split(',')) } : {}),
    ...(base.domainPrefix !== undefined ? { domainPrefix: base.domainPrefix } : {}),
    ...(q.type ? { type: q.type } : {}),
    ...(q.taskId ? { taskId: q.taskId } : {}),
    ...(q.ruleId ? { ruleId: q.ruleId } : {}),
    ...(q.className ? { className: q.className } : {}),
    ...(q.severity ? { severity: q.severity } : {}),
  };
  const header = req.headers['last-event-id'];
  const rawLast = typeof header === 'string' && /^\d{1,15}$/.test(header.trim()) ? header.trim() : q.lastEventId;
  const resumeAfter = rawLast !== undefined ? Number(rawLast) : null;
  // EventSource always asks for text/event-stream. A plain GET (curl, probes) gets the backlog and the end of the body.
  const live = String(req.headers.accept ?? '').includes('text/event-stream');
  if (!ctx.access.hasAnywhere('events.read')) throw forbidden('You have no events.read right anywhere');

  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  let done = false;
  const send = (text: string): void => {
    if (done) return;
    if (res.writableLength > hub.maxBufferedBytes) {
      hub.dropped++;
      return;
    }
    res.write(text);
  };
  // Live notices that arrive during the replay wait here; those already replayed are skipped by seq.
  let pending: EventNotice[] | null = resumeAfter !== null ? [] : null;
  let replayedUpTo = resumeAfter ?? 0;
  const unsubscribe = hub.center.subscribe((notice) => {
    if (!matchesStream(filter, notice.event as EventView)) return;
    if (pending) pending.push(notice);
    else send(sseMessage(notice));
  });
  const heartbeat = setInterval(() => send(`: heartbeat ${Date.now()}\n\n`), deps.heartbeatMs);
  heartbeat.unref();
  let removeClient = (): unknown => false;
  const finish = (): void => {
    if (done) return;
    done = true;
    clearInterval(heartbeat);
    unsubscribe();
    removeClient();
    if (!res.writableEnded) res.end();
  };
  removeClient = hub.add(finish);
  req.raw.on('close', finish);
  res.on('error', finish);
  send(`retry: 3000\n: connected\n\n`);
  if (hub.isClosed) {
    finish();
    return;
  }
  if (resumeAfter !== null) {
    try {
      let after = resumeAfter;
      for (let sent = 0; sent < REPLAY_LIMIT && !done; ) {
        const batch = (await hub.center.after(after, 200)) as EventView[];
        if (batch.length === 0) break;
        for (const e of batch) {
          after = e.seq;
          if (matchesStream(filter, e)) {
            send(sseMessage({ kind: 'created', event: e }));
            sent++;
          }
        }
      }
      replayedUpTo = after;
    } finally {
      const queued = pending ?? [];
      pending = null;
      for (const n of queued) if (n.kind === 'updated' || n.event.seq > replayedUpTo) send(sseMessage(n));
    }
  }
  if (!live) finish();
}
