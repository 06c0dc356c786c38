// Offline runs of a task: the "Run offline" dialog and the runs table (progress, state, events, cancel), newest first.
import { useEffect, useState } from 'react';
import { api, call } from '../../lib/api';
import { navigate } from '../../lib/router';
import { useSession } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Empty, LoadError, Loading } from '../../components/status';
import { ProblemBanner } from '../../components/form';
import { RunOfflineDialog } from './run-offline-dialog';
import { runEventsHref, runSourceText } from './task-runs-view';

export function TaskRunsPanel({ task }: { task: { id: string; cameraIds: string[] } }) {
  const { can } = useSession();
  const manage = can('tasks.manage');
  const runs = useLoad(() => call(api.GET('/api/tasks/{id}/runs', { params: { path: { id: task.id }, query: { limit: 20 } } })), [task.id]);
  const cameras = useLoad(() => call(api.GET('/api/cameras', { params: { query: { limit: 2000 } } })), []);
  const [dialog, setDialog] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const items = runs.data?.items ?? [];
  const running = items.some((r) => r.state === 'running');
  useEffect(() => {
    if (!running) return undefined;
    const timer = window.setInterval(runs.reload, 2000);
    return () => window.clearInterval(timer);
  }, [running, runs.reload]);

  const names = new Map((cameras.data?.items ?? []).map((c) => [c.id, c.name]));
  const taskCameras = task.cameraIds.map((id) => ({ id, name: names.get(id) ?? id }));
  const cancel = (id: string) => {
    setError(null);
    call(api.POST('/api/task-runs/{id}/cancel', { params: { path: { id } } })).then(runs.reload, setError);
  };

  return (
    <section className="task-runs" data-testid="task-runs">
      <h2>Offline runs</h2>
      {manage && <button type="button" onClick={() => setDialog(true)} data-testid="run-offline">Run offline</button>}
      <ProblemBanner error={error} />
      {runs.error ? <LoadError error={runs.error} /> : !runs.data ? <Loading /> : items.length === 0 ? <Empty testId="task-runs-empty">No offline runs yet.</Empty> : (
        <table className="tasks-table" data-testid="task-runs-table">
          <thead><tr><th>Started</th><th>Camera</th><th>Source</th><th>Progress</th><th>State</th><th>Events</th><th /></tr></thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id} data-testid="task-run-row" data-state={r.state}>
                <td>{new Date(r.startedAtMs).toLocaleString()}<div className="task-meta">by {r.createdBy.name}</div></td>
                <td>{names.get(r.cameraId) ?? r.cameraId}</td>
                <td>{runSourceText(r)}</td>
                <td><progress max={1} value={r.progress} /> {Math.round(r.progress * 100)}%</td>
                <td className={`task-state-${r.state === 'failed' ? 'failing' : r.state === 'done' ? 'running' : 'stopped'}`}>
                  <span className="task-state">{r.state}</span>
                  {r.error && <div className="task-error" title={r.error}>{r.error.slice(0, 120)}</div>}
                </td>
                <td><a href={runEventsHref(r)} onClick={(e) => { e.preventDefault(); navigate(runEventsHref(r)); }}>{r.events}</a></td>
                <td>{manage && r.state === 'running' && <button type="button" onClick={() => cancel(r.id)} data-testid="task-run-cancel">Cancel</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {dialog && <RunOfflineDialog taskId={task.id} cameras={taskCameras} onClose={(started) => { setDialog(false); if (started) runs.reload(); }} />}
    </section>
  );
}
