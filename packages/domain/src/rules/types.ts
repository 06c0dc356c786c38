/** The rule set a task runs over tracked objects: zones, lines, rules. Coordinates normalised 0..1, y downwards. */
import type { Point } from '../geometry/point';

export type { Point } from '../geometry/point';

export interface ZoneSpec {
  id?: string;
  name: string;
  polygon: Point[];
}

export interface LineSpec {
  id?: string;
  name: string;
  from: Point;
  to: Point;
}

export const RULE_TYPES = ['intrusion', 'crossing', 'loitering', 'counting', 'crowd', 'left_behind', 'removed'] as const;
export type RuleType = (typeof RULE_TYPES)[number];

export interface ScheduleWindow {
  /** 0 = Sunday … 6 = Saturday. */
  days: number[];
  /** 'HH:MM' local time; a window whose end is before its start runs past midnight. */
  start: string;
  end: string;
}

export type RuleSchedule =
  | { kind: 'always' }
  | { kind: 'windows'; timeZone?: string; windows: ScheduleWindow[] }
  | { kind: 'cron'; timeZone?: string; expression: string; durationMinutes: number };

export const RULE_SEVERITIES = ['info', 'minor', 'major', 'critical'] as const;
export type RuleSeverity = (typeof RULE_SEVERITIES)[number];

export interface RuleSpec {
  id?: string;
  name?: string;
  type: RuleType;
  /** Zone name (intrusion, loitering, counting, crowd, left_behind, removed). */
  zone?: string;
  /** Line name (crossing). */
  line?: string;
  /** Default ['person'] (['backpack', 'handbag', 'suitcase'] for left_behind and removed). */
  classes?: string[];
  minConfidence?: number;
  /** Box area as a fraction of the image. */
  minBoxArea?: number;
  /** Intrusion presence / loitering stay / crowd duration / left-behind stationarity / removed absence, in video seconds. */
  minSeconds?: number;
  /** Intrusion; default 'enter' (a track entering, or appearing inside). */
  event?: 'enter' | 'exit' | 'presence';
  /** Crossing; A is the left side of from→to. Default 'both'. */
  direction?: 'a2b' | 'b2a' | 'both';
  /** Crowd: count ≥ threshold for minSeconds. */
  threshold?: number;
  /** Counting: series bucket in seconds (default 60). */
  intervalSeconds?: number;
  cooldownSeconds?: number;
  schedule?: RuleSchedule;
  severity?: RuleSeverity;
}

export interface RuleSetSpec {
  zones: ZoneSpec[];
  lines: LineSpec[];
  rules: RuleSpec[];
}

/** field: a JSON-pointer-like path, e.g. 'zones/0/polygon'. */
export interface RuleProblem {
  field: string;
  message: string;
}

export type RuleSetValidation = { ok: true; value: RuleSetSpec } | { ok: false; problems: RuleProblem[] };

export interface TrackObservation {
  trackId: string;
  className: string;
  confidence: number;
  /** Normalised, (x, y) the top-left corner. */
  box: { x: number; y: number; w: number; h: number };
}

export interface RuleFrame {
  /** Video / stream time in seconds (durations are measured on it). */
  timeS: number;
  /** Wall-clock time in epoch ms (schedules are evaluated on it). */
  wallMs: number;
  /** Confirmed tracks visible in this frame. */
  tracks: TrackObservation[];
}

export interface RuleFiring {
  ruleIndex: number;
  ruleId?: string;
  ruleName: string;
  type: RuleType;
  trackId: string | null;
  className: string | null;
  timeS: number;
  wallMs: number;
  confidence: number | null;
  boxes: TrackObservation[];
  details: Record<string, unknown>;
}

/** One point of a counting rule's series. */
export interface CountSample {
  ruleIndex: number;
  timeS: number;
  wallMs: number;
  count: number;
}

export interface RuleEngineOutput {
  firings: RuleFiring[];
  counts: CountSample[];
}

export interface RuleEngineOptions {
  /** Default time zone for schedules without their own (IANA name); default 'UTC'. */
  timeZone?: string;
}
