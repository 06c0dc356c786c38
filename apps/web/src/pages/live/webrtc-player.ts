// Plays a live stream over WebRTC: a recvonly RTCPeerConnection, the complete offer (non-trickle) POSTed to the
// server's webrtcUrl, the answer applied, the track shown in the video element. Stats from getStats() every second.
import { kbpsOf } from './bitrate';
import { LivePlayer, type PlayerHandlers } from './live-player';

/** How long ICE gathering may take before the offer is sent as it is. */
const GATHER_WAIT_MS = 2000;

interface InboundVideo {
  bytesReceived?: number;
  framesPerSecond?: number;
  frameWidth?: number;
  frameHeight?: number;
}

export class WebRtcPlayer extends LivePlayer {
  private readonly pc: RTCPeerConnection;
  private readonly abort = new AbortController();
  private statsTimer: ReturnType<typeof setInterval> | null = null;
  private lastBytes = 0;
  private lastAt = 0;
  private connected = false;

  constructor(video: HTMLVideoElement, url: string, handlers: PlayerHandlers) {
    super(video, handlers);
    this.pc = new RTCPeerConnection({ iceServers: [] });
    this.pc.addTransceiver('video', { direction: 'recvonly' });
    this.pc.ontrack = (e) => {
      video.srcObject = e.streams[0] ?? new MediaStream([e.track]);
      video.play().catch(() => undefined);
    };
    this.pc.onconnectionstatechange = () => {
      const s = this.pc.connectionState;
      if (s === 'connected') {
        this.connected = true;
        handlers.onMessage({ type: 'state', state: 'live', reason: null });
      }
      if (s === 'failed' && this.connected) this.fail('The WebRTC stream ended (the server closed it or the network dropped).', 'closed');
      if (s === 'failed' && !this.connected) this.fail('The WebRTC connection failed (UDP between this browser and the server may be blocked).', 'unsupported');
      if (s === 'closed') this.fail('The server ended the WebRTC stream.', 'closed');
    };
    void this.negotiate(url).catch((err: unknown) => this.fail(`WebRTC could not start: ${(err as Error).message}`, 'unsupported'));
    this.statsTimer = setInterval(() => void this.readStats(), 1000);
  }

  private async negotiate(url: string): Promise<void> {
    await this.pc.setLocalDescription(await this.pc.createOffer());
    await new Promise<void>((resolve) => {
      if (this.pc.iceGatheringState === 'complete') return resolve();
      const timer = setTimeout(resolve, GATHER_WAIT_MS);
      this.pc.addEventListener('icegatheringstatechange', () => {
        if (this.pc.iceGatheringState === 'complete') {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const res = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sdp: this.pc.localDescription?.sdp ?? '', type: 'offer' }),
      signal: this.abort.signal,
    });
    if (!res.ok) {
      const problem = (await res.json().catch(() => null)) as { detail?: string; title?: string } | null;
      throw new Error(problem?.detail ?? problem?.title ?? `HTTP ${res.status}`);
    }
    const answer = (await res.json()) as RTCSessionDescriptionInit;
    if (this.isClosed) return;
    await this.pc.setRemoteDescription(answer);
  }

  private async readStats(): Promise<void> {
    if (this.isClosed) return;
    const report = await this.pc.getStats();
    report.forEach((s: { type?: string; kind?: string } & InboundVideo) => {
      if (s.type !== 'inbound-rtp' || s.kind !== 'video') return;
      const now = performance.now();
      const bytes = s.bytesReceived ?? 0;
      const kbps = this.lastAt > 0 ? kbpsOf(bytes - this.lastBytes, (now - this.lastAt) / 1000) : null;
      this.lastBytes = bytes;
      this.lastAt = now;
      this.handlers.onMessage({ type: 'stats', bitrateKbps: kbps, avgBitrateKbps: null, fps: s.framesPerSecond ?? null, width: s.frameWidth ?? null, height: s.frameHeight ?? null, codec: 'h264', viewers: null, dropped: null });
    });
  }

  /** Closes the peer connection (the server notices and frees the viewer) and releases the element. */
  protected release(): void {
    this.abort.abort();
    if (this.statsTimer) clearInterval(this.statsTimer);
    this.pc.close();
    this.video.srcObject = null;
  }
}
