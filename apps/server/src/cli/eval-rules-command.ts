/**
 * `argus eval rules --video FILE --rules FILE [--from-frame N --to-frame M] [--fps N] [--model PATH] [--gt FILE] [--start ISO]`:
 * runs the analysis pipeline (detector + tracker, as `eval track`) over a video file, feeds each frame's confirmed
 * tracks (boxes normalised by the frame size, timeS = frame index / fps) into the domain RuleEngine, and prints one
 * JSON line per firing, then `events intrusion=<n> crossing=<n> loitering=<n>` as the last line.
 * With --gt (MOTChallenge ground truth, gt frame 1 = video frame 0) it also runs the same rules over the
 * ground-truth tracks and prints, per rule type, expected vs found events matched within ±1 s and 0.1 of the image
 * (`accuracy <type> expected=<n> found=<n> matched=<n> precision=<x> recall=<x>`), before the last line.
 * --fps analyses the video at that rate, as a task with `params.fps` does (the ground truth is still read at the
 * clip's full rate: it is what happened).
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { promisify } from 'node:util';
import { type RuleFiring, type RuleSetSpec, RuleEngine, type TrackObservation, matchFirings, validateRuleSet } from '@argus/domain';
import { findMediaTools } from '@argus/media';
import {
  COCO_LABELS,
  createYoloxDetector,
  readMotFile,
  runTracking,
  TRACK_EVAL_DETECTOR,
  TRACK_EVAL_TRACKER,
  type MotRow,
} from '@argus/vision';
import { UsageError } from './usage-error';

export const EVAL_RULES_HELP = `argus eval rules --video FILE --rules FILE [--from-frame N --to-frame M] [--fps N] [--model PATH] [--gt FILE] [--start ISO]
  rules file: {"zones":[{"name","polygon":[[x,y],…]}],"lines":[{"name","from":[x,y],"to":[x,y]}],"rules":[…]} (0..1);
  frames are 1-based (frame 1 = the first video frame); --start is the wall-clock time of frame 1 for schedules
  (default 1970-01-01T00:00:00Z); --fps analyses N frames a second (default: every frame), as a task's fps does;
  --gt also scores the events against the same rules run over ground-truth tracks;
  one JSON line per event, last line: events intrusion=<n> crossing=<n> loitering=<n>`;

/** Tracks unseen this long are forgotten by the engine (longer than the tracker keeps a lost track). */
const FORGET_AFTER_S = 10;
/** Persons lower than this share of the frame are not given to the tracker (as in `eval track`). */
const MIN_PERSON_HEIGHT = 0.07;

function frameNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a whole number ≥ 1, not ${value}`);
  return n;
}

async function loadRules(file: string): Promise<RuleSetSpec> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--rules: cannot read ${file}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--rules: ${file} is not JSON: ${(err as Error).message}`);
  }
  const result = validateRuleSet(json, COCO_LABELS);
  if (!result.ok) throw new UsageError(`--rules: ${file} has problems:\n${result.problems.map((p) => `  ${p.field || '(top)'}: ${p.message}`).join('\n')}`);
  return result.value;
}

/** --fps: frames analysed a second (a task's params.fps), undefined for every frame. */
function analysisRate(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 120) throw new UsageError(`--fps must be a number of frames a second above 0 and at most 120, not ${value}`);
  return n;
}

