/** Pure: the ffprobe command line for a probe. */
import type { MediaTarget } from './source-url';

export interface ProbeArgsOptions {
  /** Socket I/O timeout (ms): `-timeout` (µs) for RTSP, `-rw_timeout` (µs) for other network protocols. */
  ioTimeoutMs: number;
  rtspTransport: 'tcp' | 'udp';
  /** Seconds of packets to list for measuring bit rate and frame rate. */
  sampleSeconds: number;
}

/** Input options (before the input) for reading `target` with ffmpeg/ffprobe. */
export function inputOptions(target: MediaTarget, ioTimeoutMs: number, rtspTransport: 'tcp' | 'udp'): string[] {
  const micros = String(Math.max(1, Math.round(ioTimeoutMs)) * 1000);
  switch (target.kind) {
    case 'rtsp':
      return ['-rtsp_transport', rtspTransport, '-timeout', micros];
    case 'rtmp':
    case 'http':
    case 'other':
      return ['-rw_timeout', micros];
    case 'file':
      return [];
  }
}

/**
 * One ffprobe run gives streams, format and ~sampleSeconds of packets (sizes and times), so a live source
 * (one camera session) is opened only once even when the bit rate must be measured.
 */
export function buildProbeArgs(target: MediaTarget, opts: ProbeArgsOptions): string[] {
  return [
    '-hide_banner',
    '-v', 'error',
    '-print_format', 'json',
    '-show_streams',
    '-show_format',
    '-show_entries', 'packet=stream_index,size,pts_time,dts_time,flags',
    '-read_intervals', `%+${opts.sampleSeconds}`,
    ...inputOptions(target, opts.ioTimeoutMs, opts.rtspTransport),
    '-i', target.input,
  ];
}
