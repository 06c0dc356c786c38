// The task list: each task with its per-camera status (state, fps, drops, latency, last error, degraded marker), and templates.
import { useEffect, useState } from 'react';
import { api, call } from '../../lib/api';
import { navigate } from '../../lib/router';
import { useSession } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { PageHeader } from '../../layout/shell';
import { Empty, LoadError, Loading } from '../../components/status';
import { ProblemBanner } from '../../components/form';
import { AnalysisLoadPanel } from './analysis-load-panel';

function TaskStatusRow({ task }: { task: { id: string; enabled: boolean } }) {
  const status = useLoad(() => call(api.GET('/api/tasks/{id}/status', { params: { path: { id: task.id } } })), [task.id, task.enabled]);
  useEffect(() => {
    const timer = window.setInterval(status.reload, 5000);
    return () => window.clearInterval(timer);
  }, [status.reload]);
  const cams = status.data?.cameras ?? [];
  return (
    <>
      {cams.map((c) => (
        <div key={c.cameraId} className={`task-status task-state-${c.state}`} data-testid="task-status" data-state={c.state}>
          <span className="task-state">{c.state}{c.degradedFps !== null ? ` (degraded to ${c.degradedFps} fps)` : ''}</span>
          <span>{c.fpsIn.toFixed(1)}/{c.fpsOut.toFixed(1)} fps</span>
          <span>{c.drops} drops</span>
          <span>{c.inferenceP95Ms !== null ? `p95 ${c.inferenceP95Ms.toFixed(0)} ms` : '–'}</span>
          <span>{c.frameSource ?? ''}</span>
          {c.lastError && <span className="task-error" title={c.lastError}>{c.lastError.slice(0, 80)}</span>}
        </div>
      ))}
    </>
  );
}

export function TaskList() {
  const { can } = useSession();
  const tasks = useLoad(() => call(api.GET('/api/tasks')), []);
  const templates = useLoad(() => call(api.GET('/api/task-templates')), []);
  const cameras = useLoad(() => call(api.GET('/api/cameras', { params: { query: { limit: 2000 } } })), []);
  const [applyTo, setApplyTo] = useState<string[]>([]);
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const manage = can('tasks.manage');

  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      tasks.reload();
    } catch (err) {
      setError(err);
    }
  };
  if (tasks.error) return <LoadError error={tasks.error} />;
  if (!tasks.data) return <Loading />;
  const items = tasks.data.items;
  return (
    <div className="tasks-page">
      <PageHeader title="Analysis tasks" subtitle={`${items.length} tasks, ${items.filter((t) => t.enabled).length} enabled`}
        actions={manage ? <button type="button" className="primary" onClick={() => navigate('/tasks/new')} data-testid="new-task">New task</button> : undefined} />
      <ProblemBanner error={error} />
      <AnalysisLoadPanel names={{
        task: (id) => items.find((t) => t.id === id)?.name ?? id,
        camera: (id) => cameras.data?.items.find((c) => c.id === id)?.name ?? id,
      }} />
      {items.length === 0 ? <Empty testId="tasks-empty">No analysis tasks yet.</Empty> : (
        <table className="tasks-table" data-testid="tasks-table">
          <thead><tr><th>Task</th><th>Cameras</th><th>Status</th><th /></tr></thead>
          <tbody>
            {items.map((t) => (
              <tr key={t.id} data-testid="task-row">
                <td><a href={`/tasks/${t.id}`} onClick={(e) => { e.preventDefault(); navigate(`/tasks/${t.id}`); }}>{t.name}</a><div className="task-meta">{t.rules.rules.length} rules · {t.params.fps} fps · priority {t.priority} · <a href={`/events?task=${t.id}`} onClick={(e) => { e.preventDefault(); navigate(`/events?task=${t.id}`); }} data-testid="task-events">events</a></div></td>
                <td>{t.cameraIds.length}</td>
                <td><TaskStatusRow task={t} /></td>
                <td>{manage && (t.enabled
                  ? <button type="button" onClick={() => void act(() => call(api.POST('/api/tasks/{id}/pause', { params: { path: { id: t.id } } })))}>Pause</button>
                  : <button type="button" onClick={() => void act(() => call(api.POST('/api/tasks/{id}/resume', { params: { path: { id: t.id } } })))}>Resume</button>)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Templates</h2>
      {manage && cameras.data && (
        <div className="task-apply">
          Apply to: {cameras.data.items.map((c) => (
            <label key={c.id}><input type="checkbox" checked={applyTo.includes(c.id)} onChange={(e) => setApplyTo(e.target.checked ? [...applyTo, c.id] : applyTo.filter((x) => x !== c.id))} /> {c.name}</label>
          ))}
        </div>
      )}
      {result && <div className="task-apply-result" data-testid="apply-result">{result}</div>}
      <ul className="task-templates">
        {(templates.data?.items ?? []).map((tpl) => (
          <li key={tpl.id} data-testid="task-template">
            <b>{tpl.name}</b> — {tpl.description}
            {manage && <button type="button" disabled={applyTo.length === 0} onClick={() => void act(async () => {
              const r = await call(api.POST('/api/task-templates/{id}/apply', { params: { path: { id: tpl.id } }, body: { cameraIds: applyTo } }));
              setResult(`${r.created.length} tasks created${r.failed.length ? `; failed: ${r.failed.map((f) => `${f.cameraId} (${f.message})`).join(', ')}` : ''}`);
            })}>Apply to {applyTo.length} cameras</button>}
          </li>
        ))}
      </ul>
    </div>
  );
}
