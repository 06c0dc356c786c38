/**
 * Synthetic scenes for tests of the tracker and the evaluation: objects moving at constant velocity, seen by a
 * "detector" that jitters boxes, lowers scores of occluded objects, drops detections and adds false positives, all
 * from a seeded random generator (deterministic).
 */
import type { Box, Detection } from '../types';

/** mulberry32: small, fast, deterministic. Returns a function giving numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal sample (Box–Muller). */
export function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  const v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export interface SceneObject {
  id: number;
  classId?: number;
  /** Box at frame `from`. */
  start: Box;
  /** Pixels per frame. */
  vx: number;
  vy: number;
  from: number;
  /** Last frame (inclusive). */
  to: number;
}

export interface SceneOptions {
  frames: number;
  objects: SceneObject[];
  seed?: number;
  /** Box jitter: standard deviation in pixels. Default 0. */
  jitterPx?: number;
  /** Probability that a visible object is not detected in a frame. Default 0. */
  dropRate?: number;
  /** Frames (inclusive ranges) in which an object is not detected at all: occlusion. */
  hidden?: Array<{ id: number; from: number; to: number }>;
  /** Frames in which an object is detected with a low score only (partly occluded). */
  lowScore?: Array<{ id: number; from: number; to: number; score: number }>;
  /** False positives per frame (Poisson-ish: each frame gets one with this probability). Default 0. */
  falsePositiveRate?: number;
  width?: number;
  height?: number;
}

export interface SceneFrame {
  index: number;
  gt: Array<{ id: number; box: Box; classId: number }>;
  detections: Detection[];
}

export function gtBoxAt(o: SceneObject, frame: number): Box {
  const k = frame - o.from;
  return { x: o.start.x + o.vx * k, y: o.start.y + o.vy * k, w: o.start.w, h: o.start.h };
}

export function makeScene(opts: SceneOptions): SceneFrame[] {
  const rand = seededRandom(opts.seed ?? 1);
  const jitter = opts.jitterPx ?? 0;
  const width = opts.width ?? 640;
  const height = opts.height ?? 480;
  const inRange = (list: Array<{ id: number; from: number; to: number }> | undefined, id: number, f: number) =>
    list?.find((r) => r.id === id && f >= r.from && f <= r.to);
  const frames: SceneFrame[] = [];
  for (let f = 0; f < opts.frames; f++) {
    const gt: SceneFrame['gt'] = [];
    const detections: Detection[] = [];
    for (const o of opts.objects) {
      if (f < o.from || f > o.to) continue;
      const box = gtBoxAt(o, f);
      const classId = o.classId ?? 0;
      gt.push({ id: o.id, box, classId });
      if (inRange(opts.hidden, o.id, f)) continue;
      if (rand() < (opts.dropRate ?? 0)) continue;
      const low = inRange(opts.lowScore, o.id, f) as { score: number } | undefined;
      const j = (): number => (jitter > 0 ? gaussian(rand) * jitter : 0);
      detections.push({
        box: { x: box.x + j(), y: box.y + j(), w: Math.max(2, box.w + j()), h: Math.max(2, box.h + j()) },
        classId,
        label: classId === 0 ? 'person' : `class${classId}`,
        score: low?.score ?? 0.7 + 0.25 * rand(),
      });
    }
    if (rand() < (opts.falsePositiveRate ?? 0)) {
      detections.push({
        box: { x: rand() * (width - 40), y: rand() * (height - 80), w: 30, h: 70 },
        classId: 0,
        label: 'person',
        score: 0.5 + 0.2 * rand(),
      });
    }
    frames.push({ index: f, gt, detections });
  }
  return frames;
}
