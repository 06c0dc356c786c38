import type { Schemas } from '@argus/sdk';
import { formatTime } from '../../lib/format';
import { DataTable } from '../../components/data-table';

type Entry = Schemas['AuditEntry'];

function detailsText(d: Entry['details']): string {
  const entries = Object.entries(d);
  if (entries.length === 0) return '';
  return entries.map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' · ');
}

const OUTCOME_CLASS: Record<string, string> = { success: 'status-on', ok: 'status-on', denied: 'status-bad', failure: 'status-bad', failed: 'status-bad', error: 'status-bad' };

const COLUMNS = ['Time', 'Actor', 'Action', 'Target', 'Outcome', 'Details'];

export function AuditTable({ items }: { items: Entry[] }) {
  return (
    <DataTable testId="audit-table" className="table-audit" columns={COLUMNS} rows={items}>
      {(e) => {
        const details = detailsText(e.details);
        return (
          <tr key={e.id} data-testid="audit-row" data-action={e.action}>
            <td className="nowrap">{formatTime(e.at)}</td>
            <td>
              {e.actor.name}
              {e.actor.kind !== 'user' && <span className="muted"> ({e.actor.kind})</span>}
              <div className="cell-sub">{e.ip}</div>
            </td>
            <td>
              <code className="action">{e.action}</code>
            </td>
            <td>
              {e.targetType}
              {e.targetId && <div className="cell-sub mono">{e.targetId}</div>}
            </td>
            <td>
              <span className={`status ${OUTCOME_CLASS[e.outcome] ?? 'status-off'}`}>{e.outcome}</span>
            </td>
            <td className="cell-details" title={details}>
              {details || <span className="muted">—</span>}
            </td>
          </tr>
        );
      }}
    </DataTable>
  );
}
