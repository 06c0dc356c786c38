import { api, call } from '../../lib/api';
import { useLoad } from '../../lib/use-load';
import { LoadError, Loading } from '../../components/status';
import { WebhooksPage } from './webhooks-page';
import { WebhookEditor } from './webhook-editor';
import { WebhookDetail } from './webhook-detail';
import '../../styles/subscriptions.css';

function Detail({ id }: { id: string }) {
  const hook = useLoad(() => call(api.GET('/api/subscriptions/webhooks/{id}', { params: { path: { id } } })), [id]);
  if (hook.error) return <LoadError error={hook.error} />;
  if (!hook.data) return <Loading />;
  return <WebhookDetail webhook={hook.data} reload={hook.reload} />;
}

/** Every console path under /subscriptions…: the list (+ MQTT card), /subscriptions/webhooks/new, /subscriptions/webhooks/{id}. */
export function SubscriptionsSection({ path }: { path: string }) {
  const rest = path.replace(/^\/subscriptions\/?/, '').replace(/\/$/, '');
  if (rest === '') return <WebhooksPage />;
  if (rest === 'webhooks/new') return <WebhookEditor webhook={null} />;
  const m = /^webhooks\/([^/]+)$/.exec(rest);
  if (m?.[1]) return <Detail id={m[1]} />;
  return <WebhooksPage />;
}
