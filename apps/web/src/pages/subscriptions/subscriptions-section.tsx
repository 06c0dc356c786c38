import { Empty } from '../../components/status';

/** Every console path under /subscriptions… lands here; the section routes its own sub-paths. (Placeholder until built.) */
export function SubscriptionsSection({ path }: { path: string }) {
  return <Empty testId="subscriptions-placeholder">Subscriptions: not built yet ({path}).</Empty>;
}
