/**
 * Parsing of ffmpeg's stderr for a frame source (pure): the input's frame rate, the output size, each output
 * frame's timestamp (from the showinfo filter), and a classification of fatal errors into stable codes.
 */

export type FrameSourceErrorCode =
  | 'SOURCE_NOT_FOUND'
  | 'NOT_A_VIDEO'
  | 'SOURCE_UNREACHABLE'
  | 'STREAM_STALLED'
  | 'STREAM_ENDED'
  | 'DECODE_FAILED'
  | 'FFMPEG_MISSING';

/** One output frame's timestamp as showinfo prints it: `n:   3 pts:  92160 pts_time:7.2 …`. */
export function parseShowinfoPts(line: string): { n: number; ptsTime: number } | null {
  const m = /\bn:\s*(\d+)\s+pts:\s*(-?\d+|NOPTS)\s+pts_time:\s*(-?[\d.]+(?:e[-+]?\d+)?|NOPTS)/.exec(line);
  if (m === null) return null;
  const t = Number(m[3]);
  return { n: Number(m[1]), ptsTime: Number.isFinite(t) ? t : Number.NaN };
}

/** The first input video stream's frame rate (`…, 10 fps, 10 tbr, …`; `tbr` when fps is missing). */
export function parseInputFps(line: string): number | null {
  if (!/Stream #0:\d+.*: Video:/.test(line)) return null;
  const fps = /,\s*([\d.]+)(k?)\s+fps\b/.exec(line);
  const tbr = /,\s*([\d.]+)(k?)\s+tbr\b/.exec(line);
  const m = fps ?? tbr;
  if (m === null) return null;
  const v = Number(m[1]) * (m[2] === 'k' ? 1000 : 1);
  return Number.isFinite(v) && v > 0 ? v : null;
}

/** The output raw video stream's size (`Stream #0:0: Video: rawvideo (…), bgr24(…), 240x180 [SAR …], …`). */
export function parseOutputSize(line: string): { width: number; height: number } | null {
  if (!/Stream #0:\d+.*: Video: rawvideo/.test(line)) return null;
  const m = /,\s*(\d{1,5})x(\d{1,5})\b/.exec(line);
  return m === null ? null : { width: Number(m[1]), height: Number(m[2]) };
}

/** Maps ffmpeg's last words to an error code; null when nothing recognisable. */
export function classifyFfmpegError(stderr: string): FrameSourceErrorCode | null {
  if (/No such file or directory/i.test(stderr)) return 'SOURCE_NOT_FOUND';
  if (/Server returned 404|404 Not Found/i.test(stderr)) return 'SOURCE_NOT_FOUND';
  if (
    /Connection refused|Connection timed out|Network is unreachable|No route to host|Server returned 40[13]|401 Unauthorized|Name or service not known|Failed to resolve hostname|Immediate exit requested|timed out/i.test(
      stderr,
    )
  ) {
    return 'SOURCE_UNREACHABLE';
  }
  if (
    /Invalid data found when processing input|does not contain any stream|matches no streams|could not find codec parameters|Unknown input format|moov atom not found|Invalid argument/i.test(
      stderr,
    )
  ) {
    return 'NOT_A_VIDEO';
  }
  return null;
}

/** The last `n` non-empty lines of a log, without showinfo's per-frame noise. */
export function lastLogLines(stderr: string, n = 3): string {
  return stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('[Parsed_showinfo'))
    .slice(-n)
    .join(' | ');
}
