/** Intrusion (enter / exit / presence), crossing and loitering: cores over the filtered tracks of one rule. Pure. */
import { LineCrossingCore } from '../geometry/line-crossing';
import { bottomCentreOf, type Point } from '../geometry/point';
import { type RuleCore, STAY_OPTIONS, sustainedCountCore, trackFiring } from './rule-context';
import type { RuleSpec } from './types';
import { ZoneStayTracker } from './zone-stay-tracker';

/** enter: one firing per stay once the track has been inside for minSeconds; exit: when such a stay ends. */
export function intrusionCore(rule: RuleSpec, polygon: readonly Point[]): RuleCore {
  const minS = rule.minSeconds ?? 0;
  const mode = rule.event ?? 'enter';
  if (mode === 'presence') return presenceCore(minS, polygon);
  const stays = new ZoneStayTracker(polygon, STAY_OPTIONS);
  return {
    process(frame, tracks, emit) {
      const { ongoing, ended } = stays.update(frame.timeS, tracks);
      if (mode === 'enter') {
        for (const s of ongoing) {
          if (!s.fired && frame.timeS - s.startS >= minS) {
            s.fired = true;
            emit(trackFiring(s.last, frame.timeS, { event: 'enter', enteredAtS: s.startS }));
          }
        }
      } else {
        for (const s of ended) {
          const durationS = s.lastInsideS - s.startS;
          if (durationS >= minS) emit(trackFiring(s.last, frame.timeS, { event: 'exit', enteredAtS: s.startS, durationS }));
        }
      }
    },
    forget: (id) => stays.forget(id),
  };
}

/** presence: the zone holds at least one matching track for minSeconds; fires once, re-arms when it is empty. */
function presenceCore(minS: number, polygon: readonly Point[]): RuleCore {
  return sustainedCountCore(polygon, 1, minS, (frame, inside, sinceS) => ({
    ...trackFiring(inside[0]!, frame.timeS, { event: 'presence', sinceS, count: inside.length }),
    boxes: inside,
  }));
}

/** Dead band around the line: 15 % of the box height, at least 0.4 % of the image. */
export const CROSSING_BAND_BOX_FRACTION = 0.15;
export const CROSSING_MIN_BAND = 0.004;

export function crossingCore(rule: RuleSpec, from: Point, to: Point): RuleCore {
  const core = new LineCrossingCore<string>(from, to);
  const want = rule.direction ?? 'both';
  return {
    process(frame, tracks, emit) {
      for (const t of tracks) {
        const band = Math.max(CROSSING_MIN_BAND, CROSSING_BAND_BOX_FRACTION * t.box.h);
        const dir = core.observe(t.trackId, bottomCentreOf(t.box), band);
        if (dir !== null && (want === 'both' || want === dir)) emit(trackFiring(t, frame.timeS, { direction: dir }));
      }
    },
    forget: (id) => core.forget(id),
  };
}

/** One firing per continuous stay longer than minSeconds. */
export function loiteringCore(rule: RuleSpec, polygon: readonly Point[]): RuleCore {
  const minS = rule.minSeconds ?? 0;
  const stays = new ZoneStayTracker(polygon, STAY_OPTIONS);
  return {
    process(frame, tracks, emit) {
      for (const s of stays.update(frame.timeS, tracks).ongoing) {
        const stayedS = frame.timeS - s.startS;
        if (!s.fired && stayedS >= minS) {
          s.fired = true;
          emit(trackFiring(s.last, frame.timeS, { enteredAtS: s.startS, stayedS }));
        }
      }
    },
    forget: (id) => stays.forget(id),
  };
}
