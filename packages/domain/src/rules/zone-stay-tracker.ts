/**
 * Continuous stays of tracks inside a zone. A stay starts when a track is first seen inside (entering or appearing
 * there) and ends once it has been seen outside for more than `graceS` (boundary jitter is not a re-entry).
 *
 * Trackers lose people (occlusion) and pick them up again under a new id; counting that as a new stay would report
 * one person's intrusion or loitering twice. So a stay whose track vanished inside the zone is kept for `relinkS`:
 * a track that appears inside (not walking in from outside) within that time and `relinkDistance` of where the lost
 * one was last seen continues its stay (same start, same "fired" flag). A lost stay not continued ends `relinkS`
 * after its track was last seen inside. Pure; used by intrusion and loitering.
 */
import { bottomCentreOf, type Point } from '../geometry/point';
import { inZone } from './rule-context';
import type { TrackObservation } from './types';

export interface Stay {
  trackId: string;
  startS: number;
  lastInsideS: number;
  last: TrackObservation;
  /** Set by the rule once it has fired for this stay. */
  fired: boolean;
}

export interface StayOptions {
  graceS: number;
  relinkS: number;
  relinkDistance: number;
}

export class ZoneStayTracker {
  private readonly stays = new Map<string, Stay>();
  private readonly lost: Stay[] = [];
  /** Whether each known track was inside the zone at its last observation. */
  private readonly lastInside = new Map<string, boolean>();

  constructor(
    private readonly polygon: readonly Point[],
    private readonly opts: StayOptions,
  ) {}

  /** Updates stays for one frame; returns the ongoing stays and the ones that ended in this frame. */
  update(timeS: number, tracks: readonly TrackObservation[]): { ongoing: Stay[]; ended: Stay[] } {
    const ended: Stay[] = [];
    for (let i = this.lost.length - 1; i >= 0; i -= 1) {
      if (timeS - this.lost[i]!.lastInsideS > this.opts.relinkS) ended.push(...this.lost.splice(i, 1));
    }
    const seen = new Set<string>();
    for (const t of tracks) {
      seen.add(t.trackId);
      const inside = inZone(this.polygon, t);
      const wasInside = this.lastInside.get(t.trackId);
      this.lastInside.set(t.trackId, inside);
      if (!inside) continue;
      const s = this.stays.get(t.trackId);
      if (s) {
        s.lastInsideS = timeS;
        s.last = t;
        continue;
      }
      const continued = wasInside === false ? null : this.takeLost(t, timeS);
      this.stays.set(t.trackId, continued
        ? { ...continued, trackId: t.trackId, lastInsideS: timeS, last: t }
        : { trackId: t.trackId, startS: timeS, lastInsideS: timeS, last: t, fired: false });
    }
    const ongoing: Stay[] = [];
    for (const [id, s] of this.stays) {
      if (s.lastInsideS === timeS) ongoing.push(s);
      else if (!seen.has(id) && this.lastInside.get(id) === true) {
        // vanished while inside: may be picked up again under another id
        this.stays.delete(id);
        this.lost.push(s);
      } else if (timeS - s.lastInsideS > this.opts.graceS) {
        this.stays.delete(id);
        ended.push(s);
      }
    }
    return { ongoing, ended };
  }

  private takeLost(t: TrackObservation, timeS: number): Stay | null {
    const [x, y] = bottomCentreOf(t.box);
    let best = -1;
    let bestD = this.opts.relinkDistance;
    this.lost.forEach((s, i) => {
      const [lx, ly] = bottomCentreOf(s.last.box);
      const d = Math.hypot(x - lx, y - ly);
      if (timeS - s.lastInsideS <= this.opts.relinkS && d <= bestD) {
        best = i;
        bestD = d;
      }
    });
    return best < 0 ? null : this.lost.splice(best, 1)[0]!;
  }

  /** The track ended: a stay it had becomes a lost stay (it may continue under a new id, else it ends). */
  forget(trackId: string): void {
    const s = this.stays.get(trackId);
    if (s) {
      this.stays.delete(trackId);
      if (this.lastInside.get(trackId) === true) this.lost.push(s);
    }
    this.lastInside.delete(trackId);
  }
}
