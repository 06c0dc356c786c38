/**
 * Pure: the ffmpeg command line of a live remux. Stream copy of the first video stream (never a transcode) into
 * fragmented MP4 on stdout: `+frag_keyframe+empty_moov+default_base_moof` gives ftyp+moov at once and a fragment at
 * every key frame, `-frag_duration` cuts fragments inside a GOP too (latency ≈ one fragment), `flush_packets=1` and
 * `-fflags nobuffer -flags low_delay` keep ffmpeg from holding data back. Audio is not carried (see docs/live.md).
 */
import { inputOptions } from '../probe-args';
import type { MediaTarget } from '../source-url';

export interface LiveRemuxArgsOptions {
  target: MediaTarget;
  /** Longest fragment, ms (a key frame always starts a new one). */
  fragmentMs: number;
  ioTimeoutMs: number;
  /** File sources: loop and read at the native rate like a camera. */
  loopFiles: boolean;
}

export function buildLiveRemuxArgs(opts: LiveRemuxArgsOptions): string[] {
  const { target } = opts;
  const input =
    target.kind === 'file'
      ? [...(opts.loopFiles ? ['-stream_loop', '-1'] : []), '-re']
      : inputOptions(target, opts.ioTimeoutMs, 'tcp');
  return [
    '-nostdin', '-hide_banner', '-nostats',
    '-loglevel', 'error',
    '-fflags', '+nobuffer+genpts',
    '-flags', 'low_delay',
    ...input,
    '-i', target.input,
    ...liveFragmentOutputArgs(opts.fragmentMs, 'pipe:1'),
  ];
}

/**
 * The output half shared by the live remux and the recorder's live tap: the first video stream copied into
 * fragmented MP4 with fragments of at most `fragmentMs`, flushed as each completes, written to `target`.
 */
export function liveFragmentOutputArgs(fragmentMs: number, target: string): string[] {
  return [
    '-map', '0:v:0',
    '-c', 'copy',
    '-an',
    '-f', 'mp4',
    '-movflags', '+frag_keyframe+empty_moov+default_base_moof',
    '-frag_duration', String(Math.max(1, Math.round(fragmentMs * 1000))),
    '-flush_packets', '1',
    target,
  ];
}
