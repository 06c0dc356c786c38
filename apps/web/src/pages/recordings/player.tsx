// Plays a camera's recordings from a moment through hls.js, reporting the wall-clock time being shown.
import { useEffect, useRef, useState } from 'react';
import Hls, { type Fragment } from 'hls.js';
import { clock, HOUR } from './time';

interface PlayerProps {
  cameraId: string;
  /** Wall-clock time to play from (epoch ms); null: nothing chosen yet. */
  start: number | null;
  onTime: (ms: number | null) => void;
}

type State = { kind: 'idle' } | { kind: 'loading' } | { kind: 'playing' } | { kind: 'none' } | { kind: 'error'; message: string };

/** The playlist URL for an hour from `start`, capped at now. */
export function playlistUrl(cameraId: string, start: number): string {
  const to = Math.min(start + HOUR, Date.now());
  return `/api/cameras/${encodeURIComponent(cameraId)}/playback.m3u8?from=${Math.floor(start)}&to=${Math.max(to, Math.floor(start) + 1000)}`;
}

export function Player({ cameraId, start, onTime }: PlayerProps) {
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [wall, setWall] = useState<number | null>(null);
  const onTimeRef = useRef(onTime);
  onTimeRef.current = onTime;

  useEffect(() => {
    const el = video.current;
    if (!el || start === null) {
      setState({ kind: 'idle' });
      return undefined;
    }
    setState({ kind: 'loading' });
    const url = playlistUrl(cameraId, start);
    let frag: Fragment | null = null;
    const report = () => {
      const ms = frag?.programDateTime != null ? frag.programDateTime + (el.currentTime - frag.start) * 1000 : hls?.playingDate?.getTime() ?? null;
      setWall(ms);
      onTimeRef.current(ms);
    };
    const playing = () => setState({ kind: 'playing' });
    el.addEventListener('timeupdate', report);
    el.addEventListener('playing', playing);
    let hls: Hls | null = null;
    if (Hls.isSupported()) {
      hls = new Hls({ startPosition: -1 });
      hls.on(Hls.Events.FRAG_CHANGED, (_e, data) => {
        frag = data.frag;
      });
      hls.on(Hls.Events.MANIFEST_PARSED, () => {
        el.play().catch((err: unknown) => console.warn('argus: autoplay refused', err));
      });
      hls.on(Hls.Events.ERROR, (_e, data) => {
        const code = data.response?.code;
        if (data.type === Hls.ErrorTypes.NETWORK_ERROR && data.details === Hls.ErrorDetails.MANIFEST_LOAD_ERROR && code === 404) {
          setState({ kind: 'none' });
          hls?.destroy();
        } else if (data.fatal) {
          setState({ kind: 'error', message: `Playback failed (${data.details}${code ? `, HTTP ${code}` : ''}).` });
          hls?.destroy();
        }
      });
      hls.loadSource(url);
      hls.attachMedia(el);
    } else if (el.canPlayType('application/vnd.apple.mpegurl')) {
      el.src = url;
      el.play().catch((err: unknown) => console.warn('argus: autoplay refused', err));
    } else {
      setState({ kind: 'error', message: 'This browser cannot play HLS video.' });
    }
    return () => {
      el.removeEventListener('timeupdate', report);
      el.removeEventListener('playing', playing);
      hls?.destroy();
      el.removeAttribute('src');
      el.load();
      onTimeRef.current(null);
      setWall(null);
    };
  }, [cameraId, start]);

  return (
    <div className="player" data-testid="player" data-state={state.kind}>
      <video ref={video} className="player-video" data-testid="player-video" controls muted playsInline />
      {state.kind === 'idle' && <div className="player-overlay">Click the timeline to play from that moment.</div>}
      {state.kind === 'loading' && <div className="player-overlay">Loading…</div>}
      {state.kind === 'none' && (
        <div className="player-overlay" data-testid="player-no-video">
          No video here. Pick a moment inside a recorded (blue) range.
        </div>
      )}
      {state.kind === 'error' && (
        <div className="player-overlay player-error" data-testid="player-error">
          {state.message}
        </div>
      )}
      {wall !== null && state.kind === 'playing' && (
        <div className="player-clock" data-testid="player-clock">
          {new Date(wall).toLocaleDateString()} {clock(wall, true)}
        </div>
      )}
    </div>
  );
}