async function sourceFps(video: string): Promise<number> {
  const tools = await findMediaTools();
  const { stdout } = await promisify(execFile)(tools.ffprobe, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=avg_frame_rate,r_frame_rate', '-of', 'csv=p=0', video]);
  for (const field of stdout.trim().split(/[\n,]/)) {
    const [num, den] = field.split('/').map(Number);
    const fps = den ? num! / den : num!;
    if (Number.isFinite(fps) && fps > 0) return fps;
  }
  throw new UsageError(`--video: cannot read the frame rate of ${video}`);
}

/** Feeds frames to an engine, forgetting tracks unseen for a while. */
class EngineRun {
  readonly engine: RuleEngine;
  readonly firings: RuleFiring[] = [];
  private readonly lastSeen = new Map<string, number>();
  constructor(spec: RuleSetSpec, private readonly startMs: number) {
    this.engine = new RuleEngine(spec);
  }

  feed(timeS: number, tracks: TrackObservation[]): RuleFiring[] {
    for (const t of tracks) this.lastSeen.set(t.trackId, timeS);
    const gone = [...this.lastSeen].filter(([, s]) => timeS - s > FORGET_AFTER_S).map(([id]) => id);
    if (gone.length > 0) {
      this.engine.forget(gone);
      for (const id of gone) this.lastSeen.delete(id);
    }
    const { firings } = this.engine.process({ timeS, wallMs: this.startMs + timeS * 1000, tracks });
    this.firings.push(...firings);
    return firings;
  }
}

function printable(f: RuleFiring): Record<string, unknown> {
  const r = (v: number): number => Math.round(v * 10_000) / 10_000;
  return {
    ...f,
    rule: f.ruleName,
    track: f.trackId,
    time: r(f.timeS),
    timeS: r(f.timeS),
    confidence: f.confidence === null ? null : r(f.confidence),
    boxes: f.boxes.map((b) => ({ ...b, confidence: r(b.confidence), box: { x: r(b.box.x), y: r(b.box.y), w: r(b.box.w), h: r(b.box.h) } })),
  };
}

function gtFirings(spec: RuleSetSpec, rows: readonly MotRow[], opts: { fps: number; fromIndex: number; toIndex: number; size: { width: number; height: number }; startMs: number }): RuleFiring[] {
  const byFrame = new Map<number, MotRow[]>();
  for (const row of rows) {
    const index = row.frame - 1;
    if (index < opts.fromIndex || index > opts.toIndex) continue;
    const list = byFrame.get(index) ?? [];
    list.push(row);
    byFrame.set(index, list);
  }
  const run = new EngineRun(spec, opts.startMs);
  const last = Math.min(opts.toIndex, Math.max(opts.fromIndex, ...byFrame.keys()));
  for (let index = opts.fromIndex; index <= last; index += 1) {
    const tracks = (byFrame.get(index) ?? []).map((row) => ({
      trackId: `gt${row.id}`,
      className: 'person',
      confidence: 1,
      box: { x: row.box.x / opts.size.width, y: row.box.y / opts.size.height, w: row.box.w / opts.size.width, h: row.box.h / opts.size.height },
    }));
    run.feed(index / opts.fps, tracks);
  }
  return run.firings;
}

export async function evalRules(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      video: { type: 'string' },
      rules: { type: 'string' },
      'from-frame': { type: 'string' },
      'to-frame': { type: 'string' },
      model: { type: 'string' },
      gt: { type: 'string' },
      start: { type: 'string' },
      fps: { type: 'string' },
    },
    strict: true,
  });
  if (!values.video || !values.rules) throw new UsageError('--video and --rules are both required');
  const fromFrame = frameNumber(values['from-frame'], '--from-frame') ?? 1;
  const toFrame = frameNumber(values['to-frame'], '--to-frame');
  if (toFrame !== undefined && toFrame < fromFrame) throw new UsageError(`--to-frame ${toFrame} is before --from-frame ${fromFrame}`);
  const startMs = values.start === undefined ? 0 : Date.parse(values.start);
  if (!Number.isFinite(startMs)) throw new UsageError(`--start must be an ISO date-time, not ${values.start}`);
  const analysisFps = analysisRate(values.fps);
  const spec = await loadRules(values.rules);
  const gtRows = values.gt ? await readMotFile(values.gt) : null;

  const classIds = [...new Set(spec.rules.flatMap((r) => r.classes ?? (r.type === 'left_behind' || r.type === 'removed' ? ['backpack', 'handbag', 'suitcase'] : ['person'])))].map((c) => COCO_LABELS.indexOf(c));
  const fps = await sourceFps(values.video);
  const detector = await createYoloxDetector({ ...(values.model ? { modelPath: values.model } : {}), ...TRACK_EVAL_DETECTOR, classes: classIds });
  const run = new EngineRun(spec, startMs);
  const counts: Record<string, number> = {};
  let size = { width: 0, height: 0 };
  let lastIndex = fromFrame - 1;
  try {
    await runTracking({
      video: values.video,
      detector,
      fromIndex: fromFrame - 1,
      ...(toFrame !== undefined ? { toIndex: toFrame - 1 } : {}),
      fps: analysisFps === undefined || analysisFps >= fps ? 'source' : analysisFps,
      tracker: TRACK_EVAL_TRACKER,
      filter: classIds.every((c) => c === 0) ? { classes: classIds, minHeightFraction: MIN_PERSON_HEIGHT } : { classes: classIds },
      onFrame: ({ frame, objects }) => {
        size = { width: frame.width, height: frame.height };
        lastIndex = frame.index;
        const tracks: TrackObservation[] = objects
          .filter((o) => o.age === 0 && (o.label !== 'person' || o.box.h >= MIN_PERSON_HEIGHT * frame.height))
          .map((o) => ({
            trackId: String(o.trackId),
            className: o.label,
            confidence: o.score,
            box: { x: o.box.x / frame.width, y: o.box.y / frame.height, w: o.box.w / frame.width, h: o.box.h / frame.height },
          }));
        for (const f of run.feed(frame.index / fps, tracks)) {
          counts[f.type] = (counts[f.type] ?? 0) + 1;
          console.log(JSON.stringify(printable(f)));
        }
      },
    });
  } finally {
    await detector.close();
  }
  if (gtRows) {
    const expected = gtFirings(spec, gtRows, { fps, fromIndex: fromFrame - 1, toIndex: lastIndex, size, startMs });
    const scores = matchFirings(expected, run.firings, { toleranceS: 1, placeTolerance: 0.1 });
    for (const [type, s] of scores) {
      console.log(`accuracy ${type} expected=${s.expected} found=${s.found} matched=${s.matched} precision=${s.precision.toFixed(3)} recall=${s.recall.toFixed(3)}`);
    }
  }
  console.log(`events intrusion=${counts.intrusion ?? 0} crossing=${counts.crossing ?? 0} loitering=${counts.loitering ?? 0}`);
}
