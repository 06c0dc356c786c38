import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { runProcess } from '@argus/media';
import type { ClosedSegment } from '../../../src/features/recordings/engine-port';

/** Offset of the first top-level `moof` box: the size of the init part (ftyp+moov) of a fragmented MP4. */
export function initSizeOf(data: Buffer): number {
  let at = 0;
  while (at + 8 <= data.length) {
    let size = data.readUInt32BE(at);
    const type = data.toString('latin1', at + 4, at + 8);
    if (type === 'moof') return at;
    if (size === 1) size = Number(data.readBigUInt64BE(at + 8));
    if (size < 8) break;
    at += size;
  }
  throw new Error('no moof box: not a fragmented MP4');
}

/**
 * Cuts a real clip into self-contained fragmented-MP4 segments with ffmpeg (stream copy), the way the recording
 * engine does, and describes each as a ClosedSegment starting at `startMs` (durations from ffprobe).
 */
export async function cutSegments(clip: string, dir: string, opts: { seconds: number; startMs: number; sourceId: string; sessionId: string; maxSeconds?: number; ffmpeg?: string; ffprobe?: string }): Promise<ClosedSegment[]> {
  const r = await runProcess(opts.ffmpeg ?? 'ffmpeg', [
    '-v', 'error', '-i', clip, ...(opts.maxSeconds ? ['-t', String(opts.maxSeconds)] : []), '-map', '0:v:0', '-c', 'copy', '-f', 'segment', '-segment_time', String(opts.seconds), '-segment_format', 'mp4',
    '-segment_format_options', 'movflags=+frag_keyframe+empty_moov+default_base_moof', path.join(dir, 'seg%04d.mp4'),
  ], { timeoutMs: 60_000 });
  if (r.exitCode !== 0) throw new Error(`ffmpeg segmenting failed: ${r.stderr}`);
  const files = (await readdir(dir)).filter((f) => /^seg\d+\.mp4$/.test(f)).sort();
  const out: ClosedSegment[] = [];
  let at = opts.startMs;
  for (const [i, f] of files.entries()) {
    const file = path.join(dir, f);
    const data = await readFile(file);
    const probe = await runProcess(opts.ffprobe ?? 'ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=codec_name,width,height', '-of', 'json', file], { timeoutMs: 30_000 });
    const info = JSON.parse(probe.stdout) as { format: { duration: string }; streams: Array<{ codec_name: string; width?: number; height?: number }> };
    const durationMs = Math.round(Number(info.format.duration) * 1000);
    const v = info.streams[0];
    out.push({
      sourceId: opts.sourceId,
      file,
      startMs: at,
      durationMs,
      sizeBytes: data.length,
      initSize: initSizeOf(data),
      videoCodec: v?.codec_name ?? 'h264',
      width: v?.width ?? null,
      height: v?.height ?? null,
      hasAudio: false,
      sha256: createHash('sha256').update(data).digest('hex'),
      sessionId: opts.sessionId,
      sequence: i,
      recovered: false,
    });
    at += durationMs;
  }
  return out;
}
