/**
 * Readers of detection ground truth: YOLO-format label folders (`class cx cy w h`, normalised, one file per image;
 * no file = no objects) and MOTChallenge gt.txt (`frame,id,x,y,w,h,consider,class,visibility`).
 * A dataset is a list of images, each with a function that gives its ground truth in pixels for the decoded size.
 */
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { GroundTruthBox } from './ap';

export interface DetectionSample {
  id: string;
  imagePath: string;
  groundTruth(size: { width: number; height: number }): GroundTruthBox[];
}

export interface DetectionDataset {
  name: string;
  /** The COCO class ids this dataset's ground truth covers completely (only these are scored). */
  classes: readonly number[];
  samples: DetectionSample[];
}

export class DatasetError extends Error {
  readonly code = 'DATASET_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'DatasetError';
  }
}

const IMAGE_EXT = new Set(['.jpg', '.jpeg', '.png', '.bmp', '.webp']);

/**
 * Parses one YOLO label file into pixel boxes. Lines are `class cx cy w h` (normalised 0..1); a segment line
 * `class x1 y1 x2 y2 ...` (odd count ≥ 7) becomes the polygon's bounding box. Blank lines and # comments are skipped.
 */
export function parseYoloLabels(text: string, width: number, height: number, source = 'labels'): GroundTruthBox[] {
  const out: GroundTruthBox[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) return;
    const v = t.split(/\s+/).map(Number);
    const bad = (): never => {
      throw new DatasetError(`${source}:${i + 1}: expected 'class cx cy w h' (normalised), got '${t.slice(0, 80)}'`);
    };
    if (v.some((x) => !Number.isFinite(x)) || !Number.isInteger(v[0]) || v[0]! < 0) bad();
    const classId = v[0]!;
    if (v.length === 5) {
      const [, cx, cy, w, h] = v as [number, number, number, number, number];
      out.push({ classId, box: { x: (cx - w / 2) * width, y: (cy - h / 2) * height, w: w * width, h: h * height } });
    } else if (v.length >= 7 && v.length % 2 === 1) {
      const xs = v.filter((_, k) => k > 0 && k % 2 === 1);
      const ys = v.filter((_, k) => k > 0 && k % 2 === 0);
      const x0 = Math.min(...xs);
      const y0 = Math.min(...ys);
      out.push({ classId, box: { x: x0 * width, y: y0 * height, w: (Math.max(...xs) - x0) * width, h: (Math.max(...ys) - y0) * height } });
    } else bad();
  });
  return out;
}

/** Images of `imagesDir` with labels `<labelsDir>/<name>.txt` (missing file = an image with no objects). */
export async function loadYoloDataset(
  imagesDir: string,
  labelsDir: string,
  opts: { name?: string; classes?: readonly number[] } = {},
): Promise<DetectionDataset> {
  if (!existsSync(imagesDir)) throw new DatasetError(`images folder ${imagesDir} does not exist`);
  if (!existsSync(labelsDir)) throw new DatasetError(`labels folder ${labelsDir} does not exist`);
  const names = (await readdir(imagesDir)).filter((n) => IMAGE_EXT.has(path.extname(n).toLowerCase())).sort();
  if (names.length === 0) throw new DatasetError(`no images (${[...IMAGE_EXT].join(', ')}) in ${imagesDir}`);
  const samples: DetectionSample[] = [];
  for (const name of names) {
    const id = path.basename(name, path.extname(name));
    const labelFile = path.join(labelsDir, `${id}.txt`);
    const text = existsSync(labelFile) ? await readFile(labelFile, 'utf8') : '';
    samples.push({
      id,
      imagePath: path.join(imagesDir, name),
      groundTruth: ({ width, height }) => parseYoloLabels(text, width, height, labelFile),
    });
  }
  return { name: opts.name ?? path.basename(path.dirname(path.resolve(imagesDir))), classes: opts.classes ?? [0, 2], samples };
}

