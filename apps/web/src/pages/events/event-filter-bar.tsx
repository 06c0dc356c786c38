// The filter bar of the event list: time range (presets or custom), cameras, domain, type, task, rule, class, state,
// severity.
import { useEffect, useState, type FormEvent } from 'react';
import type { Schemas } from '@argus/sdk';
import { DomainSelect } from '../../components/domain-select';
import { Options } from '../../components/form';
import type { DomainIndex } from '../../lib/domains';
import { activeFilterCount, DEFAULT_FILTER, RANGE_PRESETS, type EventFilter, type RangePreset } from './event-filters';
import { SEVERITIES, STATES } from './event-types';
import { STATE_LABEL } from './review-actions';

type Camera = Schemas['Camera'];
/** A task as the filter offers it (the tasks the user may read). */
export interface TaskChoice {
  id: string;
  name: string;
}

const TYPES = ['intrusion', 'crossing', 'loitering', 'crowd', 'counting', 'left_behind', 'removed'];
const CLASSES = ['person', 'car', 'truck', 'bicycle', 'motorcycle', 'bus', 'dog', 'cat'];

// datetime-local values are local time.
const toLocal = (ms: number | null): string => (ms === null ? '' : new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16));
const fromLocal = (v: string): number | null => {
  if (!v) return null;
  const t = new Date(v).getTime();
  return Number.isNaN(t) ? null : t;
};

interface Props {
  value: EventFilter;
  cameras: Camera[];
  tasks: TaskChoice[];
  domains: DomainIndex | undefined;
  onApply: (f: EventFilter) => void;
}

interface SuggestFieldProps {
  label: string;
  listId: string;
  suggestions: readonly string[];
  value: string;
  onChange: (value: string) => void;
  size: number;
  testId: string;
}

/** Free text with the browser's suggestions of common values ("any" when empty). */
function SuggestField({ label, listId, suggestions, value, onChange, size, testId }: SuggestFieldProps) {
  return (
    <label className="toolbar-label">
      {label}
      <input list={listId} value={value} onChange={(e) => onChange(e.target.value)} placeholder="any" size={size} data-testid={testId} />
      <datalist id={listId}>
        <Options items={suggestions} value={(t) => t} />
      </datalist>
    </label>
  );
}

export function EventFilterBar({ value, cameras, tasks, domains, onApply }: Props) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const set = (patch: Partial<EventFilter>, apply = false) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    if (apply) onApply(next);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply({ ...draft, type: draft.type.trim().toLowerCase().replace(/\s+/g, '_'), ruleId: draft.ruleId.trim(), className: draft.className.trim() });
  };
  const count = activeFilterCount(value);
  return (
    <form className="toolbar ev-filters" onSubmit={submit} data-testid="event-filters">
      <label className="toolbar-label">
        Time
        <select value={draft.range} onChange={(e) => set({ range: e.target.value as RangePreset }, e.target.value !== 'custom')} data-testid="filter-range">
          <Options items={RANGE_PRESETS} value={(p) => p.value} label={(p) => p.label} />
        </select>
      </label>
      {draft.range === 'custom' && (
        <>
          <label className="toolbar-label">
            From
            <input type="datetime-local" value={toLocal(draft.fromMs)} onChange={(e) => set({ fromMs: fromLocal(e.target.value) })} data-testid="filter-from" />
          </label>
          <label className="toolbar-label">
            To
            <input type="datetime-local" value={toLocal(draft.toMs)} onChange={(e) => set({ toMs: fromLocal(e.target.value) })} data-testid="filter-to" />
          </label>
        </>
      )}
      <label className="toolbar-label">
        Camera
        <select value={draft.cameraIds[0] ?? ''} onChange={(e) => set({ cameraIds: e.target.value ? [e.target.value] : [] }, true)} data-testid="filter-camera">
          <option value="">All cameras</option>
          {draft.cameraIds.length > 1 && <option value={draft.cameraIds[0]}>{draft.cameraIds.length} cameras</option>}
          <Options items={cameras} value={(c) => c.id} label={(c) => c.name} />
        </select>
      </label>
      {domains && (
        <label className="toolbar-label">
          Domain
          <DomainSelect index={domains} value={draft.domainId} onChange={(d) => set({ domainId: d }, true)} emptyLabel="All domains" testId="filter-domain" />
        </label>
      )}
      <SuggestField label="Type" listId="ev-types" suggestions={TYPES} value={draft.type} onChange={(type) => set({ type })} size={10} testId="filter-type" />
      <label className="toolbar-label">
        Task
        <select value={draft.taskId} onChange={(e) => set({ taskId: e.target.value }, true)} data-testid="filter-task">
          <option value="">All tasks</option>
          {draft.taskId !== '' && !tasks.some((t) => t.id === draft.taskId) && <option value={draft.taskId}>{draft.taskId}</option>}
          <Options items={tasks} value={(t) => t.id} label={(t) => t.name} />
        </select>
      </label>
      <label className="toolbar-label">
        Rule
        <input value={draft.ruleId} onChange={(e) => set({ ruleId: e.target.value })} placeholder="rule id" size={10} data-testid="filter-rule" />
      </label>
      <SuggestField label="Class" listId="ev-classes" suggestions={CLASSES} value={draft.className} onChange={(className) => set({ className })} size={8} testId="filter-class" />
      <label className="toolbar-label">
        State
        <select value={draft.state} onChange={(e) => set({ state: e.target.value as EventFilter['state'] }, true)} data-testid="filter-state">
          <option value="">Any</option>
          <Options items={STATES} value={(s) => s} label={(s) => STATE_LABEL[s]} />
        </select>
      </label>
      <label className="toolbar-label">
        Severity
        <select value={draft.severity} onChange={(e) => set({ severity: e.target.value as EventFilter['severity'] }, true)} data-testid="filter-severity">
          <option value="">Any</option>
          <Options items={SEVERITIES} value={(s) => s} label={(s) => s} />
        </select>
      </label>
      <button type="submit" className="btn btn-primary" data-testid="filter-apply">
        Apply
      </button>
      <button type="button" className="btn btn-link" onClick={() => onApply({ ...DEFAULT_FILTER })} data-testid="filter-clear">
        Clear{count > 0 ? ` (${count})` : ''}
      </button>
    </form>
  );
}
