// The past exports of one camera, newest first, with their download links.
import { api, call } from '../../lib/api';
import { useLoad } from '../../lib/use-load';
import { formatTime } from '../../lib/format';
import { Empty, LoadError, Loading } from '../../components/status';
import { ExportLinks } from './export-dialog';
import { duration } from './time';

export function ExportsList({ cameraId, refresh }: { cameraId: string; refresh: number }) {
  const exports = useLoad(() => call(api.GET('/api/exports', { params: { query: { cameraId, limit: 50 } } })), [cameraId, refresh]);
  if (exports.error) return <LoadError error={exports.error} />;
  if (!exports.data) return <Loading />;
  const items = exports.data.items;
  if (items.length === 0) return <Empty testId="exports-empty">No exports of this camera yet.</Empty>;
  return (
    <table className="table exports-table" data-testid="exports-table">
      <thead>
        <tr>
          <th>Range</th>
          <th>Length</th>
          <th>By</th>
          <th>State</th>
          <th>Files</th>
        </tr>
      </thead>
      <tbody>
        {items.map((x) => (
          <tr key={x.id} data-testid="export-row" data-state={x.state}>
            <td>{formatTime(x.from)}</td>
            <td>{duration(x.toMs - x.fromMs)}</td>
            <td>{x.createdBy.name}</td>
            <td>
              {x.state === 'failed' ? <span className="status status-bad" title={x.error ?? ''}>failed</span> : x.state === 'done' ? <span className="status status-on">done{x.pinned ? ', pinned' : ''}</span> : `${x.state} ${Math.round(x.progress * 100)} %`}
            </td>
            <td>{x.state === 'done' ? <ExportLinks job={x} /> : null}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
