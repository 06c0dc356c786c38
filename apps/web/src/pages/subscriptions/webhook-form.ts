// Pure logic of the webhook console: form state ↔ API bodies, status summaries. No React, no I/O.
import type { Schemas } from '@argus/sdk';

export type Webhook = Schemas['Webhook'];
export type Severity = 'info' | 'minor' | 'major' | 'critical';
export const SEVERITIES: readonly Severity[] = ['info', 'minor', 'major', 'critical'];

export interface WebhookFormState {
  name: string;
  url: string;
  enabled: boolean;
  domainIds: string[];
  includeSubdomains: boolean;
  cameraIds: string[];
  /** Comma- or space-separated lists as typed. */
  ruleIds: string;
  types: string;
  classes: string;
  minSeverity: Severity | '';
  startFrom: 'now' | 'all';
}

export const EMPTY_FORM: WebhookFormState = {
  name: '',
  url: '',
  enabled: true,
  domainIds: [],
  includeSubdomains: true,
  cameraIds: [],
  ruleIds: '',
  types: '',
  classes: '',
  minSeverity: '',
  startFrom: 'now',
};

/** "a, b  c" → ['a', 'b', 'c'] (deduplicated, order kept). */
export function splitList(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).map((s) => s.trim()).filter((s) => s !== ''))];
}

export function formOf(w: Webhook): WebhookFormState {
  return {
    name: w.name,
    url: w.url,
    enabled: w.enabled,
    domainIds: [...w.filters.domainIds],
    includeSubdomains: w.filters.includeSubdomains,
    cameraIds: [...w.filters.cameraIds],
    ruleIds: w.filters.ruleIds.join(', '),
    types: w.filters.types.join(', '),
    classes: w.filters.classes.join(', '),
    minSeverity: w.filters.minSeverity ?? '',
    startFrom: 'now',
  };
}

export function filtersOf(f: WebhookFormState) {
  return {
    domainIds: f.domainIds,
    includeSubdomains: f.includeSubdomains,
    cameraIds: f.cameraIds,
    ruleIds: splitList(f.ruleIds),
    types: splitList(f.types).map((s) => s.toLowerCase()),
    classes: splitList(f.classes).map((s) => s.toLowerCase()),
    minSeverity: f.minSeverity === '' ? null : f.minSeverity,
  };
}

/** Client-side checks before sending (the server checks again, including the SSRF guard). */
export function formProblems(f: WebhookFormState): Record<string, string> {
  const out: Record<string, string> = {};
  if (f.name.trim() === '') out.name = 'A name is required';
  if (!/^https?:\/\/\S+$/i.test(f.url.trim())) out.url = 'An http:// or https:// URL is required';
  for (const [key, list] of [['types', f.types], ['classes', f.classes]] as const) {
    if (splitList(list).some((s) => !/^[a-z0-9_.-]+$/i.test(s))) out[key] = 'Use letters, digits, _ . or - only';
  }
  return out;
}

export function createBodyOf(f: WebhookFormState) {
  return { name: f.name.trim(), url: f.url.trim(), enabled: f.enabled, filters: filtersOf(f), startFrom: f.startFrom };
}

export function patchBodyOf(f: WebhookFormState) {
  return { name: f.name.trim(), url: f.url.trim(), enabled: f.enabled, filters: filtersOf(f) };
}

export type HealthKind = 'disabled' | 'failing' | 'behind' | 'ok' | 'idle';

/** One word and a tone for the list: disabled, failing (retrying), behind (backlog), ok, idle (nothing sent yet). */
export function healthOf(w: Webhook): { kind: HealthKind; label: string } {
  if (!w.enabled) return { kind: 'disabled', label: 'disabled' };
  if (w.status.failing) return { kind: 'failing', label: `failing (${w.status.consecutiveFailures} attempts)` };
  if ((w.status.backlog ?? 0) > 0) return { kind: 'behind', label: `${w.status.backlog} behind` };
  if (!w.status.lastDelivery) return { kind: 'idle', label: 'no deliveries yet' };
  return { kind: 'ok', label: 'ok' };
}

/** Short description of what a subscription receives. */
export function filterSummary(filters: Webhook['filters'], names: { camera: (id: string) => string; domain: (id: string) => string }): string {
  const parts: string[] = [];
  if (filters.domainIds.length) parts.push(`domains ${filters.domainIds.map(names.domain).join(', ')}${filters.includeSubdomains ? ' (+sub)' : ''}`);
  if (filters.cameraIds.length) parts.push(`cameras ${filters.cameraIds.map(names.camera).join(', ')}`);
  if (filters.ruleIds.length) parts.push(`${filters.ruleIds.length} rules`);
  if (filters.types.length) parts.push(`types ${filters.types.join(', ')}`);
  if (filters.classes.length) parts.push(`classes ${filters.classes.join(', ')}`);
  if (filters.minSeverity) parts.push(`≥ ${filters.minSeverity}`);
  return parts.length ? parts.join(' · ') : 'all events';
}

/** datetime-local input value (local time) → ISO; '' when empty or invalid. */
export function isoFromLocalInput(value: string): string {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}
