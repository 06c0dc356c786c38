/**
 * The live view service: issues live tokens, serves WebSocket viewers and HLS sessions from the shared upstreams,
 * re-checks every open stream's credential and live.view right now and then (revoked → ended within seconds),
 * and carries analysis overlays to a camera's viewers.
 */
import type { FastifyRequest } from 'fastify';
import { offersH264Mode1 } from '@argus/media';
import type { WebSocket } from 'ws';
import { AppError, forbidden } from '../../errors';
import type { AuditService } from '../audit/audit.service';
import type { CamerasRepo } from '../cameras/cameras.repo';
import type { RequestContext } from '../request-context';
import type { Clock } from '../../util/clock';
import type { LiveConfig } from './live.config';
import { HlsSession } from './live-hls-session';
import { LiveTokenStore, type LiveTokenEntry, type LiveTransport } from './live-tokens';
import type { LiveUpstreams, UpstreamInfo } from './live-upstreams';
import { WsViewer, type OverlayMessage } from './live-ws-viewer';
import { WebRtcViewer } from './live-webrtc-viewer';

const NOT_YOURS = 'The live stream token is unknown, expired or not yours';
const HLS_FIRST_SEGMENT_WAIT_MS = 4000;
const WEBRTC_INIT_WAIT_MS = 4000;

export interface LiveServiceDeps {
  config: LiveConfig;
  clock: Clock;
  cameras: CamerasRepo;
  audit: AuditService;
  upstreams: LiveUpstreams;
  /** Resolves a credential again (session or API token); throws when it is no longer valid. */
  resolveCredential(secret: string): Promise<RequestContext>;
}

interface OpenStream {
  cameraId: string;
  secret: string;
  end(reason: string): void;
}

interface PendingSocket {
  entry: LiveTokenEntry;
  secret: string;
}

export class LiveService {
  readonly tokens: LiveTokenStore;
  private readonly viewers = new Set<WsViewer>();
  private readonly hls = new Map<string, { session: HlsSession; entry: LiveTokenEntry; secret: string; lastMs: number }>();
  private readonly pending = new WeakMap<FastifyRequest, PendingSocket>();
  private readonly streamsOf = new Map<WsViewer | WebRtcViewer, OpenStream>();
  private readonly rtcViewers = new Set<WebRtcViewer>();
  private timer: NodeJS.Timeout | null = null;
  private lastRevalidate = 0;
  private revalidating = false;
  private closed = false;
  bytesSent = 0;

  constructor(private readonly d: LiveServiceDeps) {
    this.tokens = new LiveTokenStore({ ttlMs: d.config.tokenTtlSeconds * 1000, hlsIdleMs: d.config.hlsIdleSeconds * 1000 });
  }

  start(): void {
    if (this.timer || this.closed) return;
    this.timer = setInterval(() => void this.tick(), 1000);
    this.timer.unref?.();
  }

  get viewerCount(): number {
    return this.viewers.size + this.hls.size + this.rtcViewers.size;
  }

  /** Open WebRTC peer connections (answered, connected or connecting). */
  get webrtcViewers(): WebRtcViewer[] {
    return [...this.rtcViewers];
  }

  private get webrtcEnabled(): boolean {
    return this.d.config.webrtc.enabled;
  }


  async startLive(ctx: RequestContext, principal: { key: string }, cameraId: string, body: { stream?: 'main' | 'sub' | 'auto'; transport?: LiveTransport }) {
    const row = await this.requireCamera(ctx, cameraId);
    this.start();
    const wanted = body.stream ?? 'auto';
    if (wanted === 'sub' && !row.sub_url) throw new AppError('validation_failed', 'This camera has no sub stream', [{ field: 'stream', message: 'no sub stream URL' }]);
    const stream: 'main' | 'sub' = wanted === 'auto' ? (row.sub_url ? 'sub' : 'main') : wanted;
    const transport = body.transport ?? 'mse';
    const now = this.d.clock.now();
    const { token, expiresAtMs } = this.tokens.issue({ cameraId, stream, transport, principalKey: principal.key, userId: ctx.actor.id }, now);
    await this.d.audit.record(ctx.actor, { action: 'live.start', targetType: 'camera', targetId: cameraId, domainPath: row.domain_path, details: { stream, transport } });
    return {
      cameraId,
      stream,
      transport,
      token,
      expiresAt: new Date(expiresAtMs).toISOString(),
      wsUrl: `/api/live/ws/${token}`,
      hlsUrl: `/api/live/hls/${token}/index.m3u8`,
      webrtcUrl: this.webrtcEnabled ? `/api/live/webrtc/${token}` : null,
    };
  }

