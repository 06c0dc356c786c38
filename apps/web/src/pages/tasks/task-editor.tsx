// Create or change a task: cameras, algorithm parameters, zones and lines drawn on a frame, rules with schedule and cool-down.
import { useState } from 'react';
import type { Schemas } from '@argus/sdk';
import { api, call } from '../../lib/api';
import { navigate } from '../../lib/router';
import { useLoad } from '../../lib/use-load';
import { PageHeader } from '../../layout/shell';
import { LoadError, Loading } from '../../components/status';
import { ProblemBanner } from '../../components/form';
import { checkDraft, ZONE_RULES, type DraftRule, type DraftRuleSet } from './rule-set-draft';
import { ZoneEditor } from './zone-editor';

/** What the editor needs of a stored task. */
interface Task { id: string; name: string; cameraIds: string[]; params: { fps: number; minConfidence: number; keyframesOnly: boolean }; priority: number; rules: unknown }
type RuleSetBody = Schemas['AnalysisTask']['rules'];
const RULE_TYPES: DraftRule['type'][] = ['intrusion', 'crossing', 'loitering', 'counting', 'crowd', 'left_behind', 'removed'];

export function TaskEditor({ task }: { task: Task | null }) {
  const cameras = useLoad(() => call(api.GET('/api/cameras', { params: { query: { limit: 2000 } } })), []);
  const [name, setName] = useState(task?.name ?? '');
  const [cameraIds, setCameraIds] = useState<string[]>(task?.cameraIds ?? []);
  const [fps, setFps] = useState(task?.params.fps ?? 5);
  const [minConfidence, setMinConfidence] = useState(task?.params.minConfidence ?? 0.3);
  const [keyframesOnly, setKeyframesOnly] = useState(task?.params.keyframesOnly ?? false);
  const [priority, setPriority] = useState(task?.priority ?? 5);
  const [rules, setRules] = useState<DraftRuleSet>((task?.rules as DraftRuleSet | undefined) ?? { zones: [], lines: [], rules: [] });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const problems = checkDraft(rules);

  const setRule = (i: number, patch: Partial<DraftRule>) => setRules({ ...rules, rules: rules.rules.map((r, k) => (k === i ? { ...r, ...patch } : r)) });
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const body = { name, cameraIds, params: { fps, minConfidence, keyframesOnly }, priority, rules: rules as unknown as RuleSetBody };
      const saved = task
        ? await call(api.PATCH('/api/tasks/{id}', { params: { path: { id: task.id } }, body }))
        : await call(api.POST('/api/tasks', { body }));
      navigate(`/tasks/${saved.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  if (cameras.error) return <LoadError error={cameras.error} />;
  if (!cameras.data) return <Loading />;
  return (
    <div className="task-editor" data-testid="task-editor">
      <PageHeader title={task ? `Task ${task.name}` : 'New analysis task'}
        actions={task ? <a href={`/events?task=${task.id}`} onClick={(e) => { e.preventDefault(); navigate(`/events?task=${task.id}`); }} data-testid="task-events">Events of this task</a> : undefined} />
      <ProblemBanner error={error} />
      <label>Name <input value={name} onChange={(e) => setName(e.target.value)} data-testid="task-name" /></label>
      <fieldset>
        <legend>Cameras</legend>
        {cameras.data.items.map((c) => (
          <label key={c.id} className="task-camera">
            <input type="checkbox" checked={cameraIds.includes(c.id)} data-testid={`task-camera-${c.name}`}
              onChange={(e) => setCameraIds(e.target.checked ? [...cameraIds, c.id] : cameraIds.filter((x) => x !== c.id))} /> {c.name}
          </label>
        ))}
      </fieldset>
      <fieldset className="task-params">
        <legend>Algorithm: YOLOX-Nano</legend>
        <label>Frames per second <input type="number" min={1} max={15} value={fps} onChange={(e) => setFps(Number(e.target.value))} /></label>
        <label>Minimum confidence <input type="number" min={0.05} max={1} step={0.05} value={minConfidence} onChange={(e) => setMinConfidence(Number(e.target.value))} /></label>
        <label title="Decode only key frames (about one a second): far cheaper per camera, for very many cameras; fps is then at most the camera's key-frame rate">
          <input type="checkbox" checked={keyframesOnly} onChange={(e) => setKeyframesOnly(e.target.checked)} data-testid="task-keyframes-only" /> Key frames only
        </label>
        <label>Priority (share of the detector) <input type="number" min={1} max={10} value={priority} onChange={(e) => setPriority(Number(e.target.value))} /></label>
      </fieldset>
      <fieldset>
        <legend>Zones and lines (drawn on a current frame of the first camera)</legend>
        <ZoneEditor value={rules} onChange={setRules} imageUrl={cameraIds[0] ? `/api/cameras/${cameraIds[0]}/snapshot.jpg` : null} />
      </fieldset>
      <fieldset>
        <legend>Rules</legend>
        {rules.rules.map((r, i) => (
          <div key={i} className="task-rule" data-testid="task-rule">
            <select value={r.type} onChange={(e) => setRule(i, { type: e.target.value as DraftRule['type'] })}>{RULE_TYPES.map((t) => <option key={t}>{t}</option>)}</select>
            {ZONE_RULES.has(r.type) && (
              <select value={r.zone ?? ''} onChange={(e) => setRule(i, { zone: e.target.value })} data-testid="rule-zone">
                <option value="">zone…</option>{rules.zones.map((z) => <option key={z.name}>{z.name}</option>)}
              </select>
            )}
            {r.type === 'crossing' && (
              <select value={r.line ?? ''} onChange={(e) => setRule(i, { line: e.target.value })}>
                <option value="">line…</option>{rules.lines.map((l) => <option key={l.name}>{l.name}</option>)}
              </select>
            )}
            <label>classes <input value={(r.classes ?? ['person']).join(',')} onChange={(e) => setRule(i, { classes: e.target.value.split(',').map((s) => s.trim()).filter(Boolean) })} /></label>
            <label>min s <input type="number" min={0} value={r.minSeconds ?? 0} onChange={(e) => setRule(i, { minSeconds: Number(e.target.value) })} /></label>
            <label>cool-down s <input type="number" min={0} value={r.cooldownSeconds ?? 0} onChange={(e) => setRule(i, { cooldownSeconds: Number(e.target.value) })} /></label>
            <label>schedule
              <select value={r.schedule?.kind === 'windows' ? 'night' : 'always'} onChange={(e) => setRule(i, { schedule: e.target.value === 'night' ? { kind: 'windows', windows: [{ days: [0, 1, 2, 3, 4, 5, 6], start: '20:00', end: '06:00' }] } : { kind: 'always' } })}>
                <option value="always">always</option><option value="night">20:00–06:00 every day</option>
              </select>
            </label>
            <button type="button" onClick={() => setRules({ ...rules, rules: rules.rules.filter((_, k) => k !== i) })}>remove</button>
          </div>
        ))}
        <button type="button" data-testid="add-rule" onClick={() => setRules({ ...rules, rules: [...rules.rules, { type: 'intrusion', zone: rules.zones[0]?.name ?? '', classes: ['person'] }] })}>Add rule</button>
      </fieldset>
      {problems.length > 0 && <ul className="task-problems" data-testid="task-problems">{problems.map((p) => <li key={p.field}>{p.field}: {p.message}</li>)}</ul>}
      <button type="button" className="primary" disabled={busy || problems.length > 0 || cameraIds.length === 0 || name.trim() === ''} onClick={() => void save()} data-testid="task-save">Save task</button>
      {busy && <span>Saving…</span>}
    </div>
  );
}
