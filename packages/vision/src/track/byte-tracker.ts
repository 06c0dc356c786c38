/**
 * ByteTrack-style multi-object tracker (Zhang et al., 2022), pure and synchronous: `update(detections, ptsS)` per
 * analysed frame → the tracked objects of that frame.
 *
 * Per frame: predict every track with its Kalman filter (time step from the frame timestamps); associate the
 * high-score detections to confirmed and lost tracks by IoU (fused with the score), optimally (Hungarian); then the
 * low-score detections to the confirmed tracks still unmatched (this is ByteTrack's point: occluded people get low
 * scores and keep their track); then the remaining high-score detections to tentative tracks. Unmatched confirmed
 * tracks become lost and are kept for `maxLostS` seconds, so a person re-appearing after a short occlusion gets the
 * same id back; unmatched tentative tracks die. A new track starts from a detection with a score of at least
 * `newTrackScore` and is confirmed after `minHits` consecutive matches. Association is class-aware.
 */
import { iou } from './box-geometry';
import type { KalmanBoxOptions } from './kalman-box';
import { solveAssignment } from './linear-assignment';
import { Track } from './track-state';
import type { Box, Detection, TrackedObject } from '../types';

export interface ByteTrackerOptions {
  /** Detections at or above this score take part in the first association (ByteTrack track_thresh). Default 0.5. */
  highScore?: number;
  /** Detections below this are ignored entirely. Default 0.1. */
  lowScore?: number;
  /** Minimum score of a detection that starts a track. Default highScore + 0.1. */
  newTrackScore?: number;
  /** First association (high-score detections): minimum IoU (× score when fuseScore). Default 0.2. */
  firstMatchMinIou?: number;
  /** Second association (low-score detections): minimum IoU. Default 0.5. */
  secondMatchMinIou?: number;
  /**
   * Recovery (OC-SORT's observation-centric recovery): tracks still unmatched after the two associations are matched
   * to the remaining high-score detections by the IoU of their last *observed* box (not the prediction, which drifts
   * during an occlusion). Minimum IoU, e.g. 0.3; 0 disables it. Default 0 (it did not help on PETS09-S2L1).
   */
  recoverMinIou?: number;
  /** A track re-found after this many missed updates restarts its filter from the observations (see Track.match). Default 2; 0 disables. */
  restartAfterMissed?: number;
  /** Tentative tracks vs the remaining high-score detections: minimum IoU. Default 0.3. */
  tentativeMatchMinIou?: number;
  /** Multiply IoU by the detection score in the first association (ByteTrack's default). Default true. */
  fuseScore?: boolean;
  /** Consecutive matches before a track is confirmed and reported. Default 2. */
  minHits?: number;
  /** Tracks of the very first frame are confirmed at once (ByteTrack does this). Default true. */
  confirmOnFirstFrame?: boolean;
  /** How long a lost track waits for its object to re-appear, in seconds. Default 3. */
  maxLostS?: number;
  /** Only match detections and tracks of the same class. Default true. */
  classAware?: boolean;
  /** Also report lost tracks (with their predicted box, age > 0) for this many updates after their last match. Default 0. */
  reportLostForUpdates?: number;
  /** Report the Kalman-filtered box ('filtered', ByteTrack's choice) or the matched detection's box. Default 'filtered'. */
  reportedBox?: 'filtered' | 'detection';
  /** Two tracks (one confirmed, one lost) overlapping more than this are duplicates; the younger is dropped. Default 0.85. */
  duplicateIou?: number;
  kalman?: KalmanBoxOptions;
}

type Required_ = Required<Omit<ByteTrackerOptions, 'kalman'>> & { kalman: KalmanBoxOptions };

