import { useState } from 'react';
import type { Schemas } from '@argus/sdk';
import { api, call } from '../../lib/api';
import { isWithin, type DomainIndex } from '../../lib/domains';
import { withMember } from '../../lib/sets';
import { useLoad } from '../../lib/use-load';
import { useSubmit } from '../../lib/use-submit';
import { ProblemBanner } from '../../components/form';
import { Modal } from '../../components/modal';
import { Empty, LoadGate } from '../../components/status';

type Group = Schemas['CameraGroup'];

/** Sets a group's members from the cameras of its domain and sub-domains. */
export function GroupMembersDialog({ group, domains, onClose, onSaved }: { group: Group; domains: DomainIndex; onClose: () => void; onSaved: () => void }) {
  const cameras = useLoad(() => call(api.GET('/api/cameras', { params: { query: { limit: 2000 } } })), []);
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(group.cameraIds));
  const [filter, setFilter] = useState('');
  const { busy, error, run } = useSubmit();
  const groupPath = domains.byId.get(group.domainId)?.path ?? '';
  const eligible = (cameras.data?.items ?? []).filter((c) => {
    const p = domains.byId.get(c.domainId)?.path;
    return p !== undefined && groupPath !== '' && isWithin(p, groupPath);
  });
  const shown = eligible.filter((c) => c.name.toLowerCase().includes(filter.trim().toLowerCase()));

  const toggle = (id: string, on: boolean) => setChosen((prev) => withMember(prev, id, on));

  const save = () => run(call(api.PUT('/api/camera-groups/{id}/cameras', { params: { path: { id: group.id } }, body: { cameraIds: [...chosen] } })), onSaved);

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
      <LoadGate data={cameras.data} error={cameras.error} isEmpty={() => eligible.length === 0} empty={<Empty>No cameras in {group.domainName} or below it.</Empty>}>
        {() => (
          <div className="check-list check-list-tall">
            {shown.map((c) => (
              <label key={c.id} className="check">
                <input type="checkbox" checked={chosen.has(c.id)} onChange={(e) => toggle(c.id, e.target.checked)} />
                {c.name} <span className="muted">· {c.domainName}</span>
              </label>
            ))}
          </div>
        )}
      </LoadGate>
      <ProblemBanner error={error} />
    </Modal>
  );
}
