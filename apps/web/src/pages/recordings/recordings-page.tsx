// Recordings: pick a camera, browse its timeline, play from any moment and export a range.
import { useEffect, useMemo, useState } from 'react';
import type { Schemas } from '@argus/sdk';
import { api, call } from '../../lib/api';
import { navigate } from '../../lib/router';
import { useSession } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { PageHeader } from '../../layout/shell';
import { Empty, LoadError, Loading } from '../../components/status';
import { ExportDialog } from './export-dialog';
import { ExportsList } from './exports-list';
import { Player } from './player';
import { RetentionSummary } from './retention-summary';
import { HoldsList } from './holds-list';
import { VerifyPage } from './verify-page';
import { Timeline, type View } from './timeline';
import { clock, HOUR, MINUTE } from './time';

type RecState = Schemas['RecordingState'];

const STATUS_CLASS: Record<RecState['state']['status'], string> = {
  recording: 'rec-badge-on',
  connecting: 'rec-badge-wait',
  failing: 'rec-badge-bad',
  idle: 'rec-badge-off',
  stopped: 'rec-badge-off',
  disabled: 'rec-badge-off',
};

/** The recorder's state as a small coloured badge; failing shows its reason. */
export function RecBadge({ state }: { state: RecState | undefined }) {
  if (!state) return <span className="rec-badge rec-badge-off">unknown</span>;
  const s = state.state;
  return (
    <span className={`rec-badge ${STATUS_CLASS[s.status]}`} data-testid="rec-badge" data-status={s.status} title={s.reason ?? undefined}>
      {s.status}
      {s.status === 'failing' && s.reason ? `: ${s.reason}` : ''}
    </span>
  );
}

/** /recordings/verify is the export verification page (no camera id can be "verify": they all carry a prefix). */
export function RecordingsPage({ cameraId }: { cameraId: string | null }) {
  if (cameraId === 'verify') return <VerifyPage />;
  return <CameraRecordingsPage cameraId={cameraId} />;
}

function CameraRecordingsPage({ cameraId }: { cameraId: string | null }) {
  const { can } = useSession();
  const cameras = useLoad(() => call(api.GET('/api/cameras', { params: { query: { limit: 2000 } } })), []);
  const status = useLoad(() => call(api.GET('/api/recordings/status')), []);
  const [filter, setFilter] = useState('');
  const [view, setView] = useState<View>(() => ({ end: Date.now() + MINUTE, span: HOUR }));
  const [start, setStart] = useState<number | null>(null);
  const [playhead, setPlayhead] = useState<number | null>(null);
  const [exporting, setExporting] = useState<{ from: number; to: number } | null>(null);
  const [refresh, setRefresh] = useState(0);

  // Status badges and the timeline's latest ranges refresh every 10 s.
  useEffect(() => {
    const timer = window.setInterval(() => {
      status.reload();
      setRefresh((r) => r + 1);
      setView((v) => (v.end >= Date.now() - 5000 && v.end <= Date.now() + MINUTE ? { ...v, end: Date.now() + MINUTE } : v));
    }, 10_000);
    return () => window.clearInterval(timer);
  }, [status.reload]);

  useEffect(() => {
    setStart(null);
    setPlayhead(null);
  }, [cameraId]);

  const states = useMemo(() => new Map((status.data?.items ?? []).map((s) => [s.cameraId, s])), [status.data]);
  const list = (cameras.data?.items ?? []).filter((c) => c.name.toLowerCase().includes(filter.trim().toLowerCase()));
  const camera = cameras.data?.items.find((c) => c.id === cameraId);

  const openExport = () => {
    const now = Date.now();
    const to = Math.min(view.end, now);
    const visible = view.span <= HOUR && to - (view.end - view.span) > 0;
    setExporting(visible ? { from: view.end - view.span, to } : { from: now - 5 * MINUTE, to: now });
  };

  return (
    <div className="page page-recordings">
      <PageHeader
        title="Recordings"
        subtitle={status.data && !status.data.enabled ? 'Recording is switched off on this server; existing video can still be played.' : camera ? camera.name : 'Choose a camera'}
        actions={
          <div className="btn-row">
            <button type="button" className="btn" onClick={() => navigate('/recordings/verify')} data-testid="open-verify">
              Verify an export…
            </button>
            {camera && can('recordings.export') ? (
              <button type="button" className="btn btn-primary" onClick={openExport} data-testid="open-export">
                Export…
              </button>
            ) : null}
          </div>
        }
      />
      <div className="split">
        <aside className="panel split-side rec-cameras" aria-label="Cameras">
          <div className="panel-title">Cameras</div>
          <input type="search" className="rec-filter" placeholder="Filter cameras" value={filter} onChange={(e) => setFilter(e.target.value)} data-testid="rec-camera-filter" />
          {cameras.error ? (
            <LoadError error={cameras.error} />
          ) : !cameras.data ? (
            <Loading />
          ) : (
            <ul className="rec-camera-list">
              {list.map((c) => (
                <li key={c.id}>
                  <button type="button" className={`rec-camera${c.id === cameraId ? ' rec-camera-active' : ''}`} onClick={() => navigate(`/recordings/${c.id}`)} data-testid="rec-camera" data-id={c.id}>
                    <span className="rec-camera-name">{c.name}</span>
                    <RecBadge state={states.get(c.id)} />
                  </button>
                </li>
              ))}
              {list.length === 0 && <li className="muted">No cameras.</li>}
            </ul>
          )}
        </aside>
        <section className="split-main rec-main">
          {!cameraId ? (
            <Empty testId="rec-choose">Choose a camera on the left to see its recordings.</Empty>
          ) : cameras.data && !camera ? (
            <Empty testId="not-found">This camera does not exist, or you cannot see it.</Empty>
          ) : (
            <>
              <div className="rec-status-line">
                <RecBadge state={states.get(cameraId)} />
                {states.get(cameraId)?.lastSegmentEndMs != null && <span className="muted">last video {clock(states.get(cameraId)?.lastSegmentEndMs ?? 0, true)}</span>}
                <RetentionSummary cameraId={cameraId} />
              </div>
              <Player cameraId={cameraId} start={start} onTime={setPlayhead} />
              <Timeline cameraId={cameraId} view={view} onView={setView} playhead={playhead} onPick={setStart} refresh={refresh} />
              <HoldsList cameraId={cameraId} canRelease={can('recordings.export')} />
              {can('recordings.export') && (
                <section className="rec-exports">
                  <h3>Exports</h3>
                  <ExportsList cameraId={cameraId} refresh={refresh} />
                </section>
              )}
            </>
          )}
        </section>
      </div>
      {exporting && camera && (
        <ExportDialog
          cameraId={camera.id}
          cameraName={camera.name}
          from={exporting.from}
          to={exporting.to}
          onClose={(changed) => {
            setExporting(null);
            if (changed) setRefresh((r) => r + 1);
          }}
        />
      )}
    </div>
  );
}
