import { useState } from 'react';
import { api, call } from '../../lib/api';
import { isWithin, type Domain, type DomainIndex } from '../../lib/domains';
import { useSubmit } from '../../lib/use-submit';
import { DomainSelect } from '../../components/domain-select';
import { Field } from '../../components/form';
import { FormDialog } from '../../components/form-dialog';

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
  const { busy, error, fields, run } = useSubmit();

  const submit = () => {
    const body = { name: name.trim(), description };
    const request =
      mode === 'create'
        ? call(api.POST('/api/domains', { body: { ...body, parentId: domain.id } }))
        : call(api.PATCH('/api/domains/{id}', { params: { path: { id: domain.id } }, body }));
    run(request, onSaved);
  };

  return (
    <FormDialog
      title={mode === 'create' ? `New sub-domain of ${domain.name}` : `Rename ${domain.name}`}
      onClose={onClose}
      testId="domain-dialog"
      onSubmit={submit}
      busy={busy}
      error={error}
      submit={{ label: mode === 'create' ? 'Create' : 'Save', disabled: !name.trim(), testId: 'domain-save' }}
    >
      <Field label="Name" error={fields.name}>
        {(id) => <input id={id} value={name} onChange={(e) => setName(e.target.value)} autoFocus required data-testid="domain-name-input" />}
      </Field>
      <Field label="Description" error={fields.description}>
        {(id) => <textarea id={id} rows={3} value={description} onChange={(e) => setDescription(e.target.value)} data-testid="domain-description-input" />}
      </Field>
    </FormDialog>
  );
}

export function MoveDomainDialog({ domain, index, onClose, onSaved }: { domain: Domain; index: DomainIndex; onClose: () => void; onSaved: (d: Domain) => void }) {
  const [parentId, setParentId] = useState(domain.parentId ?? '');
  const { busy, error, run } = useSubmit();
  const blocked = (id: string) => {
    const d = index.byId.get(id);
    return !d || isWithin(d.path, domain.path);
  };
  const submit = () => run(call(api.PATCH('/api/domains/{id}', { params: { path: { id: domain.id } }, body: { parentId } })), onSaved);

  return (
    <FormDialog
      title={`Move ${domain.name}`}
      onClose={onClose}
      testId="domain-move-dialog"
      onSubmit={submit}
      busy={busy}
      error={error}
      submit={{ label: 'Move', disabled: !parentId || parentId === domain.parentId, testId: 'domain-move-save' }}
    >
      <p className="muted small">The domain moves with all its sub-domains, cameras and groups. Rights granted above the new place then apply to it.</p>
      <Field label="New parent">
        {(id) => <DomainSelect id={id} index={index} value={parentId} onChange={setParentId} disabled={blocked} testId="domain-move-parent" />}
      </Field>
    </FormDialog>
  );
}
