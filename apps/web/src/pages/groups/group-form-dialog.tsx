import { useState, type FormEvent } from 'react';
import type { Schemas } from '@argus/sdk';
import { api, call, fieldErrorsOf } from '../../lib/api';
import type { DomainIndex } from '../../lib/domains';
import { DomainSelect } from '../../components/domain-select';
import { Field, ProblemBanner } from '../../components/form';
import { Modal } from '../../components/modal';

type Group = Schemas['CameraGroup'];

/** Creates a group (group null) or renames / re-describes one. */
export function GroupFormDialog({ group, domains, onClose, onSaved }: { group: Group | null; domains: DomainIndex; onClose: () => void; onSaved: () => void }) {
  const [domainId, setDomainId] = useState(group?.domainId ?? domains.roots[0]?.id ?? '');
  const [name, setName] = useState(group?.name ?? '');
  const [description, setDescription] = useState(group?.description ?? '');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = fieldErrorsOf(error);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body = { name: name.trim(), description };
    const request = group
      ? call(api.PATCH('/api/camera-groups/{id}', { params: { path: { id: group.id } }, body }))
      : call(api.POST('/api/camera-groups', { body: { ...body, domainId } }));
    request.then(onSaved, (err: unknown) => {
      setError(err);
      setBusy(false);
    });
  };

  return (
    <Modal title={group ? `Rename ${group.name}` : 'New camera group'} onClose={onClose} testId="group-dialog">
      <form className="form" onSubmit={submit}>
        {!group && (
          <Field label="Domain" error={fields.domainId}>
            {(id) => <DomainSelect id={id} index={domains} value={domainId} onChange={setDomainId} testId="group-domain" />}
          </Field>
        )}
        <Field label="Name" error={fields.name}>
          {(id) => <input id={id} value={name} onChange={(e) => setName(e.target.value)} autoFocus required data-testid="group-name-input" />}
        </Field>
        <Field label="Description" error={fields.description}>
          {(id) => <textarea id={id} rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />}
        </Field>
        <ProblemBanner error={error} />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy || !name.trim() || !domainId} data-testid="group-save">
            {group ? 'Save' : 'Create group'}
          </button>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}