  private async requireCamera(ctx: RequestContext, cameraId: string) {
    const row = await this.d.cameras.byId(cameraId);
    if (!row || !ctx.access.can('cameras.read', row.domain_path)) throw new AppError('not_found', `camera ${cameraId} does not exist`);
    if (!ctx.access.can('live.view', row.domain_path)) throw forbidden(`You have no live.view right on camera ${row.name}`);
    return row;
  }

  async stats(ctx: RequestContext): Promise<{ upstreams: UpstreamInfo[] }> {
    const now = this.d.clock.now();
    const out: UpstreamInfo[] = [];
    for (const u of this.d.upstreams.list()) {
      const row = await this.d.cameras.byId(u.cameraId);
      if (row && ctx.access.can('cameras.read', row.domain_path)) out.push(u.info(now));
    }
    return { upstreams: out };
  }

  /** Checks a token for the presenting credential and that the caller still may view the camera. */
  async checkToken(ctx: RequestContext, principal: { key: string }, token: string, use: 'claim' | 'touch' | 'peek'): Promise<LiveTokenEntry> {
    const r = this.tokens.check(token, principal.key, this.d.clock.now(), use);
    if (!r.ok) throw new AppError('not_found', NOT_YOURS);
    const row = await this.d.cameras.byId(r.entry.cameraId);
    if (!row || !ctx.access.can('live.view', row.domain_path)) {
      this.tokens.revoke(token);
      throw new AppError('not_found', NOT_YOURS);
    }
    return r.entry;
  }

  async authoriseSocket(req: FastifyRequest, ctx: RequestContext, principal: { key: string; secret: string }, token: string): Promise<void> {
    const entry = await this.checkToken(ctx, principal, token, 'claim');
    this.pending.set(req, { entry, secret: principal.secret });
  }

  attachSocket(req: FastifyRequest, socket: WebSocket): void {
    const p = this.pending.get(req);
    this.pending.delete(req);
    if (!p || this.closed) {
      socket.close(1008, 'not authorised');
      return;
    }
    // Until the upstream is acquired, client messages are judged by the same rules (only pings).
    void this.d.upstreams.acquire(p.entry.cameraId, p.entry.stream).then(
      (upstream) => {
        if (socket.readyState !== socket.OPEN) return;
        const viewer = new WsViewer(socket, upstream, { bytesSent: (n) => (this.bytesSent += n) }, (v) => {
          this.viewers.delete(v);
          this.streamsOf.delete(v);
        });
        this.viewers.add(viewer);
        this.streamsOf.set(viewer, { cameraId: p.entry.cameraId, secret: p.secret, end: (reason) => viewer.end(1008, reason) });
        try {
          viewer.start();
        } catch (err) {
          viewer.end(1013, (err as Error).message);
        }
      },
      (err: unknown) => socket.close(1011, (err as Error).message.slice(0, 120)),
    );
  }

  private async hlsSession(ctx: RequestContext, principal: { key: string; secret: string }, token: string): Promise<HlsSession> {
    const entry = await this.checkToken(ctx, principal, token, 'touch');
    const key = principal.key + token;
    const now = this.d.clock.now();
    const have = this.hls.get(key);
    if (have && !have.session.isClosed) {
      have.lastMs = now;
      return have.session;
    }
    const upstream = await this.d.upstreams.acquire(entry.cameraId, entry.stream);
    const session = new HlsSession(upstream, { targetS: this.d.config.hlsSegmentSeconds, window: this.d.config.hlsWindowSegments });
    session.start();
    this.hls.set(key, { session, entry, secret: principal.secret, lastMs: now });
    return session;
  }

  async hlsPlaylist(ctx: RequestContext, principal: { key: string; secret: string }, token: string): Promise<string> {
    const session = await this.hlsSession(ctx, principal, token);
    await session.ready(HLS_FIRST_SEGMENT_WAIT_MS);
    return session.segmenter.playlist();
  }

  async hlsInit(ctx: RequestContext, principal: { key: string; secret: string }, token: string): Promise<Uint8Array> {
    const session = await this.hlsSession(ctx, principal, token);
    await session.ready(HLS_FIRST_SEGMENT_WAIT_MS);
    const init = session.segmenter.initSegment;
    if (!init) throw new AppError('live_stream_unavailable');
    return init;
  }

  async hlsSegment(ctx: RequestContext, principal: { key: string; secret: string }, token: string, sequence: number): Promise<Buffer> {
    const session = await this.hlsSession(ctx, principal, token);
    const seg = session.segmenter.segment(sequence);
    if (!seg) throw new AppError('not_found', `segment ${sequence} is not in the live window`);
    return seg.data;
  }

