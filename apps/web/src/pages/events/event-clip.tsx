// Plays the recording around an event (the detail's `recording.playbackUrl`, a few seconds before and after) with hls.js.
import { useEffect, useRef, useState } from 'react';
import Hls from 'hls.js';

type State = 'loading' | 'playing' | 'none' | 'error';

export function EventClip({ url, fromMs, toMs }: { url: string; fromMs: number; toMs: number }) {
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<State>('loading');
  const [detail, setDetail] = useState('');

  useEffect(() => {
    const el = video.current;
    if (!el) return undefined;
    setState('loading');
    const playing = () => setState('playing');
    el.addEventListener('playing', playing);
    let hls: Hls | null = null;
    if (Hls.isSupported()) {
      hls = new Hls({ startPosition: 0 });
      hls.on(Hls.Events.MANIFEST_PARSED, () => {
        el.play().catch((err: unknown) => console.warn('argus: autoplay refused', err));
      });
      hls.on(Hls.Events.ERROR, (_e, data) => {
        const code = data.response?.code;
        if (data.details === Hls.ErrorDetails.MANIFEST_LOAD_ERROR && (code === 404 || code === 409 || code === 400)) {
          setState('none');
          hls?.destroy();
        } else if (data.fatal) {
          setDetail(`${data.details}${code ? `, HTTP ${code}` : ''}`);
          setState('error');
          hls?.destroy();
        }
      });
      hls.loadSource(url);
      hls.attachMedia(el);
    } else if (el.canPlayType('application/vnd.apple.mpegurl')) {
      el.src = url;
    } else {
      setState('error');
      setDetail('this browser cannot play HLS');
    }
    return () => {
      el.removeEventListener('playing', playing);
      hls?.destroy();
      el.removeAttribute('src');
      el.load();
    };
  }, [url]);

  const secs = Math.round((toMs - fromMs) / 1000);
  return (
    <div className="player ev-clip" data-testid="event-clip" data-state={state}>
      <video ref={video} className="player-video" controls muted playsInline data-testid="event-clip-video" />
      {state === 'loading' && <div className="player-overlay">Loading the recording…</div>}
      {state === 'none' && (
        <div className="player-overlay" data-testid="event-clip-none">
          No recording covers this event ({secs} s around it).
        </div>
      )}
      {state === 'error' && <div className="player-overlay player-error">Playback failed ({detail}).</div>}
    </div>
  );
}
