// The past exports of one camera, newest first, with their download links.
import { api, call } from '../../lib/api';
import { useLoad } from '../../lib/use-load';
import { formatTime } from '../../lib/format';
import { noItems } from '../../lib/load-phase';
import { DataTable } from '../../components/data-table';
import { Empty, LoadGate } from '../../components/status';
import { ExportLinks } from './export-dialog';
import { duration } from './time';

const COLUMNS = ['Range', 'Length', 'By', 'State', 'Files'];

export function ExportsList({ cameraId, refresh }: { cameraId: string; refresh: number }) {
  const exports = useLoad(() => call(api.GET('/api/exports', { params: { query: { cameraId, limit: 50 } } })), [cameraId, refresh]);
  return (
    <LoadGate data={exports.data?.items} error={exports.error} isEmpty={noItems} empty={<Empty testId="exports-empty">No exports of this camera yet.</Empty>}>
      {(items) => (
        <DataTable testId="exports-table" className="exports-table" wrap={null} columns={COLUMNS} rows={items}>
          {(x) => (
            <tr key={x.id} data-testid="export-row" data-state={x.state}>
              <td>{formatTime(x.from)}</td>
              <td>{duration(x.toMs - x.fromMs)}</td>
              <td>{x.createdBy.name}</td>
              <td>
                {x.state === 'failed' ? <span className="status status-bad" title={x.error ?? ''}>failed</span> : x.state === 'done' ? <span className="status status-on">done{x.pinned ? ', pinned' : ''}</span> : `${x.state} ${Math.round(x.progress * 100)} %`}
              </td>
              <td>{x.state === 'done' ? <ExportLinks job={x} /> : null}</td>
            </tr>
          )}
        </DataTable>
      )}
    </LoadGate>
  );
}