export function resolveByteTrackerOptions(opts: ByteTrackerOptions = {}): Required_ {
  const highScore = opts.highScore ?? 0.5;
  return {
    highScore,
    lowScore: opts.lowScore ?? 0.1,
    newTrackScore: opts.newTrackScore ?? highScore + 0.1,
    firstMatchMinIou: opts.firstMatchMinIou ?? 0.2,
    secondMatchMinIou: opts.secondMatchMinIou ?? 0.5,
    tentativeMatchMinIou: opts.tentativeMatchMinIou ?? 0.3,
    recoverMinIou: opts.recoverMinIou ?? 0,
    restartAfterMissed: opts.restartAfterMissed ?? 2,
    fuseScore: opts.fuseScore ?? true,
    minHits: Math.max(1, opts.minHits ?? 2),
    confirmOnFirstFrame: opts.confirmOnFirstFrame ?? true,
    maxLostS: opts.maxLostS ?? 3,
    classAware: opts.classAware ?? true,
    reportLostForUpdates: opts.reportLostForUpdates ?? 0,
    reportedBox: opts.reportedBox ?? 'filtered',
    duplicateIou: opts.duplicateIou ?? 0.85,
    kalman: opts.kalman ?? {},
  };
}

export interface ByteTrackerStats {
  updates: number;
  /** Tracks currently confirmed or lost (i.e. an object is, or recently was, there). */
  alive: number;
  confirmedTotal: number;
}

interface MatchResult {
  pairs: Array<[Track, Detection]>;
  tracks: Track[];
  dets: Detection[];
}

export class ByteTracker {
  private readonly o: Required_;
  private tracks: Track[] = [];
  private nextId = 1;
  private lastPtsS: number | null = null;
  private updates = 0;

  constructor(opts: ByteTrackerOptions = {}) {
    this.o = resolveByteTrackerOptions(opts);
  }

  /** Feeds the detections of one analysed frame (at `ptsS` seconds) and returns that frame's tracked objects. */
  update(detections: readonly Detection[], ptsS: number): TrackedObject[] {
    const o = this.o;
    const first = this.lastPtsS === null;
    const dt = this.lastPtsS === null ? 0 : Math.max(0, ptsS - this.lastPtsS);
    this.lastPtsS = ptsS;
    this.updates += 1;

    const valid = detections.filter((d) => d.score >= o.lowScore && d.box.w > 0 && d.box.h > 0);
    const high = valid.filter((d) => d.score >= o.highScore);
    const low = valid.filter((d) => d.score < o.highScore);

    for (const t of this.tracks) {
      t.predict(dt);
      t.ageUpdates += 1;
    }
    const confirmed = this.tracks.filter((t) => t.phase === 'confirmed');
    const lost = this.tracks.filter((t) => t.phase === 'lost');
    const tentative = this.tracks.filter((t) => t.phase === 'tentative');

    // 1. High-score detections ↔ confirmed and lost tracks.
    const restart = o.restartAfterMissed > 0 ? o.restartAfterMissed : Number.POSITIVE_INFINITY;
    const m1 = this.associate([...confirmed, ...lost], high, o.firstMatchMinIou, o.fuseScore);
    for (const [t, d] of m1.pairs) {
      t.match(d, ptsS, restart);
      t.phase = 'confirmed';
    }
    // 2. Low-score detections ↔ confirmed tracks left over (not lost ones: a low score alone does not revive a track).
    const m2 = this.associate(m1.tracks.filter((t) => t.phase === 'confirmed'), low, o.secondMatchMinIou, false);
    const matchedLow = new Set<Track>();
    for (const [t, d] of m2.pairs) {
      t.match(d, ptsS);
      matchedLow.add(t);
    }
    const unmatched = m1.tracks.filter((t) => !matchedLow.has(t));
    // 2b. Recovery by the last observed box, for tracks whose prediction drifted away during an occlusion.
    let remaining = m1.dets;
    if (o.recoverMinIou > 0) {
      const rec = this.associate(unmatched, remaining, o.recoverMinIou, false, true);
      for (const [t, d] of rec.pairs) {
        t.match(d, ptsS, restart);
        t.phase = 'confirmed';
        matchedLow.add(t);
      }
      remaining = rec.dets;
    }
    for (const t of unmatched) {
      if (matchedLow.has(t)) continue;
      t.phase = 'lost';
      t.missed += 1;
    }
    // 3. Remaining high-score detections ↔ tentative tracks.
    const m3 = this.associate(tentative, remaining, o.tentativeMatchMinIou, o.fuseScore);
    for (const [t, d] of m3.pairs) {
      t.match(d, ptsS);
      if (t.hits >= o.minHits) this.confirm(t);
    }
    const deadTentative = new Set(m3.tracks);
    // 4. Births.
    const born: Track[] = [];
    for (const d of m3.dets) {
      if (d.score < o.newTrackScore) continue;
      const t = new Track(0, d, ptsS, ptsS, o.kalman);
      if (o.minHits <= 1 || (first && o.confirmOnFirstFrame)) this.confirm(t);
      born.push(t);
    }
    // 5. Deaths: tentatives that missed, lost tracks past their buffer.
    this.tracks = [...this.tracks.filter((t) => !deadTentative.has(t)), ...born].filter(
      (t) => !(t.phase === 'lost' && ptsS - t.lastMatchedS > o.maxLostS),
    );
    this.removeDuplicates();
    return this.report();
  }

