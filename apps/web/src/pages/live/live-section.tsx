import { Empty } from '../../components/status';

/** Every console path under /live… lands here; the section routes its own sub-paths. (Placeholder until built.) */
export function LiveSection({ path }: { path: string }) {
  return <Empty testId="live-placeholder">Live wall: not built yet ({path}).</Empty>;
}