export interface MotGtRow {
  frame: number;
  id: number;
  /** Pixel box, 0-based (MOT's 1-based bb_left/bb_top minus 1). */
  box: { x: number; y: number; w: number; h: number };
  consider: number;
  motClass: number;
  visibility: number;
}

/** Parses a MOTChallenge gt.txt. Pure. */
export function parseMotGt(text: string, source = 'gt.txt'): MotGtRow[] {
  const rows: MotGtRow[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.trim();
    if (t === '') return;
    const v = t.split(',').map(Number);
    if (v.length < 6 || v.slice(0, 6).some((x) => !Number.isFinite(x))) {
      throw new DatasetError(`${source}:${i + 1}: expected 'frame,id,x,y,w,h[,consider,class,visibility]', got '${t.slice(0, 80)}'`);
    }
    const [frame, id, x, y, w, h] = v as [number, number, number, number, number, number];
    rows.push({ frame, id, box: { x: x - 1, y: y - 1, w, h }, consider: v[6] ?? 1, motClass: v[7] ?? 1, visibility: v[8] ?? 1 });
  });
  return rows;
}

/** MOT17 classes whose boxes are ignore regions: person on vehicle, static person, distractor, reflection. */
export const MOT_IGNORE_CLASSES: ReadonlySet<number> = new Set([2, 7, 8, 12]);
const MOT_PEDESTRIAN = 1;

/**
 * COCO-class ground truth for one frame: pedestrians (class 1, consider 1) as person (0); pedestrians with
 * consider 0 and classes 2/7/8/12 as person ignore regions; everything else (vehicles, occluders) is left out.
 */
export function motFrameGroundTruth(rows: readonly MotGtRow[], frame: number): GroundTruthBox[] {
  const out: GroundTruthBox[] = [];
  for (const r of rows) {
    if (r.frame !== frame) continue;
    if (r.motClass === MOT_PEDESTRIAN && r.consider === 1) out.push({ classId: 0, box: r.box });
    else if (r.motClass === MOT_PEDESTRIAN || MOT_IGNORE_CLASSES.has(r.motClass)) out.push({ classId: 0, box: r.box, ignore: true });
  }
  return out;
}

/**
 * MOTChallenge sequences under `root` (a sequence folder, or a folder of them, e.g. mot17_mini or mot17_mini/train):
 * every image of `<seq>/img1`, its frame number taken from the file name (000001.jpg = gt frame 1).
 * Only person is scored (MOT17 does not annotate every car).
 */
export async function loadMotDetectionDataset(root: string, opts: { name?: string } = {}): Promise<DetectionDataset> {
  if (!existsSync(root)) throw new DatasetError(`MOT folder ${root} does not exist`);
  const seqDirs: string[] = [];
  const visit = async (dir: string, depth: number): Promise<void> => {
    if (existsSync(path.join(dir, 'gt', 'gt.txt')) && existsSync(path.join(dir, 'img1'))) {
      seqDirs.push(dir);
      return;
    }
    if (depth >= 2) return;
    for (const e of (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
      await visit(path.join(dir, e.name), depth + 1);
    }
  };
  await visit(root, 0);
  if (seqDirs.length === 0) throw new DatasetError(`no MOTChallenge sequence (gt/gt.txt + img1/) under ${root}`);
  const samples: DetectionSample[] = [];
  for (const seq of seqDirs) {
    const gtFile = path.join(seq, 'gt', 'gt.txt');
    const rows = parseMotGt(await readFile(gtFile, 'utf8'), gtFile);
    const images = (await readdir(path.join(seq, 'img1'))).filter((n) => IMAGE_EXT.has(path.extname(n).toLowerCase())).sort();
    for (const name of images) {
      const frame = Number.parseInt(path.basename(name, path.extname(name)), 10);
      if (!Number.isFinite(frame)) continue;
      samples.push({
        id: `${path.basename(seq)}/${name}`,
        imagePath: path.join(seq, 'img1', name),
        groundTruth: () => motFrameGroundTruth(rows, frame),
      });
    }
  }
  return { name: opts.name ?? path.basename(path.resolve(root)), classes: [0], samples };
}
