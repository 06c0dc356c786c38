// The timeline of one camera: recorded ranges and gaps of a window that pans (drag) and zooms (buttons, wheel).
import { useEffect, useRef, useState, type PointerEvent, type WheelEvent } from 'react';
import type { Schemas } from '@argus/sdk';
import { api, call } from '../../lib/api';
import { ProblemBanner } from '../../components/form';
import { clock, duration, ticks, ZOOMS } from './time';

type Recordings = Schemas['CameraRecordings'];

export interface View {
  /** Right edge of the window (epoch ms). */
  end: number;
  /** Width of the window (ms), one of ZOOMS. */
  span: number;
}

interface TimelineProps {
  cameraId: string;
  view: View;
  onView: (v: View) => void;
  playhead: number | null;
  onPick: (ms: number) => void;
  /** Bump to reload the ranges (newly recorded video). */
  refresh: number;
}

/** Loads ranges for the window after it has been still for a moment; keeps the last answer on screen meanwhile. */
function useRanges(cameraId: string, from: number, to: number, refresh: number) {
  const [data, setData] = useState<Recordings | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    const timer = window.setTimeout(() => {
      const minGapMs = Math.max(1000, Math.round((to - from) / 1000));
      call(api.GET('/api/cameras/{id}/recordings', { params: { path: { id: cameraId }, query: { from: String(Math.floor(from)), to: String(Math.ceil(to)), minGapMs } } })).then(
        (d) => live && (setData(d), setError(null)),
        (e: unknown) => live && setError(e),
      );
    }, 150);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [cameraId, Math.round(from / 1000), Math.round(to / 1000), refresh]);
  return { data: data?.cameraId === cameraId ? data : null, error };
}

export function Timeline({ cameraId, view, onView, playhead, onPick, refresh }: TimelineProps) {
  const from = view.end - view.span;
  const { data, error } = useRanges(cameraId, from, view.end, refresh);
  const track = useRef<HTMLDivElement>(null);
  const drag = useRef<{ x: number; end: number; moved: boolean } | null>(null);
  const [hover, setHover] = useState<number | null>(null);
  const now = Date.now();
  const pct = (ms: number) => `${(((ms - from) / view.span) * 100).toFixed(3)}%`;
  const at = (clientX: number) => {
    const r = track.current?.getBoundingClientRect();
    return r ? from + ((clientX - r.left) / r.width) * view.span : from;
  };
  const clampEnd = (end: number) => Math.min(end, Date.now() + view.span * 0.1);

  const down = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { x: e.clientX, end: view.end, moved: false };
  };
  const move = (e: PointerEvent<HTMLDivElement>) => {
    setHover(at(e.clientX));
    const d = drag.current;
    const width = track.current?.clientWidth ?? 1;
    if (!d || (!d.moved && Math.abs(e.clientX - d.x) < 4)) return;
    d.moved = true;
    onView({ span: view.span, end: clampEnd(d.end - ((e.clientX - d.x) / width) * view.span) });
  };
  const up = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    drag.current = null;
    if (d && !d.moved) onPick(Math.min(at(e.clientX), Date.now() - 1000));
  };
  // Buttons zoom around the playhead when it is in view, else around now when it is, else around the centre.
  const inView = (ms: number | null): ms is number => ms !== null && ms >= from && ms <= view.end;
  const zoomTo = (span: number, anchor = inView(playhead) ? playhead : inView(now) ? now : from + view.span / 2) => {
    const f = (anchor - from) / view.span;
    onView({ span, end: clampEnd(anchor + (1 - f) * span) });
  };
  const wheel = (e: WheelEvent<HTMLDivElement>) => {
    const i = ZOOMS.findIndex((z) => z.ms === view.span);
    const next = ZOOMS[Math.max(0, Math.min(ZOOMS.length - 1, i + (e.deltaY > 0 ? 1 : -1)))];
    if (next && next.ms !== view.span) zoomTo(next.ms, at(e.clientX));
  };

  return (
    <div className="timeline" data-testid="timeline">
      <div className="timeline-bar">
        <div className="btn-group" role="group" aria-label="Zoom">
          {ZOOMS.map((z) => (
            <button key={z.ms} type="button" className={`btn btn-small${z.ms === view.span ? ' btn-active' : ''}`} onClick={() => zoomTo(z.ms)} data-testid={`zoom-${z.ms / 60_000}`}>
              {z.label}
            </button>
          ))}
        </div>
        <button type="button" className="btn btn-small" onClick={() => onView({ span: view.span, end: clampEnd(view.end - view.span / 2) })} aria-label="Earlier" data-testid="pan-back">
          ◀
        </button>
        <button type="button" className="btn btn-small" onClick={() => onView({ span: view.span, end: clampEnd(view.end + view.span / 2) })} aria-label="Later" data-testid="pan-forward">
          ▶
        </button>
        <button type="button" className="btn btn-small" onClick={() => onView({ span: view.span, end: Date.now() })} data-testid="pan-now">
          Now
        </button>
        <span className="timeline-summary" data-testid="timeline-summary">
          {data ? `${data.ranges.length} range${data.ranges.length === 1 ? '' : 's'}, ${duration(data.recordedMs)} recorded` : 'Loading…'}
        </span>
      </div>
      <div
        ref={track}
        className="timeline-track"
        data-testid="timeline-track"
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerLeave={() => setHover(null)}
        onWheel={wheel}
        title="Click to play from here; drag to move; wheel to zoom"
      >
        {now < view.end && <div className="timeline-future" style={{ left: pct(Math.max(now, from)), right: 0 }} />}
        {data?.gaps.map((g) => <div key={g.startMs} className="timeline-gap" data-testid="timeline-gap" style={{ left: pct(g.startMs), width: pct(from + g.endMs - g.startMs) }} />)}
        {data?.ranges.map((r) => (
          <div
            key={r.startMs}
            className="timeline-range"
            data-testid="timeline-range"
            data-start={r.startMs}
            data-end={r.endMs}
            style={{ left: pct(r.startMs), width: `max(2px, ${pct(from + r.endMs - r.startMs)})` }}
            title={`${clock(r.startMs, true)} – ${clock(r.endMs, true)} (${r.segments} segments)`}
          />
        ))}
        {playhead !== null && playhead >= from && playhead <= view.end && <div className="timeline-playhead" data-testid="timeline-playhead" style={{ left: pct(playhead) }} />}
        {hover !== null && (
          <div className="timeline-hover" style={{ left: pct(hover) }}>
            <span>{clock(hover, true)}</span>
          </div>
        )}
      </div>
      <div className="timeline-axis" aria-hidden="true">
        {ticks(from, view.end).map((t) => (
          <span key={t} className="timeline-tick" style={{ left: pct(t) }}>
            {clock(t)}
          </span>
        ))}
      </div>
      <ProblemBanner error={error} />
    </div>
  );
}
