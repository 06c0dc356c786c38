import { useMemo, useState } from 'react';
import { api, call } from '../../lib/api';
import { labelOf, loadDomains, type Domain } from '../../lib/domains';
import { formatTime } from '../../lib/format';
import { noItems } from '../../lib/load-phase';
import { Link, setQuery, useLocation } from '../../lib/router';
import { useSession } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { PageHeader } from '../../layout/shell';
import { ConfirmDialog } from '../../components/confirm';
import { DomainTree } from '../../components/domain-tree';
import { Empty, LoadError, LoadGate, Loading } from '../../components/status';
import { CameraTable } from '../cameras/camera-table';
import { DomainFormDialog, MoveDomainDialog } from './domain-dialogs';
import { RetentionDialog } from '../recordings/retention-dialog';

type Dialog = { kind: 'create' | 'rename' | 'move' | 'retention' | 'delete'; domain: Domain } | null;

/** The organisation tree: create, rename, move and delete domains; the selected domain's cameras below. */
export function OrganisationPage() {
  const { can } = useSession();
  const { query } = useLocation();
  const domains = useLoad(loadDomains, []);
  const [dialog, setDialog] = useState<Dialog>(null);
  const index = domains.data;
  const selectedId = query.get('domain') ?? index?.roots[0]?.id ?? null;
  const selected = selectedId ? (index?.byId.get(selectedId) ?? null) : null;
  const cameras = useLoad(
    () => (selected ? call(api.GET('/api/cameras', { params: { query: { domainId: selected.id, limit: 500 } } })) : Promise.resolve(null)),
    [selected?.id],
  );
  const groups = useLoad(() => call(api.GET('/api/camera-groups')), []);
  const groupNames = useMemo(() => new Map((groups.data ?? []).map((g) => [g.id, g.name])), [groups.data]);
  const manage = can('domains.manage');

  const closeAndReload = (selectId?: string) => {
    setDialog(null);
    if (selectId !== undefined) setQuery({ domain: selectId });
    domains.reload();
  };

  if (domains.error) return <LoadError error={domains.error} />;
  if (!index) return <Loading />;
  const children = selected ? (index.children.get(selected.id) ?? []) : [];
  return (
    <div className="page">
      <PageHeader title="Organisation" subtitle="Domains hold cameras, groups and users' rights; a role on a domain covers its sub-domains." />
      <div className="split">
        <aside className="panel split-side" aria-label="Domain tree">
          <div className="panel-title">Domains</div>
          <DomainTree index={index} selectedId={selectedId} onSelect={(id) => setQuery({ domain: id ?? undefined })} />
        </aside>
        <section className="split-main">
          {!selected ? (
            <Empty>Select a domain.</Empty>
          ) : (
            <>
              <div className="panel domain-detail" data-testid="domain-detail">
                <div className="domain-detail-head">
                  <div>
                    <h2 data-testid="domain-title">{selected.name}</h2>
                    <div className="muted small">{labelOf(index, selected.id)}</div>
                  </div>
                  {manage && (
                    <div className="btn-row">
                      <button type="button" className="btn btn-primary" onClick={() => setDialog({ kind: 'create', domain: selected })} data-testid="domain-create">
                        New sub-domain
                      </button>
                      <button type="button" className="btn" onClick={() => setDialog({ kind: 'rename', domain: selected })} data-testid="domain-rename">
                        Rename
                      </button>
                      <button type="button" className="btn" onClick={() => setDialog({ kind: 'retention', domain: selected })} data-testid="domain-retention">
                        Retention
                      </button>
                      <button type="button" className="btn" disabled={!selected.parentId} onClick={() => setDialog({ kind: 'move', domain: selected })} data-testid="domain-move">
                        Move
                      </button>
                      <button type="button" className="btn btn-quiet-danger" disabled={!selected.parentId} onClick={() => setDialog({ kind: 'delete', domain: selected })} data-testid="domain-delete">
                        Delete
                      </button>
                    </div>
                  )}
                </div>
                {selected.description && <p className="domain-description">{selected.description}</p>}
                <dl className="facts">
                  <div>
                    <dt>Sub-domains</dt>
                    <dd>{children.length ? children.map((c) => c.name).join(', ') : 'none'}</dd>
                  </div>
                  <div>
                    <dt>Created</dt>
                    <dd>{formatTime(selected.createdAt)}</dd>
                  </div>
                  <div>
                    <dt>Id</dt>
                    <dd className="mono">{selected.id}</dd>
                  </div>
                </dl>
              </div>
              <div className="section-head">
                <h3>Cameras in {selected.name}</h3>
                {can('cameras.read') && <Link to={`/cameras?domainId=${selected.id}`}>Open in Cameras →</Link>}
              </div>
              <LoadGate data={cameras.data?.items} error={cameras.error} isEmpty={noItems} empty={<Empty testId="domain-cameras-empty">No cameras directly in this domain.</Empty>}>
                {(items) => <CameraTable cameras={items} groupNames={groupNames} />}
              </LoadGate>
            </>
          )}
        </section>
      </div>
      {dialog?.kind === 'create' && <DomainFormDialog mode="create" domain={dialog.domain} onClose={() => setDialog(null)} onSaved={(d) => closeAndReload(d.id)} />}
      {dialog?.kind === 'rename' && <DomainFormDialog mode="rename" domain={dialog.domain} onClose={() => setDialog(null)} onSaved={(d) => closeAndReload(d.id)} />}
      {dialog?.kind === 'retention' && <RetentionDialog scope="domain" id={dialog.domain.id} name={dialog.domain.name} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'move' && <MoveDomainDialog domain={dialog.domain} index={index} onClose={() => setDialog(null)} onSaved={(d) => closeAndReload(d.id)} />}
      {dialog?.kind === 'delete' && (
        <ConfirmDialog
          title="Delete domain"
          confirmLabel="Delete domain"
          danger
          action={() => call(api.DELETE('/api/domains/{id}', { params: { path: { id: dialog.domain.id } } }))}
          onDone={() => closeAndReload(dialog.domain.parentId ?? '')}
          onCancel={() => setDialog(null)}
        >
          Delete <strong>{dialog.domain.name}</strong>? Only an empty domain (no sub-domains, cameras or groups) can be deleted.
        </ConfirmDialog>
      )}
    </div>
  );
}
