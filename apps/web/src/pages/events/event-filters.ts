// The event list's filter: kept in the URL (shareable, back button), turned into API query parameters, and used to
// decide whether a live event belongs in the current view.
import { SEVERITIES, STATES, type EventItem, type EventSeverity, type EventState } from './event-types';

export type RangePreset = '15m' | '1h' | '24h' | '7d' | '30d' | 'all' | 'custom';
export const RANGE_PRESETS: readonly { value: RangePreset; label: string }[] = [
  { value: '15m', label: 'Last 15 min' },
  { value: '1h', label: 'Last hour' },
  { value: '24h', label: 'Last 24 h' },
  { value: '7d', label: 'Last 7 days' },
  { value: '30d', label: 'Last 30 days' },
  { value: 'all', label: 'All time' },
  { value: 'custom', label: 'Custom…' },
];

const PRESET_MS: Record<Exclude<RangePreset, 'all' | 'custom'>, number> = {
  '15m': 15 * 60_000,
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
};

export interface EventFilter {
  range: RangePreset;
  /** Custom range bounds, epoch ms; only used with range 'custom'. */
  fromMs: number | null;
  toMs: number | null;
  cameraIds: string[];
  domainId: string;
  type: string;
  /** The analysis task that raised the events ('' = any). */
  taskId: string;
  ruleId: string;
  className: string;
  state: EventState | '';
  severity: EventSeverity | '';
}

export const DEFAULT_FILTER: EventFilter = {
  range: '24h',
  fromMs: null,
  toMs: null,
  cameraIds: [],
  domainId: '',
  type: '',
  taskId: '',
  ruleId: '',
  className: '',
  state: '',
  severity: '',
};

const isPreset = (v: string | null): v is RangePreset => RANGE_PRESETS.some((p) => p.value === v);
const msOrNull = (v: string | null): number | null => {
  if (v === null || !/^\d{1,15}$/.test(v)) return null;
  return Number(v);
};
const text = (v: string | null): string => (v ?? '').trim().slice(0, 200);

/** Reads a filter from the URL query; anything unknown or malformed falls back to the default. */
export function filterFromQuery(q: URLSearchParams): EventFilter {
  const range = q.get('range');
  const state = q.get('state') ?? '';
  const severity = q.get('severity') ?? '';
  const cams = text(q.get('cameras'));
  return {
    range: isPreset(range) ? range : DEFAULT_FILTER.range,
    fromMs: msOrNull(q.get('from')),
    toMs: msOrNull(q.get('to')),
    cameraIds: cams ? [...new Set(cams.split(',').map((s) => s.trim()).filter((s) => s !== ''))] : [],
    domainId: text(q.get('domain')),
    type: text(q.get('type')),
    taskId: text(q.get('task')),
    ruleId: text(q.get('rule')),
    className: text(q.get('class')),
    state: (STATES as readonly string[]).includes(state) ? (state as EventState) : '',
    severity: (SEVERITIES as readonly string[]).includes(severity) ? (severity as EventSeverity) : '',
  };
}

/** The URL query of a filter: only what differs from the default, so a plain /events stays plain. */
export function filterToQuery(f: EventFilter): Record<string, string | undefined> {
  const custom = f.range === 'custom';
  return {
    range: f.range === DEFAULT_FILTER.range ? undefined : f.range,
    from: custom && f.fromMs !== null ? String(f.fromMs) : undefined,
    to: custom && f.toMs !== null ? String(f.toMs) : undefined,
    cameras: f.cameraIds.length ? f.cameraIds.join(',') : undefined,
    domain: f.domainId || undefined,
    type: f.type || undefined,
    task: f.taskId || undefined,
    rule: f.ruleId || undefined,
    class: f.className || undefined,
    state: f.state || undefined,
    severity: f.severity || undefined,
  };
}

/** The time bounds a filter means at `now` (epoch ms, null = open). */
export function filterBounds(f: EventFilter, now: number): { fromMs: number | null; toMs: number | null } {
  if (f.range === 'all') return { fromMs: null, toMs: null };
  if (f.range === 'custom') return { fromMs: f.fromMs, toMs: f.toMs };
  return { fromMs: now - PRESET_MS[f.range], toMs: null };
}

export type EventListQuery = Record<string, string | number>;

/** Query parameters of GET /api/events (and of the live stream) for a filter. */
export function filterToApiQuery(f: EventFilter, now: number): EventListQuery {
  const { fromMs, toMs } = filterBounds(f, now);
  const q: EventListQuery = {};
  if (fromMs !== null) q.from = fromMs;
  if (toMs !== null) q.to = toMs;
  if (f.cameraIds.length) q.cameraIds = f.cameraIds.join(',');
  if (f.domainId) q.domainId = f.domainId;
  if (f.type) q.type = f.type;
  if (f.taskId) q.taskId = f.taskId;
  if (f.ruleId) q.ruleId = f.ruleId;
  if (f.className) q.className = f.className;
  if (f.state) q.state = f.state;
  if (f.severity) q.severity = f.severity;
  return q;
}

/**
 * Does a live event belong in the list the filter shows? The domain is checked by the server when it streams
 * (the console knows only the event's domain path), so it is not checked here; a closed custom range that ends in
 * the past never takes live events.
 */
export function eventMatches(e: EventItem, f: EventFilter, now: number): boolean {
  const { fromMs, toMs } = filterBounds(f, now);
  if (fromMs !== null && e.lastAtMs < fromMs) return false;
  if (toMs !== null && e.firstAtMs > toMs) return false;
  if (f.cameraIds.length && !f.cameraIds.includes(e.cameraId)) return false;
  if (f.type && e.type !== f.type) return false;
  if (f.taskId && e.origin.taskId !== f.taskId) return false;
  if (f.ruleId && e.origin.ruleId !== f.ruleId) return false;
  if (f.className && e.className !== f.className) return false;
  if (f.state && e.state !== f.state) return false;
  if (f.severity && e.severity !== f.severity) return false;
  return true;
}

/** How many filters besides the time range are set (shown on the "Clear" button). */
export function activeFilterCount(f: EventFilter): number {
  return [f.cameraIds.length > 0, f.domainId, f.type, f.taskId, f.ruleId, f.className, f.state, f.severity].filter(Boolean).length;
}
