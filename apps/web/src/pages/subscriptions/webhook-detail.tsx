// One webhook: status, edit, test ping, secret rotation, replay of a time range, delivery log.
import { useEffect, useState } from 'react';
import { api, call } from '../../lib/api';
import { navigate } from '../../lib/router';
import { useLoad } from '../../lib/use-load';
import { formatAgo, formatTime } from '../../lib/format';
import { PageHeader } from '../../layout/shell';
import { Field, Notice, ProblemBanner } from '../../components/form';
import { Empty, LoadError, Loading } from '../../components/status';
import { SecretOnce } from './secret-once';
import { WebhookForm } from './webhook-editor';
import { healthOf, isoFromLocalInput, type Webhook } from './webhook-form';

function DeliveryLog({ id, refresh }: { id: string; refresh: number }) {
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const page = useLoad(() => call(api.GET('/api/subscriptions/webhooks/{id}/deliveries', { params: { path: { id }, query: { limit: 50, ...(cursor ? { cursor } : {}) } } })), [id, refresh, cursor]);
  if (page.error) return <LoadError error={page.error} />;
  if (!page.data) return <Loading />;
  if (page.data.items.length === 0) return <Empty testId="deliveries-empty">No delivery attempts yet.</Empty>;
  return (
    <>
      <table className="table subs-table" data-testid="deliveries-table">
        <thead>
          <tr><th>Time</th><th>Kind</th><th>Event (seq)</th><th>Attempt</th><th>Outcome</th><th>HTTP</th><th>Duration</th><th>Error</th></tr>
        </thead>
        <tbody>
          {page.data.items.map((d) => (
            <tr key={d.id} data-testid="delivery-row" data-outcome={d.outcome} data-kind={d.kind}>
              <td>{formatTime(d.at)}</td>
              <td>{d.kind}</td>
              <td>{d.eventId ? `${d.eventId} (${d.seq})` : '–'}</td>
              <td>{d.attempt}</td>
              <td><span className={`subs-outcome subs-outcome-${d.outcome}`}>{d.outcome}</span></td>
              <td>{d.statusCode ?? '–'}</td>
              <td>{d.durationMs} ms</td>
              <td className="subs-error">{d.error ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="subs-actions">
        {cursor && <button type="button" onClick={() => setCursor(undefined)}>Newest</button>}
        {page.data.nextCursor && <button type="button" onClick={() => setCursor(page.data?.nextCursor ?? undefined)} data-testid="deliveries-older">Older</button>}
      </div>
    </>
  );
}

function ReplayForm({ id, onDone }: { id: string; onDone: (msg: string) => void }) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const r = await call(api.POST('/api/subscriptions/webhooks/{id}/replay', { params: { path: { id } }, body: { from: isoFromLocalInput(from), to: isoFromLocalInput(to) } }));
      onDone(`Replay ${r.replayId} queued (${formatTime(r.from)} – ${formatTime(r.to)}); receivers see kind "replay".`);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="subs-replay" onSubmit={(e) => void submit(e)} data-testid="replay-form">
      <ProblemBanner error={error} testId="replay-problem" />
      <Field label="From">{(fid) => <input id={fid} type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="replay-from" />}</Field>
      <Field label="To">{(fid) => <input id={fid} type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} data-testid="replay-to" />}</Field>
      <button type="submit" data-testid="replay-submit">Replay</button>
    </form>
  );
}

export function WebhookDetail({ webhook, reload }: { webhook: Webhook; reload: () => void }) {
  const [editing, setEditing] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [refresh, setRefresh] = useState(0);
  useEffect(() => {
    const t = window.setInterval(() => {
      reload();
      setRefresh((r) => r + 1);
    }, 5000);
    return () => window.clearInterval(t);
  }, [reload]);
  const act = async (fn: () => Promise<string | null>) => {
    setError(null);
    setNotice(null);
    try {
      const msg = await fn();
      if (msg) setNotice(msg);
      reload();
      setRefresh((r) => r + 1);
    } catch (err) {
      setError(err);
    }
  };
  const id = webhook.id;
  const h = healthOf(webhook);
  const s = webhook.status;
  return (
    <div className="subs-page">
      <PageHeader
        title={`Webhook ${webhook.name}`}
        subtitle={<span className="subs-url">{webhook.url}</span>}
        actions={
          <>
            <button type="button" onClick={() => navigate('/subscriptions')}>All subscriptions</button>
            <button type="button" onClick={() => setEditing((e) => !e)} data-testid="webhook-edit">{editing ? 'Close editor' : 'Edit'}</button>
            <button
              type="button"
              data-testid="webhook-test"
              onClick={() => void act(async () => {
                const r = await call(api.POST('/api/subscriptions/webhooks/{id}/test', { params: { path: { id } } }));
                return r.ok ? `Ping delivered: HTTP ${r.statusCode} in ${r.durationMs} ms` : `Ping failed: ${r.error ?? r.statusCode}`;
              })}
            >
              Send test
            </button>
            <button
              type="button"
              data-testid="webhook-rotate"
              onClick={() => void act(async () => {
                const r = await call(api.POST('/api/subscriptions/webhooks/{id}/rotate-secret', { params: { path: { id } } }));
                setSecret(r.secret);
                return null;
              })}
            >
              Rotate secret
            </button>
            <button
              type="button"
              className="danger"
              data-testid="webhook-delete"
              onClick={() => {
                if (!window.confirm(`Delete webhook ${webhook.name} and its delivery log?`)) return;
                void act(async () => {
                  await call(api.DELETE('/api/subscriptions/webhooks/{id}', { params: { path: { id } } }));
                  navigate('/subscriptions');
                  return null;
                });
              }}
            >
              Delete
            </button>
          </>
        }
      />
      <ProblemBanner error={error} />
      {notice && <Notice testId="webhook-notice">{notice}</Notice>}
      {secret && <section className="subs-card"><SecretOnce secret={secret} /></section>}
      <section className="subs-card" data-testid="webhook-status" data-health={h.kind}>
        <dl className="subs-facts">
          <dt>Status</dt>
          <dd><span className={`subs-health subs-health-${h.kind}`}>{h.label}</span></dd>
          <dt>Backlog</dt>
          <dd>{s.backlog ?? '–'}</dd>
          <dt>Lag</dt>
          <dd>{s.lagSeconds ? `${s.lagSeconds} s` : '–'}</dd>
          <dt>Next attempt</dt>
          <dd>{s.nextAttemptAt ? formatTime(s.nextAttemptAt) : '–'}</dd>
          <dt>Last error</dt>
          <dd className="subs-error">{s.lastError ?? '–'}</dd>
          <dt>Last delivery</dt>
          <dd>{s.lastDelivery ? `${s.lastDelivery.outcome} ${s.lastDelivery.statusCode ?? ''} ${formatAgo(s.lastDelivery.at)}` : '–'}</dd>
          <dt>Cursor</dt>
          <dd>seq {webhook.cursorSeq}{s.replayPending ? ' · replay pending' : ''}</dd>
        </dl>
      </section>
      {editing && (
        <section className="subs-card">
          <WebhookForm webhook={webhook} onSaved={() => { setEditing(false); reload(); }} />
        </section>
      )}
      <section className="subs-card">
        <h2>Replay a time range</h2>
        <ReplayForm id={id} onDone={(msg) => { setNotice(msg); reload(); }} />
      </section>
      <section className="subs-card">
        <h2>Delivery log</h2>
        <DeliveryLog id={id} refresh={refresh} />
      </section>
    </div>
  );
}
