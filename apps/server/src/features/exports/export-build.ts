import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { MediaTools } from '@argus/media';
import type { BlobStore } from '../../adapters/blob/blob-store';
import type { ArgusConfig } from '../../config/schema';
import { isoAt, type Clock } from '../../util/clock';
import { clipRanges, gapsBetween, mergeRanges } from '../recordings/ranges';
import type { Segment, SegmentIndexRepo } from '../recordings/segment-index.repo';
import { concatScript, fetchVerifiedSegment, planCut, probeKeyframes, runExportFfmpeg, type CutInput } from './export-clip';
import { fileNameOf } from './export-view';
import type { ExportJob } from './exports.repo';
import { signManifest } from './manifest';
import type { SigningKey } from './signing-key';

export interface ExportsConfig {
  dataDir: string;
  gapToleranceMs: number;
  export: ArgusConfig['recording']['export'];
}

export const DAY_MS = 24 * 3600 * 1000;

/** What building an export needs from the service. */
export interface ExportBuildDeps {
index: SegmentIndexRepo;
blobs: BlobStore;
clock: Clock;
config: ExportsConfig;
tools: MediaTools;
key: SigningKey;
/** Progress 0..1 (called often; the caller throttles). */
onProgress: (p: number) => void;
}

/** The stored result of a finished export. */
export interface BuiltExport {
actualFromMs: number;
actualToMs: number;
fileKey: string;
fileSha256: string;
fileSize: number;
manifest: string;
keepUntilMs: number | null;
}

/**
 * Builds an export's file in `tmp`: fetches the segments (each checked against its SHA-256), cuts on key frames and
 * joins them (or transcodes with the watermark), stores the clip, signs the manifest and pins the range when asked.
 */
export async function buildExport(job: ExportJob, tmp: string, signal: AbortSignal, d: ExportBuildDeps): Promise<BuiltExport> {
  const { tools, onProgress: progress } = d;
  const segments = await d.index.overlapping(job.cameraId, job.fromMs, job.toMs);
  if (segments.length === 0) throw new Error('no recorded video in the range any more (deleted by retention?)');
  const totalBytes = segments.reduce((n, s) => n + s.sizeBytes, 0);
  let fetched = 0;
  const inputs: CutInput[] = [];
  for (const [i, seg] of segments.entries()) {
    if (signal.aborted) throw new Error('cancelled');
    const file = path.join(tmp, `${String(i).padStart(6, '0')}.mp4`);
    await fetchVerifiedSegment(d.blobs, seg, file);
    fetched += seg.sizeBytes;
    progress((0.3 * fetched) / totalBytes);
    inputs.push({ file, startMs: seg.startMs, endMs: seg.endMs });
  }
  const first = inputs[0] as CutInput;
  const last = inputs[inputs.length - 1] as CutInput;
  first.keyframes = await probeKeyframes(tools.ffprobe, first.file);
  if (last !== first) last.keyframes = await probeKeyframes(tools.ffprobe, last.file);
  const plan = planCut(inputs, job.fromMs, job.toMs);
  const concatFile = path.join(tmp, 'list.ffconcat');
  await writeFile(concatFile, concatScript(plan.entries));
  const output = path.join(tmp, 'clip.mp4');
  const createdAt = isoAt(d.clock.now());
  let watermark: { textFile: string; startMs: number; fontFile?: string } | undefined;
  if (job.watermark) {
    const textFile = path.join(tmp, 'watermark.txt');
    await writeFile(textFile, `${job.cameraName}\nExported by ${job.createdByName} at ${createdAt}`);
    watermark = { textFile, startMs: plan.actualStartMs, ...(d.config.export.fontFile ? { fontFile: d.config.export.fontFile } : {}) };
  }
  await runExportFfmpeg({
    ffmpeg: tools.ffmpeg,
    concatFile,
    output,
    durationMs: plan.actualEndMs - plan.actualStartMs,
    ...(watermark ? { watermark } : {}),
    timeoutMs: d.config.export.timeoutSeconds * 1000,
    signal,
    onProgress: (p) => progress(0.3 + 0.65 * p),
  });
  const hash = createHash('sha256');
  await pipeline(createReadStream(output), hash);
  const sha256 = hash.digest('hex');
  const size = (await stat(output)).size;
  const name = fileNameOf(job.cameraName, plan.actualStartMs);
  const fileKey = `exp/${job.id}/${name}`;
  await d.blobs.put(fileKey, createReadStream(output), { contentType: 'video/mp4' });
  const used = segments.filter((s) => s.endMs > plan.actualStartMs && s.startMs < plan.actualEndMs);
  const covered = clipRanges(mergeRanges(used, d.config.gapToleranceMs), plan.actualStartMs, plan.actualEndMs);
  const pinned = job.pinned ? d.clock.now() + d.config.export.pinDays * DAY_MS : null;
  const manifest = signManifest(
    {
      format: 'argus-export-manifest',
      version: 1,
      exportId: job.id,
      camera: { id: job.cameraId, name: job.cameraName },
      requestedRange: { start: isoAt(job.fromMs), end: isoAt(job.toMs), startMs: job.fromMs, endMs: job.toMs },
      actualRange: { start: isoAt(plan.actualStartMs), end: isoAt(plan.actualEndMs), startMs: plan.actualStartMs, endMs: plan.actualEndMs },
      gaps: gapsBetween(covered, plan.actualStartMs, plan.actualEndMs),
      watermark: job.watermark,
      exportedBy: { id: job.createdById, name: job.createdByName, kind: job.createdById ? 'user' : 'system' },
      createdAt,
      segments: used.map((s: Segment) => ({ id: s.id, start: isoAt(s.startMs), end: isoAt(s.endMs), startMs: s.startMs, endMs: s.endMs, sha256: s.sha256 })),
      file: { name, sha256, size, contentType: 'video/mp4' },
    },
    d.key,
  );
  if (pinned !== null) await d.index.keep(job.cameraId, plan.actualStartMs, plan.actualEndMs, pinned);
  return {
    actualFromMs: plan.actualStartMs,
    actualToMs: plan.actualEndMs,
    fileKey,
    fileSha256: sha256,
    fileSize: size,
    manifest: JSON.stringify(manifest),
    keepUntilMs: pinned,
  };
}
