/**
 * One WebRTC live viewer: a werift PeerConnection that answers the browser's offer (non-trickle: all host candidates
 * are in the answer) and sends the upstream's H.264 as RTP (passthrough, packetization-mode 1). The viewer
 * subscribes to the hub only once DTLS is up, so it starts with the current GOP at a key frame. It closes when the
 * peer leaves (connection failed or closed, or disconnected for a while), when it never connects, on revocation and
 * on server close. close() is idempotent.
 */
import { H264RtpStream, offersH264Mode1, preferH264Mode1, type HubSubscription } from '@argus/media';
import { MediaStreamTrack, RTCPeerConnection, RTCRtpCodecParameters, RtpHeader, RtpPacket, type RTCRtpTransceiver } from 'werift';
import { AppError } from '../../errors';
import type { LiveConfig } from './live.config';
import type { Upstream } from './live-upstreams';
import type { ViewerCounters } from './live-ws-viewer';

/** How long a 'disconnected' peer may stay so before it is given up (ICE consent checks may bring it back). */
const DISCONNECTED_GRACE_MS = 5000;

export type WebRtcConfig = LiveConfig['webrtc'];

export interface WebRtcSocketBuffers {
  receiveBytes: number;
  sendBytes: number;
}

interface DgramLike {
  setRecvBufferSize(n: number): void;
  setSendBufferSize(n: number): void;
}

export class WebRtcViewer {
  private readonly pc: RTCPeerConnection;
  private readonly track = new MediaStreamTrack({ kind: 'video' });
  private readonly rtp: H264RtpStream;
  private sub: HubSubscription | null = null;
  /** Keeps the upstream open (and counts the viewer) between the offer and the connection. */
  private hold: HubSubscription | null = null;
  private connectTimer: NodeJS.Timeout | null = null;
  private disconnectTimer: NodeJS.Timeout | null = null;
  private livenessTimer: NodeJS.Timeout | null = null;
  private lastRtcpMs = 0;
  private closed = false;
  /** Access units sent (for tests and stats). */
  sentAccessUnits = 0;
  endReason: string | null = null;
  /** UDP sockets whose buffer sizes were set (werift has no option for it; see applySocketBuffers). */
  socketsTuned = 0;

