import type { paths } from '@argus/sdk';
import { DataTable } from '../../components/data-table';

type Row = paths['/api/cameras/import']['post']['responses']['200']['content']['application/json']['rows'][number];

const COLUMNS = [{ label: 'Row', className: 'col-num' }, 'Name', 'Result', 'Problems'];

/** One line per imported row: its status and, for bad rows, each field error. */
export function ImportResultTable({ rows }: { rows: Row[] }) {
  const sorted = [...rows].sort((a, b) => Number(a.ok) - Number(b.ok) || a.row - b.row);
  return (
    <DataTable testId="import-rows" wrap="table-wrap table-scroll" columns={COLUMNS} rows={sorted}>
      {(r) => (
        <tr key={r.row} data-testid="import-row" data-ok={String(r.ok)} className={r.ok ? '' : 'row-bad'}>
          <td className="col-num">{r.row}</td>
          <td>{r.name || <span className="muted">(no name)</span>}</td>
          <td>{r.ok ? <span className="status status-on">{r.cameraId ? 'Created' : 'OK'}</span> : <span className="status status-bad">Error</span>}</td>
          <td>
            {r.errors.map((e, i) => (
              <div key={i} className="row-error" data-testid="import-row-error">
                <code>{e.field || 'row'}</code> {e.message}
              </div>
            ))}
          </td>
        </tr>
      )}
    </DataTable>
  );
}
