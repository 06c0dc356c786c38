import { useState } from 'react';
import type { Schemas } from '@argus/sdk';
import { api, call } from '../../lib/api';
import { isWithin, type DomainIndex } from '../../lib/domains';
import { useLoad } from '../../lib/use-load';
import { ProblemBanner } from '../../components/form';
import { Modal } from '../../components/modal';
import { Empty, LoadError, Loading } from '../../components/status';

type Group = Schemas['CameraGroup'];

/** Sets a group's members from the cameras of its domain and sub-domains. */
export function GroupMembersDialog({ group, domains, onClose, onSaved }: { group: Group; domains: DomainIndex; onClose: () => void; onSaved: () => void }) {
  const cameras = useLoad(() => call(api.GET('/api/cameras', { params: { query: { limit: 2000 } } })), []);
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(group.cameraIds));
  const [filter, setFilter] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const groupPath = domains.byId.get(group.domainId)?.path ?? '';
  const eligible = (cameras.data?.items ?? []).filter((c) => {
    const p = domains.byId.get(c.domainId)?.path;
    return p !== undefined && groupPath !== '' && isWithin(p, groupPath);
  });
  const shown = eligible.filter((c) => c.name.toLowerCase().includes(filter.trim().toLowerCase()));

  const toggle = (id: string, on: boolean) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const save = () => {
    setBusy(true);
    setError(null);
    call(api.PUT('/api/camera-groups/{id}/cameras', { params: { path: { id: group.id } }, body: { cameraIds: [...chosen] } })).then(onSaved, (err: unknown) => {
      setError(err);
      setBusy(false);
    });
  };

  return (
    <Modal
      title={`Members of ${group.name}`}
      onClose={onClose}
      testId="group-members-dialog"
      footer={
        <>
          <span className="muted small footer-note">{chosen.size} selected</span>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn btn-primary" onClick={save} disabled={busy || !cameras.data} data-testid="group-members-save">
            Save members
          </button>
        </>
      }
    >
      <input type="search" placeholder="Filter cameras" value={filter} onChange={(e) => setFilter(e.target.value)} className="input-block" aria-label="Filter cameras" />
      {cameras.error ? (
        <LoadError error={cameras.error} />
      ) : !cameras.data ? (
        <Loading />
      ) : eligible.length === 0 ? (
        <Empty>No cameras in {group.domainName} or below it.</Empty>
      ) : (
        <div className="check-list check-list-tall">
          {shown.map((c) => (
            <label key={c.id} className="check">
              <input type="checkbox" checked={chosen.has(c.id)} onChange={(e) => toggle(c.id, e.target.checked)} />
              {c.name} <span className="muted">· {c.domainName}</span>
            </label>
          ))}
        </div>
      )}
      <ProblemBanner error={error} />
    </Modal>
  );
}
