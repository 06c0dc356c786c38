/** What every rule core gets: the rule, its resolved geometry, and a helper to build firings. */
import { bottomCentreOf } from '../geometry/point';
import { pointInPolygon } from '../geometry/polygon';
import type { Point } from '../geometry/point';
import type { RuleFiring, RuleFrame, RuleSpec, TrackObservation } from './types';

export const DEFAULT_CLASSES = ['person'];
export const DEFAULT_OBJECT_CLASSES = ['backpack', 'handbag', 'suitcase'];
/** A stay in a zone ends after the track has been outside this long: boundary jitter is not a re-entry. */
export const STAY_GRACE_S = 1;
/** A track that vanished inside a zone and one appearing within this time and distance are the same stay. */
export const STAY_RELINK_S = 3;
export const STAY_RELINK_DISTANCE = 0.08;
export const STAY_OPTIONS = { graceS: STAY_GRACE_S, relinkS: STAY_RELINK_S, relinkDistance: STAY_RELINK_DISTANCE };

/** What a core emits; the engine adds the rule's identity and the wall-clock time. */
export type CoreFiring = Omit<RuleFiring, 'ruleIndex' | 'ruleId' | 'ruleName' | 'type' | 'wallMs'>;

export interface RuleCore {
  /** `tracks` already passed the rule's class, confidence and box-area filters. `emit` applies schedule and cooldown. */
  process(frame: RuleFrame, tracks: TrackObservation[], emit: (f: CoreFiring) => void): void;
  forget(trackId: string): void;
}

/**
 * The zone holds at least `minCount` matching tracks for `minS` seconds without a break: fires once (`firing` makes
 * the firing from the tracks inside and the time the condition began), re-arms when the count drops below.
 * Presence (intrusion) and crowd are this core.
 */
export function sustainedCountCore(
  polygon: readonly Point[],
  minCount: number,
  minS: number,
  firing: (frame: RuleFrame, inside: TrackObservation[], sinceS: number) => CoreFiring,
): RuleCore {
  let since: number | null = null;
  let fired = false;
  return {
    process(frame, tracks, emit) {
      const inside = tracks.filter((t) => inZone(polygon, t));
      if (inside.length < minCount) {
        since = null;
        fired = false;
        return;
      }
      since ??= frame.timeS;
      if (!fired && frame.timeS - since >= minS) {
        fired = true;
        emit(firing(frame, inside, since));
      }
    },
    forget() {},
  };
}

export function inZone(polygon: readonly Point[] | null, t: TrackObservation): boolean {
  return polygon === null || pointInPolygon(bottomCentreOf(t.box), polygon);
}

export function ruleClasses(rule: RuleSpec): string[] {
  if (rule.classes && rule.classes.length > 0) return rule.classes;
  return rule.type === 'left_behind' || rule.type === 'removed' ? DEFAULT_OBJECT_CLASSES : DEFAULT_CLASSES;
}

export function trackFiring(t: TrackObservation, timeS: number, details: Record<string, unknown>) {
  return { trackId: t.trackId, className: t.className, timeS, confidence: t.confidence, boxes: [t], details };
}
