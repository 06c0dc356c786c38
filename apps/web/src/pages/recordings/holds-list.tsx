// The holds in force on a camera's recordings (events, integrations, operators): what keeps which range, until when,
// and a Release button for those who may place holds (recordings.export).
import { useState } from 'react';
import { api, call } from '../../lib/api';
import { useLoad } from '../../lib/use-load';
import { ProblemBanner } from '../../components/form';

const when = (ms: number): string => new Date(ms).toLocaleString();

export function HoldsList({ cameraId, canRelease }: { cameraId: string; canRelease: boolean }) {
  const holds = useLoad(() => call(api.GET('/api/cameras/{id}/recording-holds', { params: { path: { id: cameraId } } })), [cameraId]);
  const [error, setError] = useState<unknown>(null);
  const items = holds.data?.items ?? [];
  if (items.length === 0) return null;
  const release = async (holdId: string) => {
    setError(null);
    try {
      await call(api.DELETE('/api/cameras/{id}/recording-holds/{holdId}', { params: { path: { id: cameraId, holdId } } }));
      holds.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section className="rec-holds" data-testid="rec-holds">
      <h3>Kept longer ({items.length})</h3>
      <ProblemBanner error={error} />
      <table className="table holds-table">
        <thead><tr><th>Range</th><th>Kept until</th><th>Why</th><th>By</th><th /></tr></thead>
        <tbody>
          {items.map((h) => (
            <tr key={h.id} data-testid="rec-hold">
              <td>{when(h.fromMs)} – {new Date(h.toMs).toLocaleTimeString()}</td>
              <td>{when(h.untilMs)}</td>
              <td>{h.reason}</td>
              <td>{h.createdByName}</td>
              <td>{canRelease && <button type="button" onClick={() => void release(h.id)} data-testid="rec-hold-release">Release</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
