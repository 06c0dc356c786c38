/**
 * Pure: the ffmpeg command line of one recording run. Stream copy only (never a transcode), one video and at most
 * one audio stream, cut by the segment muxer into self-contained fragmented MP4 files.
 *
 * Why each option (all verified with ffmpeg 5.1):
 * - `-f segment -segment_time N`: cuts at the first key frame at or after each multiple of N s; `-segment_list`
 *   (csv) gets one line when a segment is closed: our signal to hand it over, and a journal for crash recovery.
 * - movflags `+frag_keyframe+empty_moov+default_base_moof` + `frag_duration`: each segment is ftyp+moov followed
 *   by moof+mdat fragments of at most 1 s (or one GOP), so a file cut short by a crash keeps everything up to its
 *   last complete fragment. With live view on, fragments are `live.fragmentMs` (100 ms) instead: live view reads
 *   them from the segment being written (segment-follower.ts), so the fragment length is its latency. `flush_packets=1` makes every fragment reach the file when it is complete (otherwise
 *   ffmpeg writes in 256 KiB blocks and a crash can lose several seconds of a low-bit-rate camera).
 * - Timestamps are NOT reset per segment (`-reset_timestamps 0`, the default): `+frag_discont` makes each segment's
 *   tfdt carry the run's continuous decode time, so segments of one run concatenate and play back-to-back (one HLS
 *   discontinuity per run, not per segment), and a segment's start and duration can be read from its own boxes.
 *   The sub-muxer gets `avoid_negative_ts=make_non_negative` because mp4's default ("make_zero" in fragmented
 *   mode) would restart every segment at 0.
 * - `-initial_offset 10` with `-avoid_negative_ts disabled` on the outer muxer: B-frame sources start with a
 *   negative DTS, and the default shift would move the file timeline away from ffmpeg's progress clock by an unknown
 *   amount. Adding a fixed 10 s instead keeps every DTS positive, so file time = progress time + 10 s exactly, which
 *   is what the wall-clock anchor relies on. (ffmpeg 5.1 prints a deprecation note for it; `-output_ts_offset` is
 *   not equivalent: the segment muxer would then cut at absolute times and make the first segments short.)
 * - `use_editlist=0`: an empty_moov file cannot carry a meaningful edit list (ffmpeg warns otherwise).
 * - `-progress pipe:1 -stats_period 0.5`: a heartbeat with the output time while packets flow (stall detection and
 *   the wall-clock anchor).
 */
import { inputOptions } from '../probe-args';
import type { MediaTarget } from '../source-url';
import type { SessionPaths } from './work-dir-layout';

/** Seconds added to every timestamp of a run (see above); a segment's stream time is tfdt/timescale minus this. */
export const STREAM_TIME_OFFSET_S = 10;
/** Longest fragment inside a segment without live view; bounds what a crash can lose. */
export const FRAGMENT_MAX_US = 1_000_000;

export interface RecorderArgsOptions {
  target: MediaTarget;
  segmentSeconds: number;
  /** Socket I/O timeout for network inputs. */
  ioTimeoutMs: number;
  loopFiles: boolean;
  /** 'drop' after the container refused the source's audio codec (e.g. G.711 in MP4). */
  audio: 'copy' | 'drop';
  paths: SessionPaths;
  statsPeriodS?: number;
  /** Read file sources at their native rate (`-re`, a live camera); default true. */
  realtime?: boolean;
  /** Fragment length inside segments, ms (live view's fragment length when it is on); default FRAGMENT_MAX_US. */
  fragmentMs?: number;
}

export const SEGMENT_MOVFLAGS = '+frag_keyframe+empty_moov+default_base_moof+frag_discont';

export function segmentFormatOptions(fragmentUs = FRAGMENT_MAX_US): string {
  return [
    `movflags=${SEGMENT_MOVFLAGS}`,
    `frag_duration=${Math.max(1000, Math.round(fragmentUs))}`,
    'avoid_negative_ts=make_non_negative',
    'use_editlist=0',
    'flush_packets=1',
  ].join(':');
}

function formatSeconds(s: number): string {
  return String(Math.round(s * 1000) / 1000);
}

export function buildRecorderArgs(opts: RecorderArgsOptions): string[] {
  const { target } = opts;
  const input =
    target.kind === 'file'
      ? [...(opts.loopFiles ? ['-stream_loop', '-1'] : []), ...(opts.realtime === false ? [] : ['-re'])]
      : inputOptions(target, opts.ioTimeoutMs, 'tcp');
  return [
    '-nostdin', '-hide_banner', '-nostats',
    '-loglevel', 'warning',
    '-progress', 'pipe:1',
    '-stats_period', formatSeconds(opts.statsPeriodS ?? 0.5),
    ...input,
    '-i', target.input,
    '-map', '0:v:0',
    ...(opts.audio === 'copy' ? ['-map', '0:a:0?'] : []),
    '-c', 'copy',
    '-avoid_negative_ts', 'disabled',
    '-f', 'segment',
    '-segment_time', formatSeconds(opts.segmentSeconds),
    '-reset_timestamps', '0',
    '-initial_offset', String(STREAM_TIME_OFFSET_S),
    '-segment_format', 'mp4',
    '-segment_format_options', segmentFormatOptions(opts.fragmentMs === undefined ? FRAGMENT_MAX_US : opts.fragmentMs * 1000),
    '-segment_list', opts.paths.segmentList,
    '-segment_list_type', 'csv',
    opts.paths.segmentPattern,
  ];
}
