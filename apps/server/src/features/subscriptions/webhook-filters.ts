import { isWithin } from '@argus/domain';
import { EVENT_SEVERITIES, type EventSeverity, type StoredEvent } from '../events/event-port';

/** What a webhook subscription receives; empty lists match everything. */
export interface WebhookFilters {
  domainIds: string[];
  /** Paths of domainIds at the time the filter was saved (what matching uses). */
  domainPaths: string[];
  includeSubdomains: boolean;
  cameraIds: string[];
  ruleIds: string[];
  types: string[];
  classes: string[];
  minSeverity: EventSeverity | null;
}

export const EMPTY_FILTERS: WebhookFilters = {
  domainIds: [],
  domainPaths: [],
  includeSubdomains: true,
  cameraIds: [],
  ruleIds: [],
  types: [],
  classes: [],
  minSeverity: null,
};

/** True when the event passes every filter. Pure. */
export function matchesFilters(f: WebhookFilters, e: StoredEvent): boolean {
  if (f.domainPaths.length > 0) {
    const ok = f.domainPaths.some((p) => (f.includeSubdomains ? isWithin(e.domainPath, p) : e.domainPath === p));
    if (!ok) return false;
  }
  if (f.cameraIds.length > 0 && !f.cameraIds.includes(e.cameraId)) return false;
  if (f.ruleIds.length > 0 && !(e.origin.ruleId && f.ruleIds.includes(e.origin.ruleId))) return false;
  if (f.types.length > 0 && !f.types.includes(e.type)) return false;
  if (f.classes.length > 0 && !(e.className && f.classes.includes(e.className))) return false;
  if (f.minSeverity && EVENT_SEVERITIES.indexOf(e.severity) < EVENT_SEVERITIES.indexOf(f.minSeverity)) return false;
  return true;
}

/** Parses stored filter JSON, tolerating missing keys. */
export function parseFilters(json: string): WebhookFilters {
  const raw = JSON.parse(json) as Partial<WebhookFilters>;
  return { ...EMPTY_FILTERS, ...raw };
}
