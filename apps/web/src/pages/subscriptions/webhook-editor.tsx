// Create or edit a webhook: name, URL, enabled, filters (domains, cameras, rules, types, classes, severity), start point.
import { useState } from 'react';
import { api, call } from '../../lib/api';
import { navigate } from '../../lib/router';
import { useLoad } from '../../lib/use-load';
import { useSubmit } from '../../lib/use-submit';
import { PageHeader } from '../../layout/shell';
import { Field, ProblemBanner } from '../../components/form';
import { SecretOnce } from './secret-once';
import { createBodyOf, EMPTY_FORM, formOf, formProblems, patchBodyOf, SEVERITIES, type Severity, type Webhook, type WebhookFormState } from './webhook-form';

function selected(e: React.ChangeEvent<HTMLSelectElement>): string[] {
  return [...e.target.selectedOptions].map((o) => o.value);
}

export function WebhookForm({ webhook, onSaved }: { webhook: Webhook | null; onSaved: (w: Webhook, secret: string | null) => void }) {
  const [form, setForm] = useState<WebhookFormState>(webhook ? formOf(webhook) : EMPTY_FORM);
  const [local, setLocal] = useState<Record<string, string>>({});
  const { busy, error, fields, setError, run } = useSubmit({ repeatable: true });
  // The form's own checks, else the server's field errors (there are none of those when the form's checks fail).
  const problems = { ...fields, ...local };
  const cameras = useLoad(() => call(api.GET('/api/cameras', { params: { query: { limit: 2000 } } })), []);
  const domains = useLoad(() => call(api.GET('/api/domains')), []);
  const set = (patch: Partial<WebhookFormState>) => setForm((f) => ({ ...f, ...patch }));

  const save = (e: React.FormEvent) => {
    e.preventDefault();
    const found = formProblems(form);
    setLocal(found);
    setError(null);
    if (Object.keys(found).length) return;
    if (webhook) run(call(api.PATCH('/api/subscriptions/webhooks/{id}', { params: { path: { id: webhook.id } }, body: patchBodyOf(form) })), (w) => onSaved(w, null));
    else run(call(api.POST('/api/subscriptions/webhooks', { body: createBodyOf(form) })), (created) => onSaved(created.webhook, created.secret));
  };

  return (
    <form className="subs-form" onSubmit={save} data-testid="webhook-form">
      <ProblemBanner error={error} />
      <Field label="Name" error={problems.name}>{(id) => <input id={id} value={form.name} onChange={(e) => set({ name: e.target.value })} data-testid="webhook-name" />}</Field>
      <Field label="URL" error={problems.url} hint="http(s) only; link-local, metadata and (unless allowed in the configuration) private addresses are refused">
        {(id) => <input id={id} value={form.url} onChange={(e) => set({ url: e.target.value })} placeholder="https://example.com/argus-hook" data-testid="webhook-url" />}
      </Field>
      <label className="subs-check"><input type="checkbox" checked={form.enabled} onChange={(e) => set({ enabled: e.target.checked })} data-testid="webhook-enabled" /> Enabled</label>
      <fieldset className="subs-filters">
        <legend>Filters (empty = everything)</legend>
        <Field label="Domains" error={problems['filters.domainIds']}>
          {(id) => (
            <select id={id} multiple value={form.domainIds} onChange={(e) => set({ domainIds: selected(e) })} data-testid="webhook-domains">
              {(domains.data ?? []).map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
            </select>
          )}
        </Field>
        <label className="subs-check"><input type="checkbox" checked={form.includeSubdomains} onChange={(e) => set({ includeSubdomains: e.target.checked })} /> Include sub-domains</label>
        <Field label="Cameras" error={problems['filters.cameraIds']}>
          {(id) => (
            <select id={id} multiple value={form.cameraIds} onChange={(e) => set({ cameraIds: selected(e) })} data-testid="webhook-cameras">
              {(cameras.data?.items ?? []).map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </select>
          )}
        </Field>
        <Field label="Event types" error={problems.types} hint="e.g. intrusion, crossing, loitering">
          {(id) => <input id={id} value={form.types} onChange={(e) => set({ types: e.target.value })} data-testid="webhook-types" />}
        </Field>
        <Field label="Object classes" error={problems.classes} hint="e.g. person, car">
          {(id) => <input id={id} value={form.classes} onChange={(e) => set({ classes: e.target.value })} data-testid="webhook-classes" />}
        </Field>
        <Field label="Rule ids">{(id) => <input id={id} value={form.ruleIds} onChange={(e) => set({ ruleIds: e.target.value })} />}</Field>
        <Field label="Minimum severity">
          {(id) => (
            <select id={id} value={form.minSeverity} onChange={(e) => set({ minSeverity: e.target.value as Severity | '' })} data-testid="webhook-severity">
              <option value="">any</option>
              {SEVERITIES.map((s) => <option key={s} value={s}>{s}</option>)}
            </select>
          )}
        </Field>
      </fieldset>
      {!webhook && (
        <Field label="Start with">
          {(id) => (
            <select id={id} value={form.startFrom} onChange={(e) => set({ startFrom: e.target.value as 'now' | 'all' })}>
              <option value="now">events from now on</option>
              <option value="all">every stored event</option>
            </select>
          )}
        </Field>
      )}
      <div className="subs-actions">
        <button type="submit" className="primary" disabled={busy} data-testid="webhook-save">{webhook ? 'Save' : 'Create'}</button>
        <button type="button" onClick={() => navigate('/subscriptions')}>Cancel</button>
      </div>
    </form>
  );
}

/** /subscriptions/webhooks/new: the form, then the secret (shown once). */
export function WebhookEditor({ webhook }: { webhook: Webhook | null }) {
  const [created, setCreated] = useState<{ webhook: Webhook; secret: string } | null>(null);
  return (
    <div className="subs-page">
      <PageHeader title={webhook ? `Webhook ${webhook.name}` : 'New webhook'} />
      {created ? (
        <section className="subs-card">
          <SecretOnce secret={created.secret} />
          <button type="button" className="primary" onClick={() => navigate(`/subscriptions/webhooks/${created.webhook.id}`)} data-testid="webhook-open">Open the webhook</button>
        </section>
      ) : (
        <section className="subs-card">
          <WebhookForm webhook={webhook} onSaved={(w, secret) => (secret ? setCreated({ webhook: w, secret }) : navigate(`/subscriptions/webhooks/${w.id}`))} />
        </section>
      )}
    </div>
  );
}
