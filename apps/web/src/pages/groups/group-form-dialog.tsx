import { useState } from 'react';
import type { Schemas } from '@argus/sdk';
import { api, call } from '../../lib/api';
import type { DomainIndex } from '../../lib/domains';
import { useSubmit } from '../../lib/use-submit';
import { DomainSelect } from '../../components/domain-select';
import { Field } from '../../components/form';
import { FormDialog } from '../../components/form-dialog';

type Group = Schemas['CameraGroup'];

/** Creates a group (group null) or renames / re-describes one. */
export function GroupFormDialog({ group, domains, onClose, onSaved }: { group: Group | null; domains: DomainIndex; onClose: () => void; onSaved: () => void }) {
  const [domainId, setDomainId] = useState(group?.domainId ?? domains.roots[0]?.id ?? '');
  const [name, setName] = useState(group?.name ?? '');
  const [description, setDescription] = useState(group?.description ?? '');
  const { busy, error, fields, run } = useSubmit();

  const submit = () => {
    const body = { name: name.trim(), description };
    const request = group
      ? call(api.PATCH('/api/camera-groups/{id}', { params: { path: { id: group.id } }, body }))
      : call(api.POST('/api/camera-groups', { body: { ...body, domainId } }));
    run(request, onSaved);
  };

  return (
    <FormDialog
      title={group ? `Rename ${group.name}` : 'New camera group'}
      onClose={onClose}
      testId="group-dialog"
      onSubmit={submit}
      busy={busy}
      error={error}
      submit={{ label: group ? 'Save' : 'Create group', disabled: !name.trim() || !domainId, testId: 'group-save' }}
    >
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
    </FormDialog>
  );
}
