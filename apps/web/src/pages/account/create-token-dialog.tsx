import { useState, type FormEvent } from 'react';
import { api, call } from '../../lib/api';
import { loadDomains } from '../../lib/domains';
import { useLoad } from '../../lib/use-load';
import { useSubmit } from '../../lib/use-submit';
import { CopyButton } from '../../components/copy-button';
import { DomainSelect } from '../../components/domain-select';
import { Field, Notice, Options, ProblemBanner } from '../../components/form';
import { FormActions } from '../../components/form-dialog';
import { Modal } from '../../components/modal';
import { Loading } from '../../components/status';
import type { Role } from '../users/grants-editor';

const EXPIRY = [
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 365, label: '1 year' },
  { days: 0, label: 'Never' },
];

/** Creates a token and shows its secret exactly once, with a copy button. */
export function CreateTokenDialog({ onClose }: { onClose: (created: boolean) => void }) {
  const domains = useLoad(loadDomains, []);
  const roles = useLoad(() => call(api.GET('/api/roles')), []);
  const [name, setName] = useState('');
  const [domainId, setDomainId] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [days, setDays] = useState(90);
  const [secret, setSecret] = useState<string | null>(null);
  const { busy, error, fields, run } = useSubmit();
  const chosenDomain = domainId || domains.data?.roots[0]?.id || '';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = { name: name.trim(), domainId: chosenDomain, role, ...(days > 0 ? { expiresInDays: days } : {}) };
    run(call(api.POST('/api/tokens', { body })), (r) => setSecret(r.token));
  };

  if (secret) {
    return (
      <Modal title="Token created" onClose={() => onClose(true)} testId="token-secret-dialog" footer={<button type="button" className="btn btn-primary" onClick={() => onClose(true)} data-testid="token-secret-done">I have copied it</button>}>
        <Notice kind="warn">Copy the token now. It is shown only this once; Argus keeps only a hash of it.</Notice>
        <div className="secret-box">
          <code data-testid="token-secret">{secret}</code>
          <CopyButton text={secret} testId="token-copy" />
        </div>
      </Modal>
    );
  }
  const domainIndex = domains.data;
  const roleList = roles.data;
  return (
    <Modal title="New API token" onClose={() => onClose(false)} testId="token-dialog">
      {!domainIndex || !roleList ? (
        <Loading />
      ) : (
        <form className="form" onSubmit={submit}>
          <Field label="Name" error={fields.name} hint="What uses it, e.g. “NVR sync script”">
            {(id) => <input id={id} value={name} onChange={(e) => setName(e.target.value)} required autoFocus data-testid="token-name" />}
          </Field>
          <div className="grid-2">
            <Field label="Domain" error={fields.domainId}>
              {(id) => <DomainSelect id={id} index={domainIndex} value={chosenDomain} onChange={setDomainId} testId="token-domain" />}
            </Field>
            <Field label="Role" error={fields.role} hint={roleList.find((r) => r.role === role)?.description}>
              {(id) => (
                <select id={id} value={role} onChange={(e) => setRole(e.target.value as Role)} data-testid="token-role">
                  <Options items={roleList} value={(r) => r.role} label={(r) => r.role} />
                </select>
              )}
            </Field>
          </div>
          <Field label="Expires after" error={fields.expiresInDays}>
            {(id) => (
              <select id={id} value={days} onChange={(e) => setDays(Number(e.target.value))} data-testid="token-expiry">
                <Options items={EXPIRY} value={(x) => x.days} label={(x) => x.label} />
              </select>
            )}
          </Field>
          <ProblemBanner error={error} />
          <FormActions submit={{ label: 'Create token', disabled: !name.trim(), testId: 'token-save' }} busy={busy} onCancel={() => onClose(false)} />
        </form>
      )}
    </Modal>
  );
}
