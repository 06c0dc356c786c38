// Server-wide analysis load on the task list: how busy the shared inference pool is, whether the runtime is
// overloaded and why, which jobs run at a lowered frame rate, and the last degradation changes.
import { useEffect } from 'react';
import { api, call } from '../../lib/api';
import { useLoad } from '../../lib/use-load';

interface Names {
  task: (id: string) => string;
  camera: (id: string) => string;
}

const percent = (share: number | null | undefined): string => (share === null || share === undefined ? '–' : `${Math.round(share * 100)} %`);

export function AnalysisLoadPanel({ names }: { names: Names }) {
  const load = useLoad(() => call(api.GET('/api/analysis/load')), []);
  useEffect(() => {
    const timer = window.setInterval(load.reload, 5000);
    return () => window.clearInterval(timer);
  }, [load.reload]);
  const l = load.data;
  if (!l) return null;
  const det = l.detector;
  return (
    <section className={`analysis-load${l.overloaded ? ' analysis-load-over' : ''}`} data-testid="analysis-load" data-overloaded={l.overloaded ? 'yes' : 'no'}>
      <div className="analysis-load-summary">
        <strong>Inference pool</strong>
        {det ? (
          <>
            <span title={det.name}>{det.name.split(' ')[0]}</span>
            <span>{det.workers} worker{det.workers === 1 ? '' : 's'}</span>
            <span data-testid="analysis-load-busy">busy {percent(det.busyShare)}</span>
            <span>call p95 {det.callMsP95.toFixed(0)} ms</span>
            <span>{det.queued} queued</span>
          </>
        ) : <span>not started (no running task)</span>}
        <span>{l.jobs} job{l.jobs === 1 ? '' : 's'}</span>
        <span className="analysis-load-state">{l.overloaded ? `Overloaded: ${l.reason ?? ''}` : 'Keeping up'}</span>
      </div>
      {l.degraded.length > 0 && (
        <ul className="analysis-load-degraded" data-testid="analysis-load-degraded">
          {l.degraded.map((j) => (
            <li key={`${j.taskId}/${j.cameraId}`}>{names.task(j.taskId)} · {names.camera(j.cameraId)}: {j.fps.toFixed(2)} fps (every {j.stride}th frame)</li>
          ))}
        </ul>
      )}
      {l.changes.length > 0 && (
        <details>
          <summary>Last changes ({l.changes.length})</summary>
          <ul className="analysis-load-changes">
            {l.changes.slice(0, 10).map((c) => (
              <li key={`${c.atMs}-${c.taskId}-${c.cameraId}`}>
                {new Date(c.atMs).toLocaleTimeString()} {names.task(c.taskId)} · {names.camera(c.cameraId)}: every {c.fromStride} → every {c.toStride} frame(s) — {c.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
