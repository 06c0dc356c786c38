// Runs one pane's live session: asks the server for URLs, plays them over MSE (or HLS), collects stats, cleans up.
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../lib/api';
import { addBitrateSample, averageKbps, currentKbps, EMPTY_BITRATE, type BitrateStats } from './bitrate';
import { HlsPlayer } from './hls-player';
import { startLive } from './live-api';
import type { LiveMessage } from './live-messages';
import { MsePlayer } from './mse-player';
import { WebRtcPlayer } from './webrtc-player';
import { EMPTY_OVERLAYS, pushOverlay, type OverlayQueue } from './overlay-sync';
import { refusalText, transportFor } from './playback-choice';
import type { StreamChoice, Transport } from './wall';

export type PanePhase =
  | { kind: 'starting' }
  | { kind: 'playing' }
  | { kind: 'refused'; reason: string }
  | { kind: 'failed'; reason: string };

export interface PaneStats {
  codec: string | null;
  width: number | null;
  height: number | null;
  fps: number | null;
  currentKbps: number | null;
  averageKbps: number | null;
  viewers: number | null;
  dropped: number | null;
  cameraState: 'connecting' | 'live' | 'failing' | null;
  cameraReason: string | null;
}

const NO_STATS: PaneStats = { codec: null, width: null, height: null, fps: null, currentKbps: null, averageKbps: null, viewers: null, dropped: null, cameraState: null, cameraReason: null };

interface Player {
  close(): void;
}

export interface LivePlayback {
  phase: PanePhase;
  stats: PaneStats;
  /** The transport actually playing (MSE can fall back to HLS). */
  transport: Transport;
  note: string | null;
  overlays: React.RefObject<OverlayQueue>;
  retry: () => void;
}

export function useLivePlayer(video: React.RefObject<HTMLVideoElement | null>, cameraId: string, stream: StreamChoice, requested: Transport): LivePlayback {
  const [phase, setPhase] = useState<PanePhase>({ kind: 'starting' });
  const [stats, setStats] = useState<PaneStats>(NO_STATS);
  const [transport, setTransport] = useState<Transport>(requested);
  const [note, setNote] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const overlays = useRef<OverlayQueue>(EMPTY_OVERLAYS);

  useEffect(() => {
    setTransport(requested);
    setNote(null);
  }, [cameraId, stream, requested]);

  useEffect(() => {
    const el = video.current;
    if (!el) return undefined;
    const mse = typeof MediaSource === 'undefined' ? null : (m: string) => MediaSource.isTypeSupported(m);
    const choice = transportFor(transport, null, mse, typeof RTCPeerConnection !== 'undefined');
    if (choice.transport !== transport) {
      setTransport(choice.transport);
      setNote(choice.fellBack);
      return undefined;
    }
    const abort = new AbortController();
    let player: Player | null = null;
    let bitrate: BitrateStats = EMPTY_BITRATE;
    let lastFrames = 0;
    let lastAt = performance.now();
    overlays.current = EMPTY_OVERLAYS;
    setPhase({ kind: 'starting' });
    setStats(NO_STATS);

    const onMessage = (m: LiveMessage) => {
      switch (m.type) {
        case 'init':
          setStats((s) => ({ ...s, codec: m.codec ?? s.codec, width: m.width ?? s.width, height: m.height ?? s.height }));
          break;
        case 'stats':
          if (m.bitrateKbps !== null) bitrate = addBitrateSample(bitrate, m.bitrateKbps);
          setStats((s) => ({
            ...s,
            codec: m.codec ?? s.codec,
            width: m.width ?? s.width,
            height: m.height ?? s.height,
            fps: m.fps ?? s.fps,
            currentKbps: m.bitrateKbps ?? currentKbps(bitrate),
            averageKbps: m.avgBitrateKbps ?? averageKbps(bitrate),
            viewers: m.viewers ?? s.viewers,
            dropped: m.dropped ?? s.dropped,
          }));
          break;
        case 'state':
          setStats((s) => ({ ...s, cameraState: m.state, cameraReason: m.reason }));
          break;
        case 'overlay':
          overlays.current = pushOverlay(overlays.current, m);
          break;
      }
    };
    const onFatal = (reason: string, kind: 'unsupported' | 'closed' | 'error') => {
      if (abort.signal.aborted) return;
      if (kind === 'unsupported' && transport === 'mse') {
        setNote(`${reason} Playing over HLS instead.`);
        setTransport('hls');
        return;
      }
      if (kind === 'unsupported' && transport === 'webrtc') {
        setNote(`${reason} Playing over MSE instead.`);
        setTransport('mse');
        return;
      }
      setPhase({ kind: 'failed', reason });
    };
    const playing = () => setPhase((p) => (p.kind === 'starting' ? { kind: 'playing' } : p));
    el.addEventListener('playing', playing);
    // Frame rate from the decoder when the server does not send one (HLS); average bit rate when the server has none.
    const tick = setInterval(() => {
      const q = el.getVideoPlaybackQuality?.();
      const now = performance.now();
      if (q) {
        const fps = ((q.totalVideoFrames - lastFrames) * 1000) / (now - lastAt);
        lastFrames = q.totalVideoFrames;
        lastAt = now;
        if (transport === 'hls') setStats((s) => ({ ...s, fps: Math.round(fps * 10) / 10 }));
      }
      if (transport !== 'mse') setStats((s) => ({ ...s, averageKbps: averageKbps(bitrate) ?? s.averageKbps }));
    }, 1000);

    startLive(cameraId, stream, transport, abort.signal).then(
      (session) => {
        if (abort.signal.aborted) return;
        if (transport === 'webrtc' && !session.webrtcUrl) {
          setNote('WebRTC is not available on this server; playing over MSE.');
          setTransport('mse');
          return;
        }
        const wrapped = transport !== 'mse'
          ? { onMessage: (m: LiveMessage) => {
              if (m.type === 'stats' && m.bitrateKbps !== null) bitrate = addBitrateSample(bitrate, m.bitrateKbps);
              onMessage(m.type === 'stats' ? { ...m, bitrateKbps: currentKbps(bitrate) } : m);
            }, onFatal }
          : { onMessage, onFatal };
        player = transport === 'hls'
          ? new HlsPlayer(el, session.hlsUrl, wrapped)
          : transport === 'webrtc' && session.webrtcUrl
            ? new WebRtcPlayer(el, session.webrtcUrl, wrapped)
            : new MsePlayer(el, session.wsUrl, wrapped);
      },
      (err: unknown) => {
        if (abort.signal.aborted) return;
        const e = err instanceof ApiError ? err : null;
        if (e?.code === 'live_transport_unavailable' && transport === 'webrtc') {
          setNote('WebRTC is not available on this server; playing over MSE.');
          setTransport('mse');
          return;
        }
        if (e?.code === 'live_transport_unavailable' && transport === 'mse') {
          setNote('MSE is not available on this server; playing over HLS.');
          setTransport('hls');
          return;
        }
        setPhase({ kind: 'refused', reason: e ? refusalText(e.status, e.code, e.message) : String(err) });
      },
    );

    return () => {
      abort.abort();
      clearInterval(tick);
      el.removeEventListener('playing', playing);
      player?.close();
      player = null;
    };
  }, [video, cameraId, stream, transport, attempt]);

  return { phase, stats, transport, note, overlays, retry: () => setAttempt((a) => a + 1) };
}
