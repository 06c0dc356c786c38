import { Empty } from '../../components/status';

/** Every console path under /tasks… lands here; the section routes its own sub-paths. (Placeholder until built.) */
export function TasksSection({ path }: { path: string }) {
  return <Empty testId="tasks-placeholder">Analysis tasks: not built yet ({path}).</Empty>;
}
