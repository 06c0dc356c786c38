/**
 * The input of an offline run over a camera's recorded range: the segments of [fromMs, toMs) copied out of the blob
 * store (checked against their SHA-256), cut on key frames and joined into one local MP4 by stream copy — the export
 * slice's cutter (planCut, concatScript, runExportFfmpeg) without watermark or manifest — plus the timeline that maps
 * the clip's time back to the recorded wall clock per segment (range-timeline.ts). The caller deletes `dir`.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MediaTools } from '@argus/media';
import type { BlobStore } from '../../adapters/blob/blob-store';
import { concatScript, fetchVerifiedSegment, planCut, probeKeyframes, runExportFfmpeg, type CutInput } from '../exports/export-clip';
import type { SegmentIndexRepo } from '../recordings/segment-index.repo';
import { rangeTimeline, timelineSeconds, type TimelinePiece } from './range-timeline';

export interface RecordedRangeInput {
  /** The joined clip (inside `dir`). */
  file: string;
  timeline: TimelinePiece[];
  /** Seconds of video in the clip. */
  durationS: number;
}

export interface RecordedRangeRequest {
  index: Pick<SegmentIndexRepo, 'overlapping'>;
  blobs: BlobStore;
  tools: MediaTools;
  cameraId: string;
  fromMs: number;
  toMs: number;
  /** A folder of the run's own under the data folder's tmp. */
  dir: string;
  timeoutMs: number;
  signal: AbortSignal;
  /** 0..1 of the preparation (copying the segments, then joining them). */
  onProgress(fraction: number): void;
}

export async function prepareRecordedRange(r: RecordedRangeRequest): Promise<RecordedRangeInput> {
  const segments = await r.index.overlapping(r.cameraId, r.fromMs, r.toMs);
  if (segments.length === 0) throw new Error('no recorded video in the range any more (deleted by retention?)');
  await mkdir(r.dir, { recursive: true });
  const totalBytes = segments.reduce((n, s) => n + s.sizeBytes, 0) || 1;
  let fetched = 0;
  const inputs: CutInput[] = [];
  for (const [i, seg] of segments.entries()) {
    if (r.signal.aborted) throw new Error('cancelled');
    const file = path.join(r.dir, `${String(i).padStart(6, '0')}.mp4`);
    await fetchVerifiedSegment(r.blobs, seg, file);
    fetched += seg.sizeBytes;
    r.onProgress((0.5 * fetched) / totalBytes);
    inputs.push({ file, startMs: seg.startMs, endMs: seg.endMs });
  }
  const first = inputs[0] as CutInput;
  const last = inputs[inputs.length - 1] as CutInput;
  first.keyframes = await probeKeyframes(r.tools.ffprobe, first.file);
  if (last !== first) last.keyframes = await probeKeyframes(r.tools.ffprobe, last.file);
  const plan = planCut(inputs, r.fromMs, r.toMs);
  const concatFile = path.join(r.dir, 'list.ffconcat');
  await writeFile(concatFile, concatScript(plan.entries));
  const output = path.join(r.dir, 'range.mp4');
  const timeline = rangeTimeline(inputs, plan);
  const durationS = timelineSeconds(timeline);
  await runExportFfmpeg({
    ffmpeg: r.tools.ffmpeg,
    concatFile,
    output,
    durationMs: durationS * 1000,
    timeoutMs: r.timeoutMs,
    signal: r.signal,
    onProgress: (p) => r.onProgress(0.5 + 0.5 * p),
  });
  // Only the joined clip is needed from here on.
  await Promise.all(inputs.map((i) => rm(i.file, { force: true })));
  return { file: output, timeline, durationS };
}
