import { useState } from 'react';
import type { Schemas } from '@argus/sdk';
import { api, call } from '../../lib/api';
import { formatAgo, formatDate } from '../../lib/format';
import { useSession } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { ConfirmDialog } from '../../components/confirm';
import { Empty, LoadError, Loading } from '../../components/status';
import { CreateTokenDialog } from './create-token-dialog';

type Token = Schemas['ApiToken'];

function stateOf(t: Token): { label: string; cls: string } {
  if (t.revokedAt) return { label: 'Revoked', cls: 'status-off' };
  if (t.expiresAt && new Date(t.expiresAt).getTime() < Date.now()) return { label: 'Expired', cls: 'status-off' };
  return { label: 'Active', cls: 'status-on' };
}

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
      {tokens.error ? (
        <LoadError error={tokens.error} />
      ) : !tokens.data ? (
        <Loading />
      ) : tokens.data.length === 0 ? (
        <Empty testId="tokens-empty">No API tokens.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="token-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Prefix</th>
                <th>Role</th>
                <th>Created</th>
                <th>Expires</th>
                <th>Last used</th>
                <th>Status</th>
                <th className="col-actions" />
              </tr>
            </thead>
            <tbody>
              {tokens.data.map((t) => {
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
                    <td className="col-actions">
                      {!t.revokedAt && (
                        <button type="button" className="btn btn-small btn-quiet-danger" onClick={() => setRevoking(t)} data-testid="token-revoke">
                          Revoke
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
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
          action={() => call(api.DELETE('/api/tokens/{id}', { params: { path: { id: revoking.id } } })).then(() => undefined)}
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
