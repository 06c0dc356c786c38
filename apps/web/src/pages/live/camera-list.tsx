// The wall's camera list: the cameras the user may see, a search box and a state dot; click or drag to play.
import { useMemo, useState } from 'react';
import type { Schemas } from '@argus/sdk';
import { CAMERA_DRAG_TYPE } from './live-pane';

type Camera = Schemas['Camera'];
type RecState = Schemas['RecordingState'];

type Upstream = Schemas['LiveUpstream'];

/** Camera state for the dot: the live upstream when one is open, else the recorder (one ingest per camera). */
export function dotOf(camera: Camera, state: RecState | undefined, live?: Upstream): { cls: string; label: string } {
  if (!camera.enabled) return { cls: 'off', label: 'Disabled' };
  if (live?.state === 'live') return { cls: 'ok', label: `Live (${live.viewers} viewer${live.viewers === 1 ? '' : 's'})` };
  if (live?.state === 'failing') return { cls: 'bad', label: live.reason ? `Failing: ${live.reason}` : 'Failing' };
  if (live?.state === 'connecting') return { cls: 'wait', label: 'Connecting' };
  const s = state?.state.status;
  if (s === 'recording') return { cls: 'ok', label: 'Online' };
  if (s === 'connecting') return { cls: 'wait', label: 'Connecting' };
  if (s === 'failing') return { cls: 'bad', label: state?.state.reason ? `Failing: ${state.state.reason}` : 'Failing' };
  return { cls: 'unknown', label: 'Not recorded (state unknown)' };
}

interface Props {
  cameras: Camera[];
  states: Map<string, RecState>;
  upstreams: Map<string, Upstream>;
  onWall: Set<string>;
  onPlay: (camera: Camera) => void;
}

export function CameraList({ cameras, states, upstreams, onWall, onPlay }: Props) {
  const [q, setQ] = useState('');
  const shown = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return needle === '' ? cameras : cameras.filter((c) => `${c.name} ${c.domainName} ${c.tags.join(' ')}`.toLowerCase().includes(needle));
  }, [cameras, q]);
  return (
    <aside className="live-cameras" data-testid="live-cameras">
      <input type="search" className="live-search" placeholder="Search cameras" aria-label="Search cameras" data-testid="live-camera-search" value={q} onChange={(e) => setQ(e.target.value)} />
      <ul className="live-camera-list">
        {shown.map((c) => {
          const dot = dotOf(c, states.get(c.id), upstreams.get(c.id));
          return (
            <li key={c.id}>
              <button
                type="button"
                className={`live-camera${onWall.has(c.id) ? ' live-camera-on' : ''}`}
                draggable
                data-testid="live-camera"
                data-camera={c.id}
                title={`${c.name} (${c.domainName}): ${dot.label}. Click to play in the next idle pane, or drag onto a pane.`}
                onDragStart={(e) => {
                  e.dataTransfer.setData(CAMERA_DRAG_TYPE, c.id);
                  e.dataTransfer.effectAllowed = 'copy';
                }}
                onClick={() => onPlay(c)}
              >
                <span className={`live-dot live-dot-${dot.cls}`} aria-label={dot.label} />
                <span className="live-camera-name">{c.name}</span>
                <span className="live-camera-domain">{c.domainName}</span>
              </button>
            </li>
          );
        })}
        {shown.length === 0 && <li className="live-camera-none">{cameras.length === 0 ? 'No cameras you may watch.' : 'No camera matches.'}</li>}
      </ul>
    </aside>
  );
}
