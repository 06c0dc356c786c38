/** The ffmpeg command line of a frame source (pure): input options, sampling, scaling, raw output on stdout. */

export type FramePixelFormat = 'bgr24' | 'gray8';
export type FramePacing = 'fast' | 'realtime';

export interface FrameSourceSpec {
  /** A file path or a URL (rtsp://, rtmp://, http(s)://, srt://, udp://, …). */
  input: string;
  /** Frames per second to sample; 'source' keeps every decoded frame. Default 5. */
  fps?: number | 'source';
  /** Output size; give one and the other follows the aspect ratio (even). Default: the source size. */
  width?: number;
  height?: number;
  /** Default 'bgr24'. */
  format?: FramePixelFormat;
  /** Decode key frames only (`-skip_frame nokey`): very cheap, about one frame per GOP. `fps` is then ignored. */
  keyframesOnly?: boolean;
  /** Files: 'fast' decodes as fast as the CPU allows, 'realtime' paces at the native rate (`-re`). Live inputs are real time anyway. Default 'fast'. */
  pacing?: FramePacing;
  /** Start this many seconds into a file (input seek). */
  startS?: number;
  /** Stop after this many seconds of input. */
  durationS?: number;
  /** Network inputs: socket I/O timeout in ms, after which ffmpeg itself gives up. Default 10 000. */
  ioTimeoutMs?: number;
  /** RTSP transport. Default 'tcp'. */
  rtspTransport?: 'tcp' | 'udp';
}

/** True for inputs that are URLs with a network scheme (not plain paths or file:). */
export function isNetworkInput(input: string): boolean {
  const m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(input);
  return m !== null && m[1]!.toLowerCase() !== 'file';
}

export function isRtspInput(input: string): boolean {
  return /^rtsps?:\/\//i.test(input);
}

function scaleFilter(width: number | undefined, height: number | undefined): string | null {
  if (width === undefined && height === undefined) return null;
  const w = width !== undefined ? String(Math.round(width)) : '-2';
  const h = height !== undefined ? String(Math.round(height)) : '-2';
  return `scale=${w}:${h}:flags=area`;
}

/** The filter chain; always ends in showinfo, whose log lines carry each output frame's timestamp. */
export function frameSourceFilter(spec: FrameSourceSpec): string {
  const parts: string[] = [];
  const fps = spec.fps ?? 5;
  if (spec.keyframesOnly !== true && fps !== 'source') {
    if (!(fps > 0)) throw new Error(`fps must be positive or 'source', got ${String(fps)}`);
    parts.push(`fps=${fps}`);
  }
  const scale = scaleFilter(spec.width, spec.height);
  if (scale !== null) parts.push(scale);
  parts.push('showinfo');
  return parts.join(',');
}

export function frameSourceArgs(spec: FrameSourceSpec): string[] {
  const network = isNetworkInput(spec.input);
  const timeoutUs = String(Math.round((spec.ioTimeoutMs ?? 10_000) * 1000));
  const inputOpts: string[] = [];
  if (network) {
    if (isRtspInput(spec.input)) inputOpts.push('-rtsp_transport', spec.rtspTransport ?? 'tcp', '-timeout', timeoutUs);
    else if (/^(https?|rtmps?|tcp|tls):\/\//i.test(spec.input)) inputOpts.push('-rw_timeout', timeoutUs);
  } else if (spec.pacing === 'realtime') {
    inputOpts.push('-re');
  }
  if (spec.keyframesOnly === true) inputOpts.push('-skip_frame', 'nokey');
  if (spec.startS !== undefined && spec.startS > 0) inputOpts.push('-ss', String(spec.startS));
  if (spec.durationS !== undefined) inputOpts.push('-t', String(spec.durationS));
  return [
    '-hide_banner',
    '-nostdin',
    '-nostats',
    '-loglevel',
    'info',
    ...inputOpts,
    '-i',
    spec.input,
    '-map',
    '0:v:0',
    '-an',
    '-sn',
    '-dn',
    '-vf',
    frameSourceFilter(spec),
    // Pass decoded frames through as they come (the fps filter, when present, already set the rate).
    '-fps_mode',
    'passthrough',
    '-pix_fmt',
    (spec.format ?? 'bgr24') === 'gray8' ? 'gray' : 'bgr24',
    // One encoder thread: with more, ffmpeg 5.1's rawvideo encoder runs frame threads and keeps each frame until the
    // next one comes (a frame interval of latency for live inputs; no gain for files, the detector is the bottleneck).
    '-threads',
    '1',
    '-f',
    'rawvideo',
    'pipe:1',
  ];
}
