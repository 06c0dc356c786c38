import { useState } from 'react';
import type { Schemas } from '@argus/sdk';
import { api, call } from '../../lib/api';
import { loadDomains } from '../../lib/domains';
import { noItems } from '../../lib/load-phase';
import { Link } from '../../lib/router';
import { useSession } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { PageHeader } from '../../layout/shell';
import { ConfirmDialog } from '../../components/confirm';
import { ActionsCell, DataTable } from '../../components/data-table';
import { Empty, LoadGate } from '../../components/status';
import { GroupFormDialog } from './group-form-dialog';
import { GroupMembersDialog } from './group-members-dialog';
import { RetentionDialog } from '../recordings/retention-dialog';

type Group = Schemas['CameraGroup'];
type Dialog = { kind: 'create' } | { kind: 'rename' | 'members' | 'retention' | 'delete'; group: Group } | null;

const COLUMNS = ['Name', 'Domain', { label: 'Cameras', className: 'col-num' }, 'Description'];
const ACTIONS_COLUMN = { label: 'Actions', className: 'col-actions' };

/** Camera groups: named sets of cameras within a domain, used for filtering, walls and tasks. */
export function GroupsPage() {
  const { can } = useSession();
  const groups = useLoad(() => call(api.GET('/api/camera-groups')), []);
  const domains = useLoad(loadDomains, []);
  const [dialog, setDialog] = useState<Dialog>(null);
  const manage = can('cameras.manage');
  const done = () => {
    setDialog(null);
    groups.reload();
  };

  return (
    <div className="page">
      <PageHeader
        title="Camera groups"
        subtitle="A group belongs to a domain and may hold cameras of that domain and its sub-domains."
        actions={
          manage && (
            <button type="button" className="btn btn-primary" onClick={() => setDialog({ kind: 'create' })} disabled={!domains.data} data-testid="group-new">
              New group
            </button>
          )
        }
      />
      <LoadGate data={groups.data} error={groups.error} isEmpty={noItems} empty={<Empty testId="groups-empty">No camera groups yet.</Empty>}>
        {(list) => (
          <DataTable testId="group-table" columns={[...COLUMNS, manage && ACTIONS_COLUMN]} rows={list}>
            {(g) => (
              <tr key={g.id} data-testid="group-row">
                <td className="cell-name">
                  <Link to={`/cameras?groupId=${g.id}`}>{g.name}</Link>
                </td>
                <td>{g.domainName}</td>
                <td className="col-num" data-testid="group-count">{g.cameraIds.length}</td>
                <td className="muted">{g.description || '—'}</td>
                {manage && (
                  <ActionsCell
                    actions={[
                      { label: 'Members…', testId: 'group-members', onClick: () => setDialog({ kind: 'members', group: g }) },
                      { label: 'Retention', testId: 'group-retention', onClick: () => setDialog({ kind: 'retention', group: g }) },
                      { label: 'Rename', testId: 'group-rename', onClick: () => setDialog({ kind: 'rename', group: g }) },
                      { label: 'Delete', testId: 'group-delete', danger: true, onClick: () => setDialog({ kind: 'delete', group: g }) },
                    ]}
                  />
                )}
              </tr>
            )}
          </DataTable>
        )}
      </LoadGate>
      {dialog?.kind === 'create' && domains.data && <GroupFormDialog group={null} domains={domains.data} onClose={() => setDialog(null)} onSaved={done} />}
      {dialog?.kind === 'rename' && domains.data && <GroupFormDialog group={dialog.group} domains={domains.data} onClose={() => setDialog(null)} onSaved={done} />}
      {dialog?.kind === 'retention' && <RetentionDialog scope="group" id={dialog.group.id} name={dialog.group.name} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'members' && domains.data && <GroupMembersDialog group={dialog.group} domains={domains.data} onClose={() => setDialog(null)} onSaved={done} />}
      {dialog?.kind === 'delete' && (
        <ConfirmDialog
          title="Delete group"
          confirmLabel="Delete group"
          danger
          action={() => call(api.DELETE('/api/camera-groups/{id}', { params: { path: { id: dialog.group.id } } }))}
          onDone={done}
          onCancel={() => setDialog(null)}
        >
          Delete the group <strong>{dialog.group.name}</strong>? Its cameras stay; only the grouping goes.
        </ConfirmDialog>
      )}
    </div>
  );
}
