import { useState } from 'react';
import type { Schemas } from '@argus/sdk';
import { api, call } from '../../lib/api';
import { loadDomains } from '../../lib/domains';
import { formatAgo } from '../../lib/format';
import { noItems } from '../../lib/load-phase';
import { useSession } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { PageHeader } from '../../layout/shell';
import { ConfirmDialog } from '../../components/confirm';
import { Notice } from '../../components/form';
import { ActionsCell, DataTable } from '../../components/data-table';
import { Empty, LoadGate } from '../../components/status';
import { GrantChips } from './grants-editor';
import { CreateUserDialog, EditGrantsDialog, ResetPasswordDialog } from './user-dialogs';

type User = Schemas['User'];
type Dialog = { kind: 'create' } | { kind: 'grants' | 'password' | 'delete' | 'toggle'; user: User } | null;

const COLUMNS = ['User', 'Roles', 'Status', 'Last sign-in'];
const ACTIONS_COLUMN = { label: 'Actions', className: 'col-actions' };

/** Users who hold rights in the caller's domains, with their roles; management for users.manage. */
export function UsersPage() {
  const { me, can, refresh } = useSession();
  const users = useLoad(() => call(api.GET('/api/users')), []);
  const domains = useLoad(loadDomains, []);
  const roles = useLoad(() => call(api.GET('/api/roles')), []);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const manage = can('users.manage');
  const domainIndex = domains.data;
  const roleList = roles.data;
  const ready = Boolean(domainIndex && roleList);
  const done = (message: string | null) => () => {
    const wasMe = dialog && 'user' in dialog && dialog.user.id === me.id;
    setDialog(null);
    setNotice(message);
    users.reload();
    if (wasMe) refresh();
  };

  return (
    <div className="page">
      <PageHeader
        title="Users & roles"
        subtitle="A role on a domain applies to all its sub-domains."
        actions={
          manage && (
            <button type="button" className="btn btn-primary" disabled={!ready} onClick={() => setDialog({ kind: 'create' })} data-testid="user-new">
              New user
            </button>
          )
        }
      />
      {notice && <Notice testId="users-notice">{notice}</Notice>}
      {roles.data && (
        <details className="roles-help">
          <summary>What each role may do</summary>
          <dl>
            {roles.data.map((r) => (
              <div key={r.role}>
                <dt className={`role-chip role-${r.role}`}>{r.role}</dt>
                <dd>{r.description}</dd>
              </div>
            ))}
          </dl>
        </details>
      )}
      <LoadGate data={users.data} error={users.error} isEmpty={noItems} empty={<Empty>No users.</Empty>}>
        {(list) => (
          <DataTable testId="user-table" columns={[...COLUMNS, manage && ACTIONS_COLUMN]} rows={list}>
            {(u) => (
              <tr key={u.id} data-testid="user-row" data-username={u.username}>
                <td className="cell-name">
                  {u.username}
                  {u.id === me.id && <span className="muted"> (you)</span>}
                  {u.displayName && u.displayName !== u.username && <div className="cell-sub">{u.displayName}</div>}
                </td>
                <td>
                  <GrantChips grants={u.grants} />
                </td>
                <td>
                  <span className={`status ${u.disabled ? 'status-off' : 'status-on'}`} data-testid="user-status">
                    {u.disabled ? 'Disabled' : 'Active'}
                  </span>
                </td>
                <td>{formatAgo(u.lastSignInAt)}</td>
                {manage && (
                  <ActionsCell
                    actions={[
                      { label: 'Roles…', testId: 'user-grants', disabled: !ready, onClick: () => setDialog({ kind: 'grants', user: u }) },
                      { label: u.disabled ? 'Enable' : 'Disable', testId: 'user-toggle', disabled: u.id === me.id, onClick: () => setDialog({ kind: 'toggle', user: u }) },
                      { label: 'Reset password…', testId: 'user-password-reset', onClick: () => setDialog({ kind: 'password', user: u }) },
                      { label: 'Delete', testId: 'user-delete', danger: true, disabled: u.id === me.id, onClick: () => setDialog({ kind: 'delete', user: u }) },
                    ]}
                  />
                )}
              </tr>
            )}
          </DataTable>
        )}
      </LoadGate>
      {dialog?.kind === 'create' && domainIndex && roleList && <CreateUserDialog domains={domainIndex} roles={roleList} onClose={() => setDialog(null)} onSaved={done('User created.')} />}
      {dialog?.kind === 'grants' && domainIndex && roleList && <EditGrantsDialog user={dialog.user} domains={domainIndex} roles={roleList} onClose={() => setDialog(null)} onSaved={done('Roles saved.')} />}
      {dialog?.kind === 'password' && <ResetPasswordDialog user={dialog.user} onClose={() => setDialog(null)} onSaved={done(`Password of ${dialog.user.username} reset; their sessions were ended.`)} />}
      {dialog?.kind === 'toggle' && (
        <ConfirmDialog
          title={dialog.user.disabled ? 'Enable user' : 'Disable user'}
          confirmLabel={dialog.user.disabled ? 'Enable' : 'Disable'}
          danger={!dialog.user.disabled}
          action={() => call(api.PATCH('/api/users/{id}', { params: { path: { id: dialog.user.id } }, body: { disabled: !dialog.user.disabled } }))}
          onDone={done(null)}
          onCancel={() => setDialog(null)}
        >
          {dialog.user.disabled ? `Let ${dialog.user.username} sign in again?` : `Stop ${dialog.user.username} from signing in? Their sessions and API tokens stop working.`}
        </ConfirmDialog>
      )}
      {dialog?.kind === 'delete' && (
        <ConfirmDialog
          title="Delete user"
          confirmLabel="Delete user"
          danger
          action={() => call(api.DELETE('/api/users/{id}', { params: { path: { id: dialog.user.id } } }))}
          onDone={done(`User ${dialog.user.username} deleted.`)}
          onCancel={() => setDialog(null)}
        >
          Delete <strong>{dialog.user.username}</strong>? The audit log keeps their past actions.
        </ConfirmDialog>
      )}
    </div>
  );
}
