import { useEffect, useMemo, useState } from 'react';
import type { Schemas } from '@argus/sdk';
import { api, call } from '../../lib/api';
import { loadDomains } from '../../lib/domains';
import { navigate, setQuery, useLocation } from '../../lib/router';
import { useSession } from '../../lib/session';
import { noItems } from '../../lib/load-phase';
import { useLoad } from '../../lib/use-load';
import { PageHeader } from '../../layout/shell';
import { ConfirmDialog } from '../../components/confirm';
import { DomainTree } from '../../components/domain-tree';
import { Modal } from '../../components/modal';
import { ProbeResultCard } from '../../components/probe-result';
import { Empty, LoadError, LoadGate, Loading } from '../../components/status';
import { ProblemBanner } from '../../components/form';
import { CameraFilters, type Filters } from './camera-filters';
import { CameraTable } from './camera-table';
import { ImportDialog } from './import-dialog';

type Camera = Schemas['Camera'];
type Probe = Schemas['ProbeResult'];
const PAGE = 100;

export function CamerasPage() {
  const { can } = useSession();
  const { query } = useLocation();
  const filters: Filters = {
    domainId: query.get('domainId') ?? '',
    q: query.get('q') ?? '',
    kind: query.get('kind') ?? '',
    groupId: query.get('groupId') ?? '',
    tag: query.get('tag') ?? '',
  };
  const page = Math.max(0, Number(query.get('page') ?? '0') || 0);
  const domains = useLoad(loadDomains, []);
  const groups = useLoad(() => call(api.GET('/api/camera-groups')), []);
  const key = JSON.stringify([filters, page]);
  const cameras = useLoad(
    () =>
      call(
        api.GET('/api/cameras', {
          params: {
            query: {
              ...(filters.domainId ? { domainId: filters.domainId, includeSubdomains: true } : {}),
              ...(filters.groupId ? { groupId: filters.groupId } : {}),
              ...(filters.q ? { q: filters.q } : {}),
              ...(filters.tag ? { tag: filters.tag } : {}),
              ...(filters.kind ? { kind: filters.kind as Camera['kind'] } : {}),
              limit: PAGE,
              offset: page * PAGE,
            },
          },
        }),
      ),
    [key],
  );
  const groupNames = useMemo(() => new Map((groups.data ?? []).map((g) => [g.id, g.name])), [groups.data]);
  const [probing, setProbing] = useState<{ camera: Camera; result: Probe | null; error: unknown } | null>(null);
  const [deleting, setDeleting] = useState<Camera | null>(null);
  const [importing, setImporting] = useState(false);

  useEffect(() => {
    if (cameras.data && page > 0 && cameras.data.items.length === 0) setQuery({ page: undefined });
  }, [cameras.data, page]);

  const probe = (c: Camera) => {
    setProbing({ camera: c, result: null, error: null });
    call(api.POST('/api/cameras/{id}/probe', { params: { path: { id: c.id } }, body: {} })).then(
      (result) => {
        setProbing((p) => (p?.camera.id === c.id ? { ...p, result } : p));
        cameras.reload();
      },
      (error: unknown) => setProbing((p) => (p?.camera.id === c.id ? { ...p, error } : p)),
    );
  };

  const total = cameras.data?.total ?? 0;
  const actions = can('cameras.manage') && (
    <>
      <button type="button" className="btn" onClick={() => setImporting(true)} data-testid="open-import">
        Import…
      </button>
      <button type="button" className="btn btn-primary" onClick={() => navigate('/cameras/new' + (filters.domainId ? `?domainId=${filters.domainId}` : ''))} data-testid="new-camera">
        New camera
      </button>
    </>
  );

  return (
    <div className="page page-cameras">
      <PageHeader title="Cameras" subtitle={cameras.data ? `${total} camera${total === 1 ? '' : 's'}` : ' '} actions={actions} />
      <div className="split">
        <aside className="panel split-side" aria-label="Domains">
          <div className="panel-title">Domains</div>
          {domains.data ? (
            <DomainTree index={domains.data} selectedId={filters.domainId || null} onSelect={(id) => setQuery({ domainId: id ?? undefined, page: undefined })} allLabel="All domains" />
          ) : domains.error ? (
            <LoadError error={domains.error} />
          ) : (
            <Loading />
          )}
        </aside>
        <section className="split-main">
          <CameraFilters filters={filters} groups={groups.data ?? []} onChange={(f) => setQuery({ ...f, page: undefined })} />
          <LoadGate data={cameras.data?.items} error={cameras.error} isEmpty={noItems} empty={<Empty testId="cameras-empty">No cameras match these filters.</Empty>}>
            {(items) => (
              <>
                <CameraTable
                  cameras={items}
                  groupNames={groupNames}
                  canManage={can('cameras.manage')}
                  canProbe={can('cameras.probe')}
                  probingId={probing && !probing.result && !probing.error ? probing.camera.id : null}
                  onProbe={probe}
                  onDelete={setDeleting}
                />
                {total > PAGE && (
                  <div className="pager">
                    <span>
                      {page * PAGE + 1}–{Math.min(total, (page + 1) * PAGE)} of {total}
                    </span>
                    <button type="button" className="btn btn-small" disabled={page === 0} onClick={() => setQuery({ page: String(page - 1) })}>
                      Previous
                    </button>
                    <button type="button" className="btn btn-small" disabled={(page + 1) * PAGE >= total} onClick={() => setQuery({ page: String(page + 1) })}>
                      Next
                    </button>
                  </div>
                )}
              </>
            )}
          </LoadGate>
        </section>
      </div>
      {probing && (
        <Modal title={`Probe: ${probing.camera.name}`} onClose={() => setProbing(null)} testId="probe-dialog">
          {probing.result ? <ProbeResultCard probe={probing.result} /> : probing.error ? <ProblemBanner error={probing.error} /> : <Loading label="Opening the stream…" />}
        </Modal>
      )}
      {deleting && (
        <ConfirmDialog
          title="Delete camera"
          confirmLabel="Delete camera"
          danger
          action={() => call(api.DELETE('/api/cameras/{id}', { params: { path: { id: deleting.id } } }))}
          onDone={() => {
            setDeleting(null);
            cameras.reload();
          }}
          onCancel={() => setDeleting(null)}
        >
          Delete <strong>{deleting.name}</strong> from {deleting.domainName}? Its settings are removed for good.
        </ConfirmDialog>
      )}
      {importing && domains.data && (
        <ImportDialog
          domains={domains.data}
          defaultDomainId={filters.domainId}
          onClose={(changed) => {
            setImporting(false);
            if (changed) cameras.reload();
          }}
        />
      )}
    </div>
  );
}
