// The webhook list with each subscription's delivery status, and the MQTT publisher's card.
import { useEffect } from 'react';
import { api, call } from '../../lib/api';
import { navigate } from '../../lib/router';
import { useLoad } from '../../lib/use-load';
import { formatAgo } from '../../lib/format';
import { PageHeader } from '../../layout/shell';
import { Empty, LoadError, Loading } from '../../components/status';
import { filterSummary, healthOf } from './webhook-form';

function MqttCard() {
  const mqtt = useLoad(() => call(api.GET('/api/subscriptions/mqtt')), []);
  useEffect(() => {
    const t = window.setInterval(mqtt.reload, 5000);
    return () => window.clearInterval(t);
  }, [mqtt.reload]);
  if (mqtt.error) return <LoadError error={mqtt.error} />;
  const s = mqtt.data;
  if (!s) return <Loading />;
  return (
    <section className="subs-card" data-testid="mqtt-card" data-connected={String(s.connected)}>
      <h2>MQTT</h2>
      {!s.enabled ? (
        <p className="subs-muted">Off. Set <code>subscriptions.mqtt.enabled</code> and <code>subscriptions.mqtt.url</code> in the configuration.</p>
      ) : (
        <dl className="subs-facts">
          <dt>Broker</dt>
          <dd>{s.broker}</dd>
          <dt>State</dt>
          <dd><span className={`status ${s.connected ? 'status-on' : 'status-bad'}`}>{s.connected ? 'connected' : 'disconnected'}</span></dd>
          <dt>Topics</dt>
          <dd><code>{s.topicPrefix}/…</code></dd>
          <dt>Last publish</dt>
          <dd>{s.lastPublishAt ? formatAgo(s.lastPublishAt) : '–'}</dd>
          <dt>Backlog</dt>
          <dd data-testid="mqtt-backlog">{s.backlog ?? '–'}</dd>
          <dt>Published</dt>
          <dd>{s.published}</dd>
          {s.lastError && (
            <>
              <dt>Last error</dt>
              <dd className="subs-error">{s.lastError}</dd>
            </>
          )}
        </dl>
      )}
    </section>
  );
}

export function WebhooksPage() {
  const hooks = useLoad(() => call(api.GET('/api/subscriptions/webhooks')), []);
  const cameras = useLoad(() => call(api.GET('/api/cameras', { params: { query: { limit: 2000 } } })), []);
  const domains = useLoad(() => call(api.GET('/api/domains')), []);
  useEffect(() => {
    const t = window.setInterval(hooks.reload, 5000);
    return () => window.clearInterval(t);
  }, [hooks.reload]);
  const camName = (id: string) => cameras.data?.items.find((c) => c.id === id)?.name ?? id;
  const domName = (id: string) => domains.data?.find((d) => d.id === id)?.name ?? id;
  return (
    <div className="subs-page">
      <PageHeader
        title="Subscriptions"
        subtitle="Push events to other systems: signed webhooks with a durable outbox, and MQTT."
        actions={<button type="button" className="primary" onClick={() => navigate('/subscriptions/webhooks/new')} data-testid="new-webhook">New webhook</button>}
      />
      <section className="subs-card">
        <h2>Webhooks</h2>
        {hooks.error ? (
          <LoadError error={hooks.error} />
        ) : !hooks.data ? (
          <Loading />
        ) : hooks.data.items.length === 0 ? (
          <Empty testId="webhooks-empty">No webhooks yet.</Empty>
        ) : (
          <table className="table subs-table" data-testid="webhooks-table">
            <thead>
              <tr><th>Name</th><th>Receives</th><th>Status</th><th>Last delivery</th></tr>
            </thead>
            <tbody>
              {hooks.data.items.map((w) => {
                const h = healthOf(w);
                const last = w.status.lastDelivery;
                return (
                  <tr key={w.id} data-testid="webhook-row" data-health={h.kind}>
                    <td>
                      <a href={`/subscriptions/webhooks/${w.id}`} onClick={(e) => { e.preventDefault(); navigate(`/subscriptions/webhooks/${w.id}`); }}>{w.name}</a>
                      <div className="subs-muted subs-url">{w.url}</div>
                    </td>
                    <td>{filterSummary(w.filters, { camera: camName, domain: domName })}</td>
                    <td><span className={`subs-health subs-health-${h.kind}`} title={w.status.lastError ?? ''}>{h.label}</span></td>
                    <td>{last ? `${last.outcome}${last.statusCode ? ` ${last.statusCode}` : ''}, ${formatAgo(last.at)}` : '–'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      <MqttCard />
    </div>
  );
}
