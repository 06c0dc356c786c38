import { parseArgs } from 'node:util';
import { parseLine, runDetectEval, runTrackEval } from '@argus/vision';
import { EVAL_RULES_HELP, evalRules } from './eval-rules-command';
import { UsageError } from './usage-error';

export const EVAL_HELP = `argus eval detect --images DIR --labels DIR [--model PATH | --detector yolox|centernet]
  YOLO-format labels (class cx cy w h, normalised); last line: AP50 person=<x> car=<x>; precision=<x> recall=<x>
  --model: a YOLOX ONNX file; --detector centernet: the packaged fallback (CenterNet on TensorFlow.js wasm)
argus eval track --video FILE --gt FILE [--from-frame N --to-frame M] [--line x1,y1,x2,y2] [--model PATH] [--gap-fill N]
  MOTChallenge ground truth (gt frame 1 = first video frame); the line in 0..1 coordinates; --gap-fill N scores the
  offline variant (tracks missed for up to N frames filled by interpolation, output N frames late; default 0: online);
  last line: MOTA=<x> IDF1=<x> idsw=<n>; crossings a2b=<n>/<gt n> b2a=<n>/<gt n>
${EVAL_RULES_HELP}`;

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a whole number ≥ 1, not ${value}`);
  return n;
}

async function evalDetect(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { images: { type: 'string' }, labels: { type: 'string' }, model: { type: 'string' }, detector: { type: 'string' } },
    strict: true,
  });
  if (!values.images || !values.labels) throw new UsageError('--images and --labels are both required');
  const detector = values.detector ?? 'yolox';
  if (detector !== 'yolox' && detector !== 'centernet') throw new UsageError(`--detector must be yolox or centernet, not ${detector}`);
  if (values.model && detector !== 'yolox') throw new UsageError('--model names a YOLOX model file; leave it out with --detector centernet');
  const result = await runDetectEval({ images: values.images, labels: values.labels, detector, ...(values.model ? { model: values.model } : {}) });
  for (const line of result.detailLines) console.log(line);
  console.log(result.summaryLine);
}

async function evalTrack(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      video: { type: 'string' },
      gt: { type: 'string' },
      'from-frame': { type: 'string' },
      'to-frame': { type: 'string' },
      line: { type: 'string' },
      model: { type: 'string' },
      'gap-fill': { type: 'string' },
    },
    strict: true,
  });
  if (!values.video || !values.gt) throw new UsageError('--video and --gt are both required');
  const gapFill = values['gap-fill'] === '0' ? 0 : positiveInt(values['gap-fill'], '--gap-fill');
  const fromFrame = positiveInt(values['from-frame'], '--from-frame');
  const toFrame = positiveInt(values['to-frame'], '--to-frame');
  if (values.line) {
    try {
      parseLine(values.line);
    } catch (err) {
      throw new UsageError(`--line: ${(err as Error).message}`);
    }
  }
  const result = await runTrackEval({
    video: values.video,
    gt: values.gt,
    ...(fromFrame ? { fromFrame } : {}),
    ...(toFrame ? { toFrame } : {}),
    ...(values.line ? { line: values.line } : {}),
    ...(values.model ? { modelPath: values.model } : {}),
    ...(gapFill ? { gapFillFrames: gapFill } : {}),
  });
  console.log(result.summaryLine);
}

/** `argus eval detect|track|rules …`: scores a detector or tracker against ground truth. */
export async function runEvalCommand(args: string[]): Promise<void> {
  const [what, ...rest] = args;
  if (what === 'detect') return evalDetect(rest);
  if (what === 'track') return evalTrack(rest);
  if (what === 'rules') return evalRules(rest);
  throw new UsageError(`eval needs detect, track or rules\n\n${EVAL_HELP}`);
}
