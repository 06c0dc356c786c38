import { useState } from 'react';
import type { Schemas } from '@argus/sdk';
import { api, call } from '../../lib/api';
import { useSubmit } from '../../lib/use-submit';
import { ProblemBanner } from '../../components/form';
import { ProbeResultCard } from '../../components/probe-result';
import { Loading } from '../../components/status';

type Camera = Schemas['Camera'];
type Probe = Schemas['ProbeResult'];

interface ProbePanelProps {
  camera: Camera | null;
  canProbe: boolean;
  dirty: boolean;
  onProbed: (p: Probe) => void;
}

/** Opens the saved stream with ffprobe on the server and shows what it found, or why it failed. */
export function ProbePanel({ camera, canProbe, dirty, onProbed }: ProbePanelProps) {
  const [stream, setStream] = useState<'main' | 'sub'>('main');
  const { busy, error, run } = useSubmit({ repeatable: true });
  const shown = camera?.lastProbe ?? null;

  const probe = () => {
    if (!camera) return;
    run(call(api.POST('/api/cameras/{id}/probe', { params: { path: { id: camera.id } }, body: { stream } })), onProbed);
  };

  return (
    <section className="panel probe-panel" data-testid="probe-panel">
      <div className="panel-title">Stream check</div>
      {!camera ? (
        <p className="muted small">Save the camera first; then probe its stream here.</p>
      ) : (
        <>
          {canProbe && (
            <div className="probe-controls">
              <select value={stream} onChange={(e) => setStream(e.target.value as 'main' | 'sub')} aria-label="Stream" disabled={!camera.subUrl} data-testid="probe-stream">
                <option value="main">Main stream</option>
                {camera.subUrl && <option value="sub">Sub stream</option>}
              </select>
              <button type="button" className="btn btn-primary" onClick={probe} disabled={busy} data-testid="probe-button">
                {busy ? 'Probing…' : 'Probe'}
              </button>
            </div>
          )}
          {dirty && <p className="field-hint">The probe uses the saved settings; save your changes first.</p>}
          {busy && <Loading label="Opening the stream (up to a few seconds)…" />}
          <ProblemBanner error={error} />
          {!busy && shown && <ProbeResultCard probe={shown} />}
          {!busy && !shown && !error && <p className="muted small">Not probed yet.</p>}
        </>
      )}
    </section>
  );
}
