// One pane of the wall: idle (a drop target), or playing a camera with its controls, stats and overlays.
import { useRef, useState, type DragEvent } from 'react';
import type { Schemas } from '@argus/sdk';
import { OverlayCanvas } from './overlay-canvas';
import { PaneIcon } from './pane-icons';
import { stateText, streamToRequest } from './playback-choice';
import { StatsStrip } from './stats-strip';
import { useLivePlayer } from './use-live-player';
import type { PaneAssignment } from './wall';

type Camera = Schemas['Camera'];

export const CAMERA_DRAG_TYPE = 'application/x-argus-camera';

interface PaneProps {
  index: number;
  area: string;
  pane: PaneAssignment | null;
  camera: Camera | null;
  /** The camera list has loaded: a pane whose camera is not in it cannot be shown to this user. */
  camerasKnown: boolean;
  onDropCamera: (cameraId: string) => void;
  onChange: (change: Partial<PaneAssignment>) => void;
  onStop: () => void;
}

export function LivePane({ index, area, pane, camera, camerasKnown, onDropCamera, onChange, onStop }: PaneProps) {
  const [over, setOver] = useState(false);
  const drop = {
    onDragOver: (e: DragEvent) => {
      if (e.dataTransfer.types.includes(CAMERA_DRAG_TYPE)) {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        setOver(true);
      }
    },
    onDragLeave: () => setOver(false),
    onDrop: (e: DragEvent) => {
      e.preventDefault();
      setOver(false);
      const id = e.dataTransfer.getData(CAMERA_DRAG_TYPE);
      if (id) onDropCamera(id);
    },
  };
  const cls = `live-pane${over ? ' live-pane-over' : ''}`;
  if (!pane) {
    return (
      <div className={`${cls} live-pane-idle`} style={{ gridArea: area }} data-testid="live-pane" data-pane={index} data-state="idle" {...drop}>
        <span>Drop a camera here, or click one in the list</span>
      </div>
    );
  }
  if (!camera) {
    return (
      <div className={cls} style={{ gridArea: area }} data-testid="live-pane" data-pane={index} data-state="refused" {...drop}>
        <div className="live-reason" data-testid="live-pane-reason">
          {camerasKnown ? 'This camera no longer exists, or you cannot see it.' : 'Loading…'}
          <button type="button" className="btn btn-small" onClick={onStop}>Remove</button>
        </div>
      </div>
    );
  }
  return <PlayingPane key={`${pane.cameraId}`} index={index} area={area} pane={pane} camera={camera} drop={drop} cls={cls} onChange={onChange} onStop={onStop} />;
}

interface PlayingProps {
  index: number;
  area: string;
  pane: PaneAssignment;
  camera: Camera;
  cls: string;
  drop: Record<string, (e: DragEvent) => void>;
  onChange: (change: Partial<PaneAssignment>) => void;
  onStop: () => void;
}

function PlayingPane({ index, area, pane, camera, cls, drop, onChange, onStop }: PlayingProps) {
  const box = useRef<HTMLDivElement>(null);
  const video = useRef<HTMLVideoElement>(null);
  const [showOverlay, setShowOverlay] = useState(true);
  const stream = streamToRequest(pane.stream, camera);
  const live = useLivePlayer(video, camera.id, stream, pane.transport);
  const { phase, stats } = live;
  const cameraFailing = stats.cameraState === 'failing' || stats.cameraState === 'connecting';
  const fullscreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void box.current?.requestFullscreen();
  };

  return (
    <div ref={box} className={cls} style={{ gridArea: area }} data-testid="live-pane" data-pane={index} data-state={phase.kind} data-camera={camera.id} data-transport={live.transport} {...drop}>
      <video ref={video} className="live-video" data-testid="live-video" muted={pane.muted} autoPlay playsInline />
      <OverlayCanvas video={video} overlays={live.overlays} visible={showOverlay} />
      <div className="live-pane-top">
        <span className={`live-dot live-dot-${phase.kind === 'playing' && !cameraFailing ? 'ok' : phase.kind === 'starting' || stats.cameraState === 'connecting' ? 'wait' : 'bad'}`} aria-hidden="true" />
        <span className="live-pane-name" title={camera.name}>{camera.name}</span>
        <span className="live-badge">{stream}</span>
        <span className="live-badge">{live.transport.toUpperCase()}</span>
        <span className="live-pane-tools">
          <button type="button" className="live-tool" title={pane.muted ? 'Unmute' : 'Mute'} aria-label={pane.muted ? 'Unmute' : 'Mute'} data-testid="live-mute" onClick={() => onChange({ muted: !pane.muted })}>
            <PaneIcon name={pane.muted ? 'muted' : 'sound'} />
          </button>
          {camera.subUrl && (
            <button type="button" className="live-tool" title="Switch main/sub stream" data-testid="live-stream" onClick={() => onChange({ stream: pane.stream === 'sub' ? 'main' : 'sub' })}>
              {pane.stream === 'sub' ? 'SD' : 'HD'}
            </button>
          )}
          <select className="live-tool-select" aria-label="Transport" data-testid="live-transport" value={pane.transport} onChange={(e) => onChange({ transport: e.target.value === 'hls' || e.target.value === 'webrtc' ? e.target.value : 'mse' })}>
            <option value="mse">MSE</option>
            <option value="hls">HLS</option>
            <option value="webrtc">WebRTC</option>
          </select>
          <button type="button" className={`live-tool${pane.showStats ? ' live-tool-on' : ''}`} title="Statistics" aria-label="Statistics" data-testid="live-stats-toggle" onClick={() => onChange({ showStats: !pane.showStats })}>
            <PaneIcon name="stats" />
          </button>
          <button type="button" className={`live-tool${showOverlay ? ' live-tool-on' : ''}`} title="Analysis overlay" aria-label="Analysis overlay" data-testid="live-overlay-toggle" onClick={() => setShowOverlay((v) => !v)}>
            <PaneIcon name="boxes" />
          </button>
          <button type="button" className="live-tool" title="Full screen" aria-label="Full screen" data-testid="live-fullscreen" onClick={fullscreen}><PaneIcon name="fullscreen" /></button>
          <button type="button" className="live-tool" title="Stop" aria-label="Stop" data-testid="live-stop" onClick={onStop}><PaneIcon name="stop" /></button>
        </span>
      </div>
      {live.note && <div className="live-note" data-testid="live-note">{live.note}</div>}
      {phase.kind === 'starting' && <div className="live-reason live-reason-quiet">{stateText(stats.cameraState ?? 'connecting', null)}</div>}
      {phase.kind === 'playing' && stats.cameraState === 'failing' && <div className="live-reason" data-testid="live-pane-reason">{stateText('failing', stats.cameraReason)}</div>}
      {(phase.kind === 'refused' || phase.kind === 'failed') && (
        <div className="live-reason" data-testid="live-pane-reason">
          {phase.reason}
          {phase.kind === 'failed' && <button type="button" className="btn btn-small" onClick={live.retry}>Retry</button>}
        </div>
      )}
      {pane.showStats && <StatsStrip stats={stats} transport={live.transport} />}
    </div>
  );
}