  /**
   * Answers a WebRTC offer for a live token (single use, bound to the presenting credential like a WebSocket token).
   * Waits briefly for the upstream's init so a codec WebRTC cannot carry is refused at once.
   */
  async webrtcAnswer(ctx: RequestContext, principal: { key: string; secret: string }, token: string, offerSdp: string): Promise<{ sdp: string; type: 'answer' }> {
    if (!this.webrtcEnabled) {
      await this.checkToken(ctx, principal, token, 'peek');
      throw new AppError('live_transport_unavailable', 'WebRTC live view is turned off on this server (live.webrtc.enabled); use the WebSocket (MSE) or HLS URL');
    }
    await this.checkToken(ctx, principal, token, 'peek');
    if (!offersH264Mode1(offerSdp)) throw new AppError('live_webrtc_offer_refused', 'The offer has no H.264 (packetization-mode=1) video to receive');
    const entry = await this.checkToken(ctx, principal, token, 'claim');
    if (this.closed) throw new AppError('not_ready', 'The live service is shutting down');
    const upstream = await this.d.upstreams.acquire(entry.cameraId, entry.stream);
    const viewer = new WebRtcViewer(
      upstream,
      this.d.config.webrtc,
      { receiveBytes: this.d.config.udpReceiveBufferBytes, sendBytes: this.d.config.udpSendBufferBytes },
      { bytesSent: (n) => (this.bytesSent += n) },
      (v) => {
        this.rtcViewers.delete(v);
        this.streamsOf.delete(v);
      },
    );
    this.rtcViewers.add(viewer);
    this.streamsOf.set(viewer, { cameraId: entry.cameraId, secret: principal.secret, end: (reason) => viewer.end(reason) });
    try {
      viewer.holdUpstream();
      for (let waited = 0; !upstream.hub.currentInit && waited < WEBRTC_INIT_WAIT_MS && !upstream.closed; waited += 50) {
        await new Promise((r) => setTimeout(r, 50));
      }
      const sdp = await viewer.answer(offerSdp);
      if (this.closed) throw new AppError('not_ready', 'The live service is shutting down');
      return { sdp, type: 'answer' };
    } catch (err) {
      viewer.close();
      throw err;
    }
  }

  /** Sends an analysis overlay to every viewer of the camera (any stream). */
  publishOverlay(cameraId: string, msg: OverlayMessage): number {
    let n = 0;
    for (const v of this.viewers) {
      if (v.cameraId !== cameraId) continue;
      v.sendOverlay(msg);
      n += 1;
    }
    return n;
  }

  private async tick(): Promise<void> {
    const now = this.d.clock.now();
    this.tokens.sweep(now);
    for (const [key, h] of this.hls) {
      if (h.session.isClosed || now - h.lastMs > this.d.config.hlsIdleSeconds * 1000) {
        h.session.close();
        this.hls.delete(key);
      }
    }
    if (now - this.lastRevalidate >= this.d.config.revalidateSeconds * 1000) {
      this.lastRevalidate = now;
      await this.revalidate();
    }
  }

  /** Ends every open stream whose credential died or whose caller lost live.view (or whose camera is gone). */
  async revalidate(): Promise<number> {
    if (this.revalidating) return 0;
    this.revalidating = true;
    let ended = 0;
    try {
      const open: OpenStream[] = [...this.streamsOf.values()];
      for (const [key, h] of this.hls) {
        open.push({ cameraId: h.entry.cameraId, secret: h.secret, end: () => { h.session.close(); this.hls.delete(key); } });
      }
      const verdicts = new Map<string, Promise<RequestContext | null>>();
      for (const s of open) {
        if (!verdicts.has(s.secret)) verdicts.set(s.secret, this.d.resolveCredential(s.secret).catch(() => null));
        const ctx = await verdicts.get(s.secret)!;
        const row = await this.d.cameras.byId(s.cameraId);
        if (!row) {
          s.end('the camera was deleted');
          await this.d.upstreams.endCamera(s.cameraId, 'the camera was deleted');
          ended += 1;
        } else if (!ctx || !ctx.access.can('live.view', row.domain_path)) {
          s.end('access revoked');
          ended += 1;
        }
      }
    } finally {
      this.revalidating = false;
    }
    return ended;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    for (const v of [...this.viewers]) v.end(1001, 'server closing');
    for (const v of [...this.rtcViewers]) v.end('server closing');
    for (const h of this.hls.values()) h.session.close();
    this.hls.clear();
  }
}
