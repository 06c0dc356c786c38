import type { Schemas } from '@argus/sdk';
import { isWithin, type DomainIndex } from '../../lib/domains';
import { DomainSelect } from '../../components/domain-select';
import { Field, Options } from '../../components/form';
import { errorFor, type CameraForm, type Kind } from './camera-form';
import { KINDS } from './camera-filters';
import { PasswordField } from './password-field';

interface FieldsProps {
  form: CameraForm;
  errors: Record<string, string>;
  domains: DomainIndex;
  groups: Array<Schemas['CameraGroup']>;
  hasPassword: boolean;
  onChange: (patch: Partial<CameraForm>) => void;
}

const URL_HINT: Record<Kind, string> = {
  rtsp: 'rtsp://host:554/path — credentials go in the fields below',
  rtmp: 'rtmp://host/app/stream',
  http: 'http(s):// HLS, MJPEG or MP4 URL',
  file: 'A path on the server, e.g. /srv/clips/door.mp4',
};

/** The editor's sections: general, streams, location, tags and groups. */
export function CameraFormFields({ form, errors, domains, groups, hasPassword, onChange }: FieldsProps) {
  const err = (f: string) => errorFor(errors, f);
  const domainPath = domains.byId.get(form.domainId)?.path ?? '';
  const eligible = groups.filter((g) => {
    const gp = domains.byId.get(g.domainId)?.path;
    return gp !== undefined && domainPath !== '' && isWithin(domainPath, gp);
  });
  const toggleGroup = (id: string, on: boolean) => onChange({ groupIds: on ? [...form.groupIds, id] : form.groupIds.filter((g) => g !== id) });
  return (
    <>
      <fieldset className="form-section">
        <legend>General</legend>
        <div className="grid-2">
          <Field label="Name" error={err('name')}>
            {(id) => <input id={id} value={form.name} onChange={(e) => onChange({ name: e.target.value })} required data-testid="camera-name-input" />}
          </Field>
          <Field label="Domain" error={err('domainId')}>
            {(id) => <DomainSelect id={id} index={domains} value={form.domainId} onChange={(d) => onChange({ domainId: d })} emptyLabel="Choose a domain…" testId="camera-domain" />}
          </Field>
          <Field label="Kind" error={err('kind')}>
            {(id) => (
              <select id={id} value={form.kind} onChange={(e) => onChange({ kind: e.target.value as Kind })} data-testid="camera-kind">
                <Options items={KINDS} value={(k) => k} label={(k) => k.toUpperCase()} />
              </select>
            )}
          </Field>
          <Field label="Status" error={err('enabled')}>
            {(id) => (
              <label className="check">
                <input id={id} type="checkbox" checked={form.enabled} onChange={(e) => onChange({ enabled: e.target.checked })} data-testid="camera-enabled-input" />
                Enabled (recorded and analysed)
              </label>
            )}
          </Field>
        </div>
        <Field label="Description" error={err('description')}>
          {(id) => <textarea id={id} rows={2} value={form.description} onChange={(e) => onChange({ description: e.target.value })} data-testid="camera-description" />}
        </Field>
      </fieldset>
      <fieldset className="form-section">
        <legend>Streams</legend>
        <Field label="Main stream URL" error={err('mainUrl')} hint={URL_HINT[form.kind]}>
          {(id) => <input id={id} value={form.mainUrl} onChange={(e) => onChange({ mainUrl: e.target.value })} required spellCheck={false} data-testid="camera-main-url" />}
        </Field>
        <Field label="Sub stream URL (optional)" error={err('subUrl')} hint="A lower-resolution stream for grids and analysis">
          {(id) => <input id={id} value={form.subUrl} onChange={(e) => onChange({ subUrl: e.target.value })} spellCheck={false} data-testid="camera-sub-url" />}
        </Field>
        <div className="grid-2">
          <Field label="User name" error={err('username')}>
            {(id) => <input id={id} value={form.username} onChange={(e) => onChange({ username: e.target.value })} autoComplete="off" data-testid="camera-username" />}
          </Field>
          <Field label="Password" error={err('password')} hint="Write-only: stored encrypted, never shown">
            {(id) => <PasswordField id={id} form={form} hasPassword={hasPassword} onChange={onChange} />}
          </Field>
        </div>
      </fieldset>
      <fieldset className="form-section">
        <legend>Location</legend>
        <div className="grid-3">
          <Field label="Latitude" error={err('location.latitude')}>
            {(id) => <input id={id} inputMode="decimal" value={form.latitude} onChange={(e) => onChange({ latitude: e.target.value })} placeholder="51.5072" data-testid="camera-latitude" />}
          </Field>
          <Field label="Longitude" error={err('location.longitude')}>
            {(id) => <input id={id} inputMode="decimal" value={form.longitude} onChange={(e) => onChange({ longitude: e.target.value })} placeholder="-0.1276" data-testid="camera-longitude" />}
          </Field>
          <Field label="Address" error={err('location.address')}>
            {(id) => <input id={id} value={form.address} onChange={(e) => onChange({ address: e.target.value })} data-testid="camera-address" />}
          </Field>
        </div>
      </fieldset>
      <fieldset className="form-section">
        <legend>Tags and groups</legend>
        <Field label="Tags" error={err('tags')} hint="Separate with commas, e.g. entrance, outdoor">
          {(id) => <input id={id} value={form.tags} onChange={(e) => onChange({ tags: e.target.value })} data-testid="camera-tags" />}
        </Field>
        <div className="field">
          <span className="label">Groups</span>
          {eligible.length === 0 ? (
            <div className="field-hint">No groups in this domain or above it.</div>
          ) : (
            <div className="check-list" data-testid="camera-groups">
              {eligible.map((g) => (
                <label key={g.id} className="check">
                  <input type="checkbox" checked={form.groupIds.includes(g.id)} onChange={(e) => toggleGroup(g.id, e.target.checked)} />
                  {g.name} <span className="muted">· {g.domainName}</span>
                </label>
              ))}
            </div>
          )}
          {err('groupIds') && <div className="field-error">{err('groupIds')}</div>}
        </div>
      </fieldset>
    </>
  );
}
