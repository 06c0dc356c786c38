import type { Schemas } from '@argus/sdk';
import { Link } from '../../lib/router';
import { formatAgo, probeSummary, reasonLabel } from '../../lib/format';
import { DataTable } from '../../components/data-table';

type Camera = Schemas['Camera'];

interface CameraTableProps {
  cameras: Camera[];
  groupNames: Map<string, string>;
  canManage?: boolean;
  canProbe?: boolean;
  probingId?: string | null;
  onProbe?: (c: Camera) => void;
  onDelete?: (c: Camera) => void;
}

const COLUMNS = ['Name', 'Kind', 'Domain', 'Groups', 'Tags', 'Enabled', 'Last probe'];
const ACTIONS = { className: 'col-actions', ariaLabel: 'Actions' };

/** The camera list: one dense row per camera with its last probe summary. */
export function CameraTable({ cameras, groupNames, canManage, canProbe, probingId, onProbe, onDelete }: CameraTableProps) {
  const showActions = Boolean((canProbe && onProbe) || (canManage && onDelete));
  return (
    <DataTable testId="camera-table" columns={[...COLUMNS, showActions && ACTIONS]} rows={cameras}>
      {(c) => (
        <tr key={c.id} data-testid="camera-row" data-camera-id={c.id}>
          <td className="cell-name">
            <Link to={`/cameras/${c.id}`} data-testid="camera-name">
              {c.name}
            </Link>
            {c.description && <div className="cell-sub">{c.description}</div>}
          </td>
          <td>
            <span className="kind-chip">{c.kind.toUpperCase()}</span>
          </td>
          <td className="cell-nowrap">{c.domainName}</td>
          <td>{c.groupIds.map((g) => groupNames.get(g) ?? '…').join(', ') || <span className="muted">—</span>}</td>
          <td>
            {c.tags.length ? (
              <span className="chips">
                {c.tags.map((t) => (
                  <span key={t} className="tag-chip">
                    {t}
                  </span>
                ))}
              </span>
            ) : (
              <span className="muted">—</span>
            )}
          </td>
          <td>
            <span className={`status ${c.enabled ? 'status-on' : 'status-off'}`} data-testid="camera-enabled" title={c.enabled ? 'Enabled' : 'Disabled'}>
              {c.enabled ? 'On' : 'Off'}
            </span>
          </td>
          <td className="cell-probe" data-testid="camera-probe-summary">
            {c.lastProbe ? (
              <span
                className={c.lastProbe.ok ? 'probe-line ok' : 'probe-line bad'}
                title={`${c.lastProbe.stream} stream, ${formatAgo(c.lastProbe.at)}${c.lastProbe.ok ? '' : `: ${c.lastProbe.message ?? ''}`}`}
              >
                <span className={`dot ${c.lastProbe.ok ? 'dot-ok' : 'dot-bad'}`} />
                {c.lastProbe.ok ? probeSummary(c.lastProbe) : reasonLabel(c.lastProbe.reason)}
              </span>
            ) : (
              <span className="muted">not probed</span>
            )}
          </td>
          {showActions && (
            <td className="col-actions">
              {canProbe && onProbe && (
                <button type="button" className="btn btn-small" disabled={probingId === c.id} onClick={() => onProbe(c)} data-testid="camera-probe">
                  {probingId === c.id ? 'Probing…' : 'Probe'}
                </button>
              )}
              {canManage && onDelete && (
                <button type="button" className="btn btn-small btn-quiet-danger btn-icon" onClick={() => onDelete(c)} title={`Delete ${c.name}`} aria-label={`Delete ${c.name}`} data-testid="camera-delete">
                  ✕
                </button>
              )}
            </td>
          )}
        </tr>
      )}
    </DataTable>
  );
}
