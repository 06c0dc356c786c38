/** Counting (a series), crowd (count ≥ threshold for a while), left behind and removed objects. Pure cores. */
import { centreOf, type Point } from '../geometry/point';
import { type RuleCore, inZone, sustainedCountCore, trackFiring } from './rule-context';
import type { RuleSpec, TrackObservation } from './types';

/** Counting: the number of matching tracks inside the zone, sampled once per `intervalSeconds` of video time. */
export function countingCore(rule: RuleSpec, polygon: readonly Point[], sample: (timeS: number, count: number) => void): RuleCore {
  const interval = rule.intervalSeconds ?? 60;
  let next: number | null = null;
  return {
    process(frame, tracks) {
      if (next === null) next = Math.floor(frame.timeS / interval) * interval;
      if (frame.timeS < next) return;
      sample(frame.timeS, tracks.filter((t) => inZone(polygon, t)).length);
      next = (Math.floor(frame.timeS / interval) + 1) * interval;
    },
    forget() {},
  };
}

/** Crowd: count ≥ threshold sustained for minSeconds fires once; re-arms when the count drops below. */
export function crowdCore(rule: RuleSpec, polygon: readonly Point[]): RuleCore {
  const threshold = rule.threshold ?? 1;
  return sustainedCountCore(polygon, threshold, rule.minSeconds ?? 0, (frame, inside, sinceS) => ({
    trackId: null, className: null, timeS: frame.timeS, confidence: null, boxes: inside, details: { count: inside.length, threshold, sinceS },
  }));
}

/** A track's centre may wander this far (normalised, or 10 % of its box size if larger) and still be "still". */
export const STATIONARY_TOLERANCE = 0.01;

function tolerance(t: TrackObservation): number {
  return Math.max(STATIONARY_TOLERANCE, 0.1 * Math.max(t.box.w, t.box.h));
}

interface Still {
  anchor: Point;
  sinceS: number;
  lastSeenS: number;
  last: TrackObservation;
  fired: boolean;
}

/** Follows how long each track has been still inside the zone. */
class StillnessTracker {
  readonly still = new Map<string, Still>();
  constructor(private readonly polygon: readonly Point[]) {}

  update(timeS: number, tracks: readonly TrackObservation[]): Still[] {
    const out: Still[] = [];
    for (const t of tracks) {
      const c = centreOf(t.box);
      if (!inZone(this.polygon, t)) {
        this.still.delete(t.trackId);
        continue;
      }
      let s = this.still.get(t.trackId);
      if (!s || Math.hypot(c[0] - s.anchor[0], c[1] - s.anchor[1]) > tolerance(t)) {
        s = { anchor: c, sinceS: timeS, lastSeenS: timeS, last: t, fired: false };
        this.still.set(t.trackId, s);
      }
      s.lastSeenS = timeS;
      s.last = t;
      out.push(s);
    }
    return out;
  }
}

/**
 * Left behind: a new object (not already there in the first frame the rule saw) that stays still inside the zone for
 * minSeconds. One firing per stillness; moving re-arms.
 */
export function leftBehindCore(rule: RuleSpec, polygon: readonly Point[]): RuleCore {
  const minS = rule.minSeconds ?? 0;
  const tracker = new StillnessTracker(polygon);
  let baseline: Set<string> | null = null;
  return {
    process(frame, tracks, emit) {
      baseline ??= new Set(tracks.map((t) => t.trackId));
      for (const s of tracker.update(frame.timeS, tracks)) {
        if (s.fired || baseline.has(s.last.trackId) || frame.timeS - s.sinceS < minS) continue;
        s.fired = true;
        emit(trackFiring(s.last, frame.timeS, { stillSinceS: s.sinceS, position: s.anchor }));
      }
    },
    forget(id) {
      tracker.still.delete(id);
    },
  };
}

/**
 * Removed: an object that was still inside the zone for minSeconds disappears for minSeconds. An object of the
 * classes seen again near where it stood (under any track id: trackers re-number) cancels the removal.
 */
export function removedCore(rule: RuleSpec, polygon: readonly Point[]): RuleCore {
  const minS = rule.minSeconds ?? 0;
  const tracker = new StillnessTracker(polygon);
  /** Objects that qualified (still long enough), by the track id they had. */
  const armed = new Map<string, Still>();
  return {
    process(frame, tracks, emit) {
      for (const s of tracker.update(frame.timeS, tracks)) {
        if (frame.timeS - s.sinceS >= minS) armed.set(s.last.trackId, s);
      }
      for (const [id, s] of armed) {
        const present = tracks.some((t) => {
          const c = centreOf(t.box);
          return Math.hypot(c[0] - s.anchor[0], c[1] - s.anchor[1]) <= tolerance(s.last);
        });
        if (present) {
          s.lastSeenS = frame.timeS;
          continue;
        }
        if (frame.timeS - s.lastSeenS >= minS) {
          armed.delete(id);
          tracker.still.delete(id);
          emit(trackFiring(s.last, frame.timeS, { lastSeenS: s.lastSeenS, position: s.anchor }));
        }
      }
    },
    // a removal is judged on absence, so a track that ended keeps its armed entry until it fires or reappears
    forget(id) {
      tracker.still.delete(id);
    },
  };
}
