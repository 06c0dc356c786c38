import { api, call } from '../../lib/api';
import { useLoad } from '../../lib/use-load';
import { LoadError, Loading } from '../../components/status';
import { TaskEditor } from './task-editor';
import { TaskList } from './task-list';
import { TaskRunsPanel } from './task-runs-panel';
import '../../styles/tasks.css';

function EditTask({ id }: { id: string }) {
  const task = useLoad(() => call(api.GET('/api/tasks/{id}', { params: { path: { id } } })), [id]);
  if (task.error) return <LoadError error={task.error} />;
  if (!task.data) return <Loading />;
  return (
    <>
      <TaskEditor key={task.data.id} task={task.data} />
      <TaskRunsPanel task={task.data} />
    </>
  );
}

/** Every console path under /tasks… lands here: /tasks (list, templates), /tasks/new, /tasks/{id} (editor). */
export function TasksSection({ path }: { path: string }) {
  const rest = path.replace(/^\/tasks\/?/, '');
  if (rest === '') return <TaskList />;
  if (rest === 'new') return <TaskEditor task={null} />;
  return <EditTask id={rest.split('/')[0] ?? ''} />;
}