  constructor(
    readonly upstream: Upstream,
    private readonly cfg: WebRtcConfig,
    private readonly buffers: WebRtcSocketBuffers,
    private readonly counters: ViewerCounters,
    private readonly onClosed: (v: WebRtcViewer) => void,
  ) {
    this.rtp = new H264RtpStream(cfg.maxPayloadBytes);
    this.pc = new RTCPeerConnection({
      iceServers: [],
      icePortRange: [cfg.portMin, cfg.portMax],
      iceAdditionalHostAddresses: cfg.hostAddresses,
      iceUseIpv6: false,
      ...(cfg.interfaceAddress ? { iceInterfaceAddresses: { udp4: cfg.interfaceAddress } } : {}),
      codecs: {
        audio: [],
        video: [
          new RTCRtpCodecParameters({
            mimeType: 'video/H264',
            clockRate: 90_000,
            rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }],
            parameters: 'profile-level-id=42e01f;packetization-mode=1;level-asymmetry-allowed=1',
          }),
        ],
      },
    });
  }

  get cameraId(): string {
    return this.upstream.cameraId;
  }

  get connectionState(): string {
    return this.pc.connectionState;
  }

  /** Holds the upstream from the offer on, so a peer that never connects still lets it go idle when closed. */
  holdUpstream(): void {
    if (this.hold || this.closed) return;
    this.hold = this.upstream.subscribe({ onInit: () => undefined, onFragment: () => undefined, onEnd: (reason) => this.end(reason) });
  }

  /** Answers an SDP offer; the answer carries every gathered host candidate. Throws AppError on a bad offer. */
  async answer(offerSdp: string): Promise<string> {
    const init = this.upstream.hub.currentInit;
    if (init && init.videoCodec !== 'h264') {
      throw new AppError('live_codec_unsupported', `WebRTC live view sends H.264 only; this stream is ${init.videoCodec}`);
    }
    if (init) this.rtp.init(init.data);
    if (!offersH264Mode1(offerSdp)) throw new AppError('live_webrtc_offer_refused', 'The offer has no H.264 (packetization-mode=1) video');
    const transceiver: RTCRtpTransceiver = this.pc.addTransceiver(this.track, { direction: 'sendonly' });
    this.pc.connectionStateChange.subscribe((state) => this.onConnectionState(state));
    transceiver.sender.onRtcp.subscribe(() => (this.lastRtcpMs = Date.now()));
    try {
      await this.pc.setRemoteDescription({ type: 'offer', sdp: preferH264Mode1(offerSdp, this.rtp.profileIdc ?? undefined) });
      if (!transceiver.mid) throw new Error('the offer has no video m-line to send on');
      await this.pc.setLocalDescription(await this.pc.createAnswer());
    } catch (err) {
      throw new AppError('live_webrtc_offer_refused', `The offer cannot be used: ${(err as Error).message.slice(0, 200)}`);
    }
    await this.gathered();
    this.socketsTuned = this.applySocketBuffers();
    const sdp = this.pc.localDescription?.sdp;
    if (!sdp) throw new AppError('internal', 'no local description after answering');
    this.connectTimer = setTimeout(() => this.end('the viewer never connected'), this.cfg.connectTimeoutSeconds * 1000);
    this.connectTimer.unref?.();
    return sdp;
  }

  private gathered(): Promise<void> {
    if (this.pc.iceGatheringState === 'complete') return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.cfg.gatherTimeoutSeconds * 1000);
      const { unSubscribe } = this.pc.iceGatheringStateChange.subscribe((s) => {
        if (s === 'complete') done();
      });
      function done(): void {
        clearTimeout(timer);
        unSubscribe();
        resolve();
      }
    });
  }

  /** werift does not expose socket options: reach its UDP sockets once they are open (best effort). */
  private applySocketBuffers(): number {
    let applied = 0;
    for (const t of this.pc.iceTransports) {
      const protocols = (t.connection as unknown as { protocols?: Array<{ transport?: { socket?: DgramLike } }> }).protocols ?? [];
      for (const p of protocols) {
        const socket = p.transport?.socket;
        if (!socket || typeof socket.setRecvBufferSize !== 'function') continue;
        try {
          socket.setRecvBufferSize(this.buffers.receiveBytes);
          socket.setSendBufferSize(this.buffers.sendBytes);
          applied += 1;
        } catch {
          // a socket that is not bound yet or a kernel that refuses: the defaults stay
        }
      }
    }
    return applied;
  }

  private onConnectionState(state: string): void {
    if (this.closed) return;
    if (state === 'connected') {
      if (this.connectTimer) clearTimeout(this.connectTimer);
      this.connectTimer = null;
      if (this.disconnectTimer) clearTimeout(this.disconnectTimer);
      this.disconnectTimer = null;
      this.startSending();
      this.watchLiveness();
    } else if (state === 'failed' || state === 'closed') {
      this.end(`peer connection ${state}`);
    } else if (state === 'disconnected' && !this.disconnectTimer) {
      this.disconnectTimer = setTimeout(() => this.end('peer connection lost'), DISCONNECTED_GRACE_MS);
      this.disconnectTimer.unref?.();
    }
  }

  /** A viewer that stopped sending receiver reports is gone (closed tab, dead network) long before ICE notices. */
  private watchLiveness(): void {
    if (this.livenessTimer || this.closed) return;
    this.lastRtcpMs = Math.max(this.lastRtcpMs, Date.now());
    this.livenessTimer = setInterval(() => {
      if (Date.now() - this.lastRtcpMs > this.cfg.rtcpTimeoutSeconds * 1000) this.end('the viewer stopped sending RTCP');
    }, 1000);
    this.livenessTimer.unref?.();
  }

  private startSending(): void {
    if (this.sub || this.closed) return;
    try {
      this.sub = this.upstream.subscribe({
        onInit: (init) => {
          if (init.videoCodec !== 'h264') return this.end(`WebRTC sends H.264 only; the stream is now ${init.videoCodec}`);
          this.rtp.init(init.data);
        },
        onFragment: (f) => this.sendFragment(f.data),
        onEnd: (reason) => this.end(reason),
      });
      this.hold?.close();
      this.hold = null;
    } catch (err) {
      this.end((err as Error).message);
    }
  }

  private sendFragment(data: Uint8Array): void {
    if (this.closed) return;
    let units;
    try {
      units = this.rtp.fragment(data);
    } catch (err) {
      return this.end(`bad fragment: ${(err as Error).message}`);
    }
    for (const au of units) {
      for (const p of au.packets) {
        const header = new RtpHeader({ marker: p.marker, timestamp: p.timestamp, sequenceNumber: p.sequenceNumber, payloadType: 96 });
        this.track.writeRtp(new RtpPacket(header, p.payload));
        this.counters.bytesSent(p.payload.length + 12);
      }
      this.sentAccessUnits += 1;
    }
  }

  /** Ends the viewer with a reason (revocation, upstream end, peer gone). */
  end(reason: string): void {
    if (this.closed) return;
    this.endReason = reason;
    this.close();
  }

  /** Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.connectTimer) clearTimeout(this.connectTimer);
    if (this.disconnectTimer) clearTimeout(this.disconnectTimer);
    if (this.livenessTimer) clearInterval(this.livenessTimer);
    this.sub?.close();
    this.sub = null;
    this.hold?.close();
    this.hold = null;
    void this.pc.close().catch(() => undefined);
    this.onClosed(this);
  }
}
