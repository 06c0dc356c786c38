/** One track of the ByteTrack-style tracker: its Kalman filter and life-cycle bookkeeping. */
import { KalmanBox, type KalmanBoxOptions } from './kalman-box';
import type { Box, ClassId, Detection } from '../types';

export type TrackPhase = 'tentative' | 'confirmed' | 'lost';

export class Track {
  readonly kf: KalmanBox;
  phase: TrackPhase = 'tentative';
  classId: ClassId;
  label: string;
  score: number;
  /** Detections matched so far (including the one that started it). */
  hits = 1;
  /** Consecutive updates without a match. */
  missed = 0;
  /** Presentation time of the last matched detection. */
  lastMatchedS: number;
  /** The box of the last matched detection. */
  lastDetectionBox: Box;
  /** Updates since the track was born. */
  ageUpdates = 0;

  constructor(
    /** 0 until confirmed (ids are handed out on confirmation, so rejected tentatives burn none). */
    public id: number,
    det: Detection,
    ptsS: number,
    readonly bornS: number,
    kalman: KalmanBoxOptions,
  ) {
    this.kf = new KalmanBox(det.box, kalman);
    this.classId = det.classId;
    this.label = det.label;
    this.score = det.score;
    this.lastMatchedS = ptsS;
    this.lastDetectionBox = det.box;
  }

  predict(dtS: number): void {
    if (this.phase !== 'confirmed' && this.phase !== 'tentative') this.kf.dampSizeVelocity();
    this.kf.predict(dtS);
  }

  /**
   * Corrects the track with a matched detection. After a gap of `restartAfterMissed` or more updates the filter is
   * restarted on the detection with the average velocity over the gap (from the last observation to this one).
   */
  match(det: Detection, ptsS: number, restartAfterMissed = Number.POSITIVE_INFINITY): void {
    const gapS = ptsS - this.lastMatchedS;
    if (this.missed >= restartAfterMissed && gapS > 0) {
      const a = this.lastDetectionBox;
      const b = det.box;
      this.kf.restart(b, { vx: (b.x + b.w / 2 - (a.x + a.w / 2)) / gapS, vy: (b.y + b.h / 2 - (a.y + a.h / 2)) / gapS });
    } else {
      this.kf.update(det.box);
    }
    this.score = det.score;
    this.hits += 1;
    this.missed = 0;
    this.lastMatchedS = ptsS;
    this.lastDetectionBox = det.box;
  }

  get box(): Box {
    return this.kf.box;
  }
}
