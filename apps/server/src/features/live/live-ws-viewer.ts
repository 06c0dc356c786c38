/**
 * One WebSocket live viewer: JSON control messages (init, stats, state, overlay, pong) and the fMP4 init segment and
 * fragments as binary messages. The socket's unsent bytes are the viewer's queue: the hub drops fragments for this
 * viewer alone when it grows past the budget. The client may only send {"type":"ping"}; anything else closes 1008.
 */
import type { WebSocket } from 'ws';
import type { HubSubscription } from '@argus/media';
import type { Upstream } from './live-upstreams';

export const CLIENT_MESSAGE_MAX_BYTES = 256;

export interface OverlayMessage {
  decodeTimeS: number;
  objects: Array<{ id: string; className: string; box: [number, number, number, number]; confidence: number }>;
  zones?: unknown;
}

export interface ViewerCounters {
  bytesSent(n: number): void;
}

export class WsViewer {
  private sub: HubSubscription | null = null;
  private statsTimer: NodeJS.Timeout | null = null;
  private unlisten: (() => void) | null = null;
  private closed = false;

  constructor(
    private readonly socket: WebSocket,
    readonly upstream: Upstream,
    private readonly counters: ViewerCounters,
    private readonly onClosed: (v: WsViewer) => void,
  ) {}

  get cameraId(): string {
    return this.upstream.cameraId;
  }

  get dropped(): number {
    return this.sub?.dropped ?? 0;
  }

  start(): void {
    const ws = this.socket;
    ws.on('message', (data: Buffer, isBinary: boolean) => this.onClientMessage(data, isBinary));
    ws.on('close', () => this.close());
    ws.on('error', () => this.close());
    this.sendJson({ type: 'state', state: this.upstream.state, ...(this.upstream.reason ? { reason: this.upstream.reason } : {}) });
    this.unlisten = this.upstream.listen({
      onState: (state, reason) => this.sendJson({ type: 'state', state, ...(reason ? { reason } : {}) }),
    });
    this.sub = this.upstream.subscribe({
      onInit: (init) => {
        this.sendJson({ type: 'init', mime: init.mime, width: init.width, height: init.height, codec: init.videoCodec });
        this.sendBinary(init.data);
      },
      onFragment: (f) => this.sendBinary(f.data),
      onEnd: (reason) => this.end(1001, reason),
      backlogBytes: () => ws.bufferedAmount,
    });
    this.statsTimer = setInterval(() => this.sendStats(), 1000);
  }

  private onClientMessage(data: Buffer, isBinary: boolean): void {
    if (isBinary) return this.end(1008, 'binary messages are not accepted');
    if (data.length > CLIENT_MESSAGE_MAX_BYTES) return this.end(1008, 'message too large');
    let msg: unknown;
    try {
      msg = JSON.parse(data.toString('utf8'));
    } catch {
      return this.end(1008, 'messages must be JSON');
    }
    if (typeof msg !== 'object' || msg === null || (msg as { type?: unknown }).type !== 'ping' || Object.keys(msg).length !== 1) {
      return this.end(1008, 'only {"type":"ping"} is accepted');
    }
    this.sendJson({ type: 'pong' });
  }

  sendOverlay(msg: OverlayMessage): void {
    this.sendJson({ type: 'overlay', ...msg });
  }

  private sendStats(): void {
    const info = this.upstream.info(Date.now());
    this.sendJson({
      type: 'stats',
      bitrateKbps: info.bitrateKbps,
      avgBitrateKbps: info.avgBitrateKbps,
      fps: info.fps,
      width: info.width,
      height: info.height,
      codec: info.codec,
      viewers: info.viewers,
      dropped: this.dropped,
      state: info.state,
      ingest: info.ingest,
    });
  }

  private sendJson(msg: object): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(JSON.stringify(msg));
  }

  private sendBinary(data: Uint8Array): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    this.counters.bytesSent(data.length);
    this.socket.send(data, { binary: true });
  }

  /** Closes the socket with a code and reason (1008 policy, 1001 going away). */
  end(code: number, reason: string): void {
    if (!this.closed && this.socket.readyState === this.socket.OPEN) this.socket.close(code, reason.slice(0, 120));
    this.close();
  }

  /** Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.statsTimer) clearInterval(this.statsTimer);
    this.unlisten?.();
    this.sub?.close();
    this.onClosed(this);
  }
}
