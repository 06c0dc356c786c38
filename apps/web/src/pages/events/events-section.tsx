import { Empty } from '../../components/status';

/** Every console path under /events… lands here; the section routes its own sub-paths. (Placeholder until built.) */
export function EventsSection({ path }: { path: string }) {
  return <Empty testId="events-placeholder">Events, tickets and reports: not built yet ({path}).</Empty>;
}
