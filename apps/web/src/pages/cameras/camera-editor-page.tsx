import { useEffect, useState, type FormEvent } from 'react';
import type { Schemas } from '@argus/sdk';
import { api, call } from '../../lib/api';
import { loadDomains, type DomainIndex } from '../../lib/domains';
import { Link, navigate, setQuery, useLocation } from '../../lib/router';
import { useSession } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { useSubmit } from '../../lib/use-submit';
import { PageHeader } from '../../layout/shell';
import { ConfirmDialog } from '../../components/confirm';
import { Notice, ProblemBanner } from '../../components/form';
import { LoadError, Loading } from '../../components/status';
import { emptyForm, formOf, toBody, type CameraForm } from './camera-form';
import { CameraFormFields } from './camera-form-fields';
import { ProbePanel } from './probe-panel';

type Camera = Schemas['Camera'];
type Group = Schemas['CameraGroup'];

interface Loaded {
  camera: Camera | null;
  domains: DomainIndex;
  groups: Group[];
}

/** Create (id null) or edit a camera; the stream check sits beside the form. */
export function CameraEditorPage({ id }: { id: string | null }) {
  const loaded = useLoad<Loaded>(async () => {
    const [camera, domains, groups] = await Promise.all([
      id ? call(api.GET('/api/cameras/{id}', { params: { path: { id } } })) : Promise.resolve(null),
      loadDomains(),
      call(api.GET('/api/camera-groups')),
    ]);
    return { camera, domains, groups };
  }, [id]);
  if (loaded.error) {
    return (
      <div className="page">
        <PageHeader title="Camera" subtitle={<Link to="/cameras">← Cameras</Link>} />
        <LoadError error={loaded.error} />
      </div>
    );
  }
  if (!loaded.data) return <Loading />;
  return <Editor {...loaded.data} />;
}

function Editor({ camera: initial, domains, groups }: Loaded) {
  const { can } = useSession();
  const { query } = useLocation();
  const [camera, setCamera] = useState(initial);
  const defaultDomain = query.get('domainId') ?? (domains.roots.length === 1 ? (domains.roots[0]?.id ?? '') : '');
  const [baseline, setBaseline] = useState<CameraForm>(() => (initial ? formOf(initial) : emptyForm(defaultDomain)));
  const [form, setForm] = useState<CameraForm>(baseline);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const { busy, error, fields, setError, run } = useSubmit({ repeatable: true });
  const [saved, setSaved] = useState<string | null>(query.get('created') ? 'Camera created. Probe it to check the stream.' : null);
  const [deleting, setDeleting] = useState(false);
  const canManage = can('cameras.manage');
  const dirty = JSON.stringify(form) !== JSON.stringify(baseline);

  useEffect(() => {
    if (query.get('created')) setQuery({ created: undefined });
  }, [query]);

  useEffect(() => {
    if (!saved) return undefined;
    const t = setTimeout(() => setSaved(null), 6000);
    return () => clearTimeout(t);
  }, [saved]);

  const change = (patch: Partial<CameraForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setSaved(null);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const { body, errors } = toBody(form, !camera);
    setLocalErrors(errors);
    setError(null);
    if (Object.keys(errors).length > 0) return;
    const request = camera ? call(api.PATCH('/api/cameras/{id}', { params: { path: { id: camera.id } }, body })) : call(api.POST('/api/cameras', { body }));
    run(request, (c) => {
      if (!camera) return navigate(`/cameras/${c.id}?created=1`, { replace: true });
      setCamera(c);
      const f = formOf(c);
      setBaseline(f);
      setForm(f);
      setSaved('Saved.');
    });
  };

  const errors = { ...fields, ...localErrors };
  const title = camera ? camera.name : 'New camera';
  return (
    <div className="page page-editor">
      <PageHeader
        title={title}
        subtitle={
          <>
            <Link to="/cameras">← Cameras</Link>
            {camera && <span className="muted"> · {camera.domainName} · id {camera.id}</span>}
          </>
        }
        actions={
          camera && canManage ? (
            <button type="button" className="btn btn-quiet-danger" onClick={() => setDeleting(true)} data-testid="camera-delete-editor">
              Delete
            </button>
          ) : null
        }
      />
      <div className="editor-layout">
        <form className="form panel editor-form" onSubmit={submit} data-testid="camera-editor" noValidate>
          <fieldset disabled={!canManage} className="plain">
            <CameraFormFields form={form} errors={errors} domains={domains} groups={groups} hasPassword={camera?.hasPassword ?? false} onChange={change} />
          </fieldset>
          <ProblemBanner error={error} testId="camera-save-error" />
          {saved && <Notice testId="camera-saved">{saved}</Notice>}
          {canManage && (
            <div className="form-actions">
              <button type="submit" className="btn btn-primary" disabled={busy || (camera !== null && !dirty)} data-testid="camera-save">
                {busy ? 'Saving…' : camera ? 'Save changes' : 'Create camera'}
              </button>
              <button type="button" className="btn" onClick={() => (dirty && camera ? setForm(baseline) : navigate('/cameras'))}>
                {dirty && camera ? 'Discard changes' : 'Cancel'}
              </button>
            </div>
          )}
        </form>
        <ProbePanel camera={camera} canProbe={can('cameras.probe')} dirty={dirty} onProbed={(p) => setCamera((c) => (c ? { ...c, lastProbe: p } : c))} />
      </div>
      {deleting && camera && (
        <ConfirmDialog
          title="Delete camera"
          confirmLabel="Delete camera"
          danger
          action={() => call(api.DELETE('/api/cameras/{id}', { params: { path: { id: camera.id } } }))}
          onDone={() => navigate('/cameras')}
          onCancel={() => setDeleting(false)}
        >
          Delete <strong>{camera.name}</strong>? Its settings are removed for good.
        </ConfirmDialog>
      )}
    </div>
  );
}
