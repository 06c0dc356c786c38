// Plays a live socket (text control messages + binary fMP4) through Media Source Extensions. The DOM/I/O edge;
// every decision (live edge, trimming, message shapes) lives in the pure files beside it.
import { decideBuffer, rangesOf } from './buffer-policy';
import { parseLiveMessage } from './live-messages';
import { LivePlayer, type PlayerHandlers } from './live-player';

/** Binary pieces waiting for the SourceBuffer; beyond this many the oldest media fragments are dropped. */
const MAX_PENDING = 60;

/** Turns a relative ws URL ('/api/live/ws/…') into ws:// or wss:// on this page's host. */
export function socketUrl(path: string, loc: { protocol: string; host: string } = window.location): string {
  if (/^wss?:\/\//.test(path)) return path;
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}${path}`;
}

export class MsePlayer extends LivePlayer {
  private ws: WebSocket | null;
  private ms: MediaSource | null = null;
  private sb: SourceBuffer | null = null;
  private objectUrl: string | null = null;
  private pending: ArrayBuffer[] = [];
  private initSegment = true;
  private ping: ReturnType<typeof setInterval> | null = null;
  /** Media fragments dropped on this side because the decoder could not keep up. */
  droppedLocally = 0;

  constructor(video: HTMLVideoElement, wsUrl: string, handlers: PlayerHandlers) {
    super(video, handlers);
    const ws = new WebSocket(socketUrl(wsUrl));
    ws.binaryType = 'arraybuffer';
    ws.onmessage = (ev: MessageEvent<unknown>) => this.onSocketMessage(ev.data);
    ws.onclose = (ev) => {
      if (!this.isClosed) this.fail(ev.reason || `The live connection closed (code ${ev.code}).`, 'closed');
    };
    ws.onerror = () => undefined; // onclose follows with the reason
    this.ws = ws;
    this.ping = setInterval(() => {
      if (ws.readyState === WebSocket.OPEN) ws.send('{"type":"ping"}');
    }, 15_000);
    video.addEventListener('timeupdate', this.keepLive);
  }

  private onSocketMessage(data: unknown): void {
    if (this.isClosed) return;
    if (typeof data === 'string') {
      const m = parseLiveMessage(data);
      if (!m) return;
      if (m.type === 'init') this.openSource(m.mime);
      this.handlers.onMessage(m);
      return;
    }
    if (data instanceof ArrayBuffer) this.enqueue(data);
  }

  private openSource(mime: string): void {
    // A second init: the upstream restarted or moved between the recorder and its own remux (a new timeline, maybe
    // a new codec). MSE needs a fresh SourceBuffer: start over with a new MediaSource; queued old media is dropped.
    if (this.ms) this.resetSource();
    if (typeof MediaSource === 'undefined' || !MediaSource.isTypeSupported(mime)) {
      this.fail(`This browser cannot decode ${mime}.`, 'unsupported');
      return;
    }
    const ms = new MediaSource();
    this.ms = ms;
    ms.addEventListener('sourceopen', () => {
      if (this.isClosed || this.sb || this.ms !== ms) return; // replaced by a newer init meanwhile
      try {
        const sb = ms.addSourceBuffer(mime);
        sb.mode = 'segments';
        sb.addEventListener('updateend', this.pump);
        sb.addEventListener('error', () => {
          if (this.sb === sb) this.fail('The browser could not decode the live stream.', 'error');
        });
        this.sb = sb;
        this.pump();
      } catch (err) {
        this.fail(`The browser refused the stream: ${(err as Error).message}`, 'unsupported');
      }
    }, { once: true });
    this.objectUrl = URL.createObjectURL(ms);
    this.video.src = this.objectUrl;
    this.video.play().catch(() => undefined); // muted autoplay; a refused play shows the video element's own state
  }

  private resetSource(): void {
    this.pending = [];
    this.initSegment = true;
    this.sb?.removeEventListener('updateend', this.pump);
    this.sb = null;
    this.ms = null;
    if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
    this.objectUrl = null;
  }

  private enqueue(buf: ArrayBuffer): void {
    if (this.initSegment) {
      this.initSegment = false;
      this.pending.unshift(buf);
    } else {
      this.pending.push(buf);
      if (this.pending.length > MAX_PENDING) {
        // keep the init segment if it has not been appended yet; drop the oldest media fragment
        this.pending.splice(this.sb ? 0 : 1, 1);
        this.droppedLocally++;
      }
    }
    this.pump();
  }

  private readonly pump = (): void => {
    const sb = this.sb;
    if (!sb || sb.updating || this.isClosed) return;
    // Decided on every append, not only on timeupdate: a paused element whose buffer starts later than its
    // currentTime (a viewer joining a running upstream) never fires timeupdate until it is moved to the data.
    const d = sb.buffered.length > 0 ? decideBuffer(this.video.currentTime, rangesOf(sb.buffered)) : null;
    if (d?.seekTo != null) {
      this.video.currentTime = d.seekTo;
      if (this.video.paused) this.video.play().catch(() => undefined);
    }
    if (d?.remove) {
      try {
        sb.remove(d.remove.start, d.remove.end);
        return; // updateend pumps again
      } catch {
        /* the buffer moved on meanwhile: append instead */
      }
    }
    const next = this.pending.shift();
    if (!next) return;
    try {
      sb.appendBuffer(next);
    } catch (err) {
      if ((err as DOMException).name === 'QuotaExceededError') {
        this.pending.unshift(next);
        const end = this.video.currentTime - 2;
        if (end > 0 && sb.buffered.length > 0) sb.remove(0, end);
      } else {
        this.fail(`The browser could not append video: ${(err as Error).message}`, 'error');
      }
    }
  };

  private readonly keepLive = (): void => {
    const sb = this.sb;
    if (!sb || this.isClosed || sb.buffered.length === 0) return;
    const d = decideBuffer(this.video.currentTime, rangesOf(sb.buffered));
    if (d.seekTo !== null) this.video.currentTime = d.seekTo;
    if (this.video.paused) this.video.play().catch(() => undefined);
    this.pump();
  };

  /** Closes the socket and releases the MediaSource. */
  protected release(): void {
    if (this.ping) clearInterval(this.ping);
    this.video.removeEventListener('timeupdate', this.keepLive);
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onmessage = null;
      ws.onclose = null;
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(1000, 'viewer stopped');
    }
    this.pending = [];
    this.sb?.removeEventListener('updateend', this.pump);
    if (this.ms && this.ms.readyState === 'open') {
      try {
        this.ms.endOfStream();
      } catch {
        /* already ending */
      }
    }
    this.sb = null;
    this.ms = null;
    this.video.removeAttribute('src');
    this.video.load();
    if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
    this.objectUrl = null;
  }
}
