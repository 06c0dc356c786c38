import { useState } from 'react';
import type { Schemas } from '@argus/sdk';
import { api, call } from '../../lib/api';
import { formatAgo, formatDate } from '../../lib/format';
import { noItems } from '../../lib/load-phase';
import { useSession } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { ConfirmDialog } from '../../components/confirm';
import { ActionsCell, DataTable } from '../../components/data-table';
import { Empty, LoadGate } from '../../components/status';
import { CreateTokenDialog } from './create-token-dialog';

type Token = Schemas['ApiToken'];

function stateOf(t: Token): { label: string; cls: string } {
  if (t.revokedAt) return { label: 'Revoked', cls: 'status-off' };
  if (t.expiresAt && new Date(t.expiresAt).getTime() < Date.now()) return { label: 'Expired', cls: 'status-off' };
  return { label: 'Active', cls: 'status-on' };
}

const TOKEN_COLUMNS = ['Name', 'Prefix', 'Role', 'Created', 'Expires', 'Last used', 'Status', { className: 'col-actions' }];

/** The user's API tokens: one role on one domain each; the secret is shown once at creation. */
export function TokensPanel() {
  const { can } = useSession();
  const tokens = useLoad(() => call(api.GET('/api/tokens')), []);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<Token | null>(null);
  const manage = can('tokens.manage');
  return (
    <section className="panel" data-testid="tokens-panel">
      <div className="panel-title-row">
        <div className="panel-title">API tokens</div>
        {manage && (
          <button type="button" className="btn btn-primary btn-small" onClick={() => setCreating(true)} data-testid="token-new">
            New token
          </button>
        )}
      </div>
      <p className="muted small">For scripts and integrations: send it as <code>Authorization: Bearer …</code>. A token never has more rights than you.</p>
      <LoadGate data={tokens.data} error={tokens.error} isEmpty={noItems} empty={<Empty testId="tokens-empty">No API tokens.</Empty>}>
        {(list) => (
          <DataTable testId="token-table" columns={TOKEN_COLUMNS} rows={list}>
            {(t) => {
              const st = stateOf(t);
              return (
                <tr key={t.id} data-testid="token-row">
                  <td className="cell-name">{t.name}</td>
                  <td className="mono">{t.prefix}…</td>
                  <td>
                    <span className={`grant-chip role-${t.role}`}>
                      {t.role} <span className="grant-at">@ {t.domainName}</span>
                    </span>
                  </td>
                  <td>{formatDate(t.createdAt)}</td>
                  <td>{t.expiresAt ? formatDate(t.expiresAt) : 'never'}</td>
                  <td>{formatAgo(t.lastUsedAt)}</td>
                  <td>
                    <span className={`status ${st.cls}`}>{st.label}</span>
                  </td>
                  <ActionsCell actions={t.revokedAt ? [] : [{ label: 'Revoke', testId: 'token-revoke', danger: true, onClick: () => setRevoking(t) }]} />
                </tr>
              );
            }}
          </DataTable>
        )}
      </LoadGate>
      {creating && (
        <CreateTokenDialog
          onClose={(created) => {
            setCreating(false);
            if (created) tokens.reload();
          }}
        />
      )}
      {revoking && (
        <ConfirmDialog
          title="Revoke token"
          confirmLabel="Revoke"
          danger
          action={() => call(api.DELETE('/api/tokens/{id}', { params: { path: { id: revoking.id } } }))}
          onDone={() => {
            setRevoking(null);
            tokens.reload();
          }}
          onCancel={() => setRevoking(null)}
        >
          Revoke <strong>{revoking.name}</strong>? Scripts using it stop working at once.
        </ConfirmDialog>
      )}
    </section>
  );
}