  /** Number of tracks that are confirmed or lost-but-kept: an object is (or just was) in view. */
  get aliveCount(): number {
    return this.tracks.reduce((n, t) => n + (t.phase === 'tentative' ? 0 : 1), 0);
  }

  /** Ids of the confirmed tracks that are alive (matched or lost-but-kept); a track missing here has ended. */
  aliveTrackIds(): number[] {
    return this.tracks.filter((t) => t.id !== 0 && t.phase !== 'tentative').map((t) => t.id);
  }

  get stats(): ByteTrackerStats {
    return { updates: this.updates, alive: this.aliveCount, confirmedTotal: this.nextId - 1 };
  }

  /** Forgets every track (e.g. when the source restarts); ids keep counting up. */
  reset(): void {
    this.tracks = [];
    this.lastPtsS = null;
  }

  private confirm(t: Track): void {
    t.phase = 'confirmed';
    if (t.id === 0) t.id = this.nextId++;
  }

  private associate(tracks: Track[], dets: Detection[], minIou: number, fuse: boolean, byLastObservation = false): MatchResult {
    if (tracks.length === 0 || dets.length === 0) return { pairs: [], tracks, dets };
    const boxes: Box[] = tracks.map((t) => (byLastObservation ? t.lastDetectionBox : t.box));
    const cost = boxes.map((tb, i) =>
      dets.map((d) => {
        if (this.o.classAware && tracks[i]!.classId !== d.classId) return Number.POSITIVE_INFINITY;
        const overlap = iou(tb, d.box);
        return 1 - (fuse ? overlap * d.score : overlap);
      }),
    );
    const maxCost = 1 - minIou;
    const { pairs, unmatchedRows, unmatchedCols } = solveAssignment(cost, { maxCost, unmatchedCost: maxCost });
    return {
      pairs: pairs.map(([i, j]) => [tracks[i]!, dets[j]!]),
      tracks: unmatchedRows.map((i) => tracks[i]!),
      dets: unmatchedCols.map((j) => dets[j]!),
    };
  }

  /** ByteTrack's remove_duplicate_stracks: a confirmed and a lost track on the same object; keep the longer-lived. */
  private removeDuplicates(): void {
    const confirmed = this.tracks.filter((t) => t.phase === 'confirmed');
    const lost = this.tracks.filter((t) => t.phase === 'lost');
    const drop = new Set<Track>();
    for (const c of confirmed) {
      for (const l of lost) {
        if (this.o.classAware && c.classId !== l.classId) continue;
        if (iou(c.box, l.box) <= this.o.duplicateIou) continue;
        drop.add(c.ageUpdates >= l.ageUpdates ? l : c);
      }
    }
    if (drop.size > 0) this.tracks = this.tracks.filter((t) => !drop.has(t));
  }

  private report(): TrackedObject[] {
    const out: TrackedObject[] = [];
    for (const t of this.tracks) {
      if (t.id === 0) continue;
      const reportable =
        (t.phase === 'confirmed' && t.missed === 0) || (t.phase === 'lost' && t.missed <= this.o.reportLostForUpdates);
      if (!reportable) continue;
      const box = t.missed === 0 && this.o.reportedBox === 'detection' ? t.lastDetectionBox : t.box;
      out.push({
        trackId: t.id,
        classId: t.classId,
        label: t.label,
        box: { ...box },
        score: t.score,
        velocity: t.kf.velocity,
        age: t.missed,
      });
    }
    out.sort((a, b) => a.trackId - b.trackId);
    return out;
  }
}
