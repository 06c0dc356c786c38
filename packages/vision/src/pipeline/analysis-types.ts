/** Types of the analysis pipeline's output: one `AnalysisFrame` per frame taken from a camera's hand-off. */
import type { GateReason } from '../motion/motion-gate';
import type { Box, ClassId, Frame, TrackedObject } from '../types';

/**
 * Why the detector did or did not run on a frame: the motion gate's reasons, plus
 * - 'always': no gate configured (every frame is analysed);
 * - 'dropped': the gate wanted a run but the shared detector dropped the request (its queue was full);
 * - 'end': the closing item of a stream (see `AnalysisFrame.end`).
 */
export type AnalysisGateReason = GateReason | 'always' | 'dropped' | 'end';

export interface AnalysisFrameMeta {
  /** Index of the frame in the source (source frames, not only the sampled ones). */
  index: number;
  /** Presentation time in seconds from the start of the source. */
  ptsS: number;
  width: number;
  height: number;
}

/** A crop of the frame a best snapshot came from (packed pixels, row-major, no padding). */
export interface SnapshotCrop {
  width: number;
  height: number;
  format: Frame['format'];
  data: Uint8Array;
  /** Where the crop sits in the frame (integer pixels). */
  x: number;
  y: number;
}

export interface TrackSnapshot {
  /** The object's box in frame pixels. */
  box: Box;
  score: number;
  ptsS: number;
  frameIndex: number;
  /** Quality in 0..1 (size, sharpness, confidence; lowered when cut off by the frame edge). */
  quality: number;
  crop: SnapshotCrop;
}

/** A confirmed track that ended (lost for longer than the tracker keeps it, or the stream ended). */
export interface EndedTrack {
  trackId: number;
  classId: ClassId;
  label: string;
  firstPtsS: number;
  lastPtsS: number;
  /** Frames in which the track was reported. */
  frames: number;
  /** The best view of the object (null only when snapshots are switched off). */
  snapshot: TrackSnapshot | null;
}

export interface AnalysisFrame {
  camera: string;
  frame: AnalysisFrameMeta;
  /**
   * The tracked objects. On frames where the detector ran, the tracker's output; on skipped frames (the gate saw
   * nothing change) the objects of the last analysed frame, unchanged (`skippedObjects: 'none'` leaves them empty).
   */
  objects: TrackedObject[];
  gate: { ran: boolean; reason: AnalysisGateReason };
  /** Tracks that ended with this frame, each with its best snapshot. */
  endedTracks: EndedTrack[];
  /**
   * Set on the closing item of a stream (the source ended or failed): it repeats the last frame's meta, has no
   * objects, and ends every remaining track. After it the iterator is done, or throws the camera's error.
   */
  end?: true;
}
