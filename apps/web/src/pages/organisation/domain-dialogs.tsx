import { useState, type FormEvent } from 'react';
import { api, call, fieldErrorsOf } from '../../lib/api';
import { isWithin, type Domain, type DomainIndex } from '../../lib/domains';
import { DomainSelect } from '../../components/domain-select';
import { Field, ProblemBanner } from '../../components/form';
import { Modal } from '../../components/modal';

interface FormDialogProps {
  mode: 'create' | 'rename';
  /** The parent (create) or the domain itself (rename). */
  domain: Domain;
  onClose: () => void;
  onSaved: (d: Domain) => void;
}

export function DomainFormDialog({ mode, domain, onClose, onSaved }: FormDialogProps) {
  const [name, setName] = useState(mode === 'rename' ? domain.name : '');
  const [description, setDescription] = useState(mode === 'rename' ? domain.description : '');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = fieldErrorsOf(error);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body = { name: name.trim(), description };
    const request =
      mode === 'create'
        ? call(api.POST('/api/domains', { body: { ...body, parentId: domain.id } }))
        : call(api.PATCH('/api/domains/{id}', { params: { path: { id: domain.id } }, body }));
    request.then(onSaved, (err: unknown) => {
      setError(err);
      setBusy(false);
    });
  };

  return (
    <Modal title={mode === 'create' ? `New sub-domain of ${domain.name}` : `Rename ${domain.name}`} onClose={onClose} testId="domain-dialog">
      <form className="form" onSubmit={submit}>
        <Field label="Name" error={fields.name}>
          {(id) => <input id={id} value={name} onChange={(e) => setName(e.target.value)} autoFocus required data-testid="domain-name-input" />}
        </Field>
        <Field label="Description" error={fields.description}>
          {(id) => <textarea id={id} rows={3} value={description} onChange={(e) => setDescription(e.target.value)} data-testid="domain-description-input" />}
        </Field>
        <ProblemBanner error={error} />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy || !name.trim()} data-testid="domain-save">
            {mode === 'create' ? 'Create' : 'Save'}
          </button>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}

export function MoveDomainDialog({ domain, index, onClose, onSaved }: { domain: Domain; index: DomainIndex; onClose: () => void; onSaved: (d: Domain) => void }) {
  const [parentId, setParentId] = useState(domain.parentId ?? '');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const blocked = (id: string) => {
    const d = index.byId.get(id);
    return !d || isWithin(d.path, domain.path);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    call(api.PATCH('/api/domains/{id}', { params: { path: { id: domain.id } }, body: { parentId } })).then(onSaved, (err: unknown) => {
      setError(err);
      setBusy(false);
    });
  };

  return (
    <Modal title={`Move ${domain.name}`} onClose={onClose} testId="domain-move-dialog">
      <form className="form" onSubmit={submit}>
        <p className="muted small">The domain moves with all its sub-domains, cameras and groups. Rights granted above the new place then apply to it.</p>
        <Field label="New parent">
          {(id) => <DomainSelect id={id} index={index} value={parentId} onChange={setParentId} disabled={blocked} testId="domain-move-parent" />}
        </Field>
        <ProblemBanner error={error} />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy || !parentId || parentId === domain.parentId} data-testid="domain-move-save">
            Move
          </button>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}
