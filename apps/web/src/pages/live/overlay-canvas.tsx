// Draws live analysis boxes over a pane's video, aligned to video.currentTime (see overlay-sync.ts).
import { useEffect, useRef } from 'react';
import { overlayAt, type OverlayQueue } from './overlay-sync';

interface Props {
  video: React.RefObject<HTMLVideoElement | null>;
  overlays: React.RefObject<OverlayQueue>;
  visible: boolean;
}

export function OverlayCanvas({ video, overlays, visible }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    if (!visible) return undefined;
    let raf = 0;
    const draw = () => {
      raf = requestAnimationFrame(draw);
      const c = canvas.current;
      const v = video.current;
      const ctx = c?.getContext('2d');
      if (!c || !v || !ctx) return;
      const { frame, queue } = overlayAt(overlays.current, v.currentTime);
      overlays.current = queue;
      const w = c.clientWidth;
      const h = c.clientHeight;
      if (c.width !== w || c.height !== h) {
        c.width = w;
        c.height = h;
      }
      ctx.clearRect(0, 0, w, h);
      if (!frame || !v.videoWidth || !v.videoHeight) return;
      // the video is letterboxed inside the pane (object-fit: contain): map normalised boxes onto the picture
      const scale = Math.min(w / v.videoWidth, h / v.videoHeight);
      const pw = v.videoWidth * scale;
      const ph = v.videoHeight * scale;
      const ox = (w - pw) / 2;
      const oy = (h - ph) / 2;
      ctx.lineWidth = 2;
      ctx.font = '12px system-ui, sans-serif';
      for (const o of frame.objects) {
        const [x, y, bw, bh] = o.box;
        ctx.strokeStyle = '#38bdf8';
        ctx.strokeRect(ox + x * pw, oy + y * ph, bw * pw, bh * ph);
        const label = `${o.className} ${Math.round(o.confidence * 100)}%`;
        ctx.fillStyle = 'rgba(8, 47, 73, 0.8)';
        ctx.fillRect(ox + x * pw, oy + y * ph - 16, ctx.measureText(label).width + 8, 16);
        ctx.fillStyle = '#e0f2fe';
        ctx.fillText(label, ox + x * pw + 4, oy + y * ph - 4);
      }
    };
    raf = requestAnimationFrame(draw);
    return () => cancelAnimationFrame(raf);
  }, [video, overlays, visible]);

  return visible ? <canvas ref={canvas} className="live-overlay" data-testid="live-overlay" aria-hidden="true" /> : null;
}
