/**
 * Runs a validated rule set over frames of confirmed tracks: per rule, filters tracks (classes, confidence, box
 * area), feeds the rule's core, and lets a firing through only while the rule's schedule is active (evaluated on
 * wallMs) and outside its cool-down (video time; per track for track rules, per rule otherwise). State keeps
 * updating while a schedule is inactive, so a stay that began before a window opened is not reported as new.
 * Pure, synchronous, deterministic.
 */
import { type RuleCore, ruleClasses } from './rule-context';
import { ScheduleEvaluator } from './schedule';
import { crossingCore, intrusionCore, loiteringCore } from './track-rules';
import type { CountSample, RuleEngineOptions, RuleEngineOutput, RuleFiring, RuleFrame, RuleSetSpec, RuleSpec, RuleType, TrackObservation } from './types';
import { countingCore, crowdCore, leftBehindCore, removedCore } from './zone-rules';

const TRACK_RULES: ReadonlySet<RuleType> = new Set(['intrusion', 'crossing', 'loitering', 'left_behind', 'removed']);

interface CompiledRule {
  index: number;
  spec: RuleSpec;
  name: string;
  classes: ReadonlySet<string>;
  core: RuleCore;
  schedule: ScheduleEvaluator;
  /** Cool-down key (track id, or '' for the whole rule) → video time of the last firing. */
  lastFired: Map<string, number>;
}

export function defaultRuleName(rule: RuleSpec, index: number): string {
  return rule.name ?? `${rule.type} ${rule.zone ?? rule.line ?? ''}`.trim() + ` #${index}`;
}

export class RuleEngine {
  private readonly rules: CompiledRule[] = [];
  private pendingCounts: CountSample[] = [];
  private currentWallMs = 0;

  constructor(spec: RuleSetSpec, options: RuleEngineOptions = {}) {
    const tz = options.timeZone ?? 'UTC';
    const zones = new Map(spec.zones.map((z) => [z.name, z.polygon]));
    const lines = new Map(spec.lines.map((l) => [l.name, l]));
    spec.rules.forEach((rule, index) => {
      const polygon = () => {
        const p = rule.zone === undefined ? undefined : zones.get(rule.zone);
        if (!p) throw new Error(`rule ${index} (${rule.type}) needs an existing zone, not ${String(rule.zone)}`);
        return p;
      };
      let core: RuleCore;
      switch (rule.type) {
        case 'intrusion':
          core = intrusionCore(rule, polygon());
          break;
        case 'crossing': {
          const line = rule.line === undefined ? undefined : lines.get(rule.line);
          if (!line) throw new Error(`rule ${index} (crossing) needs an existing line, not ${String(rule.line)}`);
          core = crossingCore(rule, line.from, line.to);
          break;
        }
        case 'loitering':
          core = loiteringCore(rule, polygon());
          break;
        case 'counting':
          core = countingCore(rule, polygon(), (timeS, count) => this.pendingCounts.push({ ruleIndex: index, timeS, wallMs: this.currentWallMs, count }));
          break;
        case 'crowd':
          core = crowdCore(rule, polygon());
          break;
        case 'left_behind':
          core = leftBehindCore(rule, polygon());
          break;
        case 'removed':
          core = removedCore(rule, polygon());
          break;
      }
      this.rules.push({
        index,
        spec: rule,
        name: defaultRuleName(rule, index),
        classes: new Set(ruleClasses(rule)),
        core,
        schedule: new ScheduleEvaluator(rule.schedule, tz),
        lastFired: new Map(),
      });
    });
  }

  process(frame: RuleFrame): RuleEngineOutput {
    this.currentWallMs = frame.wallMs;
    this.pendingCounts = [];
    const firings: RuleFiring[] = [];
    for (const r of this.rules) {
      const tracks = frame.tracks.filter((t) => passes(r, t));
      const active = r.schedule.isActive(frame.wallMs);
      r.core.process(frame, tracks, (f) => {
        if (!active) return;
        const cooldown = r.spec.cooldownSeconds ?? 0;
        const key = TRACK_RULES.has(r.spec.type) && f.trackId !== null ? f.trackId : '';
        const last = r.lastFired.get(key);
        if (cooldown > 0 && last !== undefined && f.timeS - last < cooldown) return;
        r.lastFired.set(key, f.timeS);
        firings.push({
          ruleIndex: r.index,
          ...(r.spec.id !== undefined ? { ruleId: r.spec.id } : {}),
          ruleName: r.name,
          type: r.spec.type,
          wallMs: frame.wallMs,
          ...f,
        });
      });
    }
    // counting samples are kept only while the rule's schedule is active
    const counts = this.pendingCounts.filter((c) => this.rules[c.ruleIndex]?.schedule.isActive(frame.wallMs) ?? false);
    this.pendingCounts = [];
    return { firings, counts };
  }

  /** Tracks that ended (left the scene) so per-track state can be released. */
  forget(trackIds: readonly string[]): void {
    for (const r of this.rules) {
      for (const id of trackIds) {
        r.core.forget(id);
        r.lastFired.delete(id);
      }
    }
  }
}

function passes(r: CompiledRule, t: TrackObservation): boolean {
  if (!r.classes.has(t.className)) return false;
  if (r.spec.minConfidence !== undefined && t.confidence < r.spec.minConfidence) return false;
  if (r.spec.minBoxArea !== undefined && t.box.w * t.box.h < r.spec.minBoxArea) return false;
  return true;
}
