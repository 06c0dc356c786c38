import { useEffect, useState } from 'react';
import { api, call } from '../../lib/api';
import { useSubmit } from '../../lib/use-submit';
import { Field } from '../../components/form';
import { FormDialog } from '../../components/form-dialog';

const GB = 1_000_000_000;

/** Hours or GB typed by the user: '' means "no limit at this level" (null). */
function parseLimit(text: string, unit: number): number | null | 'invalid' {
  const t = text.trim();
  if (t === '') return null;
  const n = Number(t);
  if (!Number.isFinite(n) || n <= 0) return 'invalid';
  return Math.round(n * unit);
}

/**
 * Retention defaults of a camera group or a domain. Its cameras use them unless they set their own; a camera in
 * several groups gets the strictest; a domain's defaults also apply to its sub-domains that set none.
 */
export function RetentionDialog({ scope, id, name, onClose }: { scope: 'group' | 'domain'; id: string; name: string; onClose: () => void }) {
  const [age, setAge] = useState('');
  const [size, setSize] = useState('');
  const [loaded, setLoaded] = useState(false);
  const { busy, error, fields, setError, run } = useSubmit();

  useEffect(() => {
    const request =
      scope === 'group'
        ? call(api.GET('/api/camera-groups/{id}/recording-settings', { params: { path: { id } } }))
        : call(api.GET('/api/domains/{id}/recording-settings', { params: { path: { id } } }));
    request.then(
      (p) => {
        setAge(p.maxAgeHours === null ? '' : String(p.maxAgeHours));
        setSize(p.maxBytes === null ? '' : String(p.maxBytes / GB));
        setLoaded(true);
      },
      (err: unknown) => setError(err),
    );
  }, [scope, id]);

  const submit = () => {
    const maxAgeHours = parseLimit(age, 1);
    const maxBytes = parseLimit(size, GB);
    if (maxAgeHours === 'invalid' || maxBytes === 'invalid') {
      setError(new Error('Limits must be positive numbers, or empty for none at this level.'));
      return;
    }
    const body = { maxAgeHours, maxBytes };
    const request =
      scope === 'group'
        ? call(api.PUT('/api/camera-groups/{id}/recording-settings', { params: { path: { id } }, body }))
        : call(api.PUT('/api/domains/{id}/recording-settings', { params: { path: { id } }, body }));
    run(request, onClose);
  };

  return (
    <FormDialog title={`Retention of ${name}`} onClose={onClose} testId="retention-dialog" onSubmit={submit} busy={busy} error={error} submit={{ label: 'Save', disabled: !loaded, testId: 'retention-save' }}>
      <p className="muted">
        {scope === 'group'
          ? 'Defaults for the cameras of this group that set no retention of their own (a camera in several groups keeps the strictest).'
          : 'Defaults for the cameras of this domain and its sub-domains that set none themselves (nor through a group).'}{' '}
        Leave a field empty for no limit at this level.
      </p>
      <Field label="Maximum age (hours)" error={fields.maxAgeHours}>
        {(fid) => <input id={fid} inputMode="numeric" value={age} disabled={!loaded} onChange={(e) => setAge(e.target.value)} data-testid="retention-age" />}
      </Field>
      <Field label="Maximum size per camera (GB)" error={fields.maxBytes}>
        {(fid) => <input id={fid} inputMode="decimal" value={size} disabled={!loaded} onChange={(e) => setSize(e.target.value)} data-testid="retention-size" />}
      </Field>
    </FormDialog>
  );
}
