/**
 * Shared types of the perception pipeline. Boxes are in pixel coordinates of the frame they came from
 * (x, y = top-left corner), unless a name says "normalised".
 */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** COCO class ids as YOLOX emits them (0 person, 1 bicycle, 2 car, 3 motorcycle, 5 bus, 7 truck, …). */
export type ClassId = number;

export interface Detection {
  box: Box;
  classId: ClassId;
  /** Class label, e.g. 'person', 'car'. */
  label: string;
  /** Final score in 0..1 (objectness × class probability for YOLOX). */
  score: number;
}

/** A decoded frame: packed 8-bit pixels, row-major, no padding. */
export interface Frame {
  width: number;
  height: number;
  format: 'bgr24' | 'rgb24' | 'gray8';
  data: Uint8Array;
  /** Presentation time in seconds from the start of the source. */
  ptsS: number;
  /** Index of the frame in the source (0-based, in source frames, not only the sampled ones). */
  index: number;
}

/**
 * The one interface that every detector-like algorithm implements (YOLOX now; faces, plates and third-party
 * algorithms later). `detect` takes frames of any size; implementations do their own pre-processing.
 */
export interface Detector {
  readonly name: string;
  /** Model input size the detector resizes to (for reporting and batching decisions). */
  readonly inputSize: { width: number; height: number };
  /** Class ids the detector can emit, with labels. */
  readonly labels: readonly string[];
  detect(frames: readonly Frame[]): Promise<Detection[][]>;
  close(): Promise<void>;
}

export interface TrackedObject {
  trackId: number;
  classId: ClassId;
  label: string;
  box: Box;
  score: number;
  /** Box-centre velocity in pixels per second (Kalman estimate). */
  velocity: { vx: number; vy: number };
  /** Frames since the track was last matched to a detection (0 = matched in this frame). */
  age: number;
}
