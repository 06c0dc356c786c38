/** Pure parsing of ffprobe's JSON (`-show_streams -show_format -show_entries packet=...`) into a probe result. */
import type { ProbeAudio, ProbeOk, ProbeVideo } from './probe-types';

export type ParsedProbe =
  | Omit<ProbeOk, 'elapsedMs'>
  | { ok: false; reason: 'not_video' | 'error'; message: string };

export interface PacketSample {
  /** Bytes of the packets of the stream. */
  bytes: number;
  count: number;
  kbps: number | null;
  fps: number | null;
}

/** ffprobe "codecs" that describe text art (tty, bintext demuxers), not pictures. */
const PSEUDO_VIDEO_CODECS = new Set(['ansi', 'bintext', 'xbin', 'idf']);
const MAX_SANE_FPS = 1000;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && value !== 'unknown' ? value : undefined;
}

/** Numbers arrive as JSON numbers or strings ("209092", "N/A"). */
function num(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : null;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;
const round3 = (n: number): number => Math.round(n * 1000) / 1000;

/** "12/1" → 12, "30000/1001" → 29.97, "0/0" → null, "25" → 25. */
export function parseFrameRate(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const [a, b] = value.split('/');
  const numerator = Number(a);
  const denominator = b === undefined ? 1 : Number(b);
  if (!Number.isFinite(numerator) || !Number.isFinite(denominator) || numerator <= 0 || denominator <= 0) return null;
  const fps = numerator / denominator;
  return fps > 0 && fps <= MAX_SANE_FPS ? round3(fps) : null;
}

/** Bit rate and frame rate measured from the packets of one stream (sizes and timestamps). */
export function measurePackets(packets: unknown, streamIndex: number): PacketSample {
  const list = Array.isArray(packets) ? packets.filter(isObject) : [];
  let bytes = 0;
  let count = 0;
  const times: number[] = [];
  for (const p of list) {
    if (num(p.stream_index) !== streamIndex) continue;
    count += 1;
    bytes += num(p.size) ?? 0;
    const t = num(p.pts_time) ?? num(p.dts_time);
    if (t !== null) times.push(t);
  }
  if (times.length < 2) return { bytes, count, kbps: null, fps: null };
  const span = Math.max(...times) - Math.min(...times);
  if (span <= 0) return { bytes, count, kbps: null, fps: null };
  const interval = span / (times.length - 1);
  const covered = interval * count; // each packet stands for one frame interval
  const fps = 1 / interval;
  return { bytes, count, kbps: round1((bytes * 8) / covered / 1000), fps: fps <= MAX_SANE_FPS ? round3(fps) : null };
}

function isRealVideo(s: Json): boolean {
  if (s.codec_type !== 'video') return false;
  const codec = str(s.codec_name);
  if (codec !== undefined && PSEUDO_VIDEO_CODECS.has(codec)) return false;
  const disposition = isObject(s.disposition) ? s.disposition : {};
  return num(disposition.attached_pic) !== 1; // cover art in audio files
}

function describeStreams(streams: Json[]): string {
  if (streams.length === 0) return 'no streams at all';
  const parts = streams.map((s) => `${str(s.codec_type) ?? 'unknown'} (${str(s.codec_name) ?? '?'})`);
  return `only ${parts.join(', ')}`;
}

function parseVideo(s: Json, packets: unknown): ProbeVideo | string {
  const width = num(s.width) ?? 0;
  const height = num(s.height) ?? 0;
  const codec = str(s.codec_name);
  if (codec === undefined) return 'its video codec could not be identified';
  if (width <= 0 || height <= 0) return `the frame size of its ${codec} video could not be determined`;
  const index = num(s.index) ?? 0;
  const sample = measurePackets(packets, index);
  const declaredBps = num(s.bit_rate);
  const video: ProbeVideo = {
    codec,
    width,
    height,
    fps: parseFrameRate(s.avg_frame_rate) ?? sample.fps ?? parseFrameRate(s.r_frame_rate),
    bitRateKbps: declaredBps !== null && declaredBps > 0 ? round1(declaredBps / 1000) : sample.kbps,
  };
  const profile = str(s.profile);
  if (profile !== undefined) video.profile = profile;
  const pixFmt = str(s.pix_fmt);
  if (pixFmt !== undefined) video.pixFmt = pixFmt;
  return video;
}

function parseAudio(s: Json | undefined): ProbeAudio | null {
  if (s === undefined) return null;
  return { codec: str(s.codec_name) ?? 'unknown', sampleRate: num(s.sample_rate), channels: num(s.channels) };
}

/** Parses ffprobe's JSON output; `where` names the source (redacted) in messages. */
export function parseProbeOutput(output: unknown, where: string): ParsedProbe {
  if (!isObject(output)) return { ok: false, reason: 'error', message: `ffprobe gave no readable answer for ${where}.` };
  const streams = Array.isArray(output.streams) ? output.streams.filter(isObject) : [];
  const format = isObject(output.format) ? output.format : {};
  const videoStream = streams.find(isRealVideo);
  if (videoStream === undefined) {
    return { ok: false, reason: 'not_video', message: `${where} has no video stream (${describeStreams(streams)}).` };
  }
  const video = parseVideo(videoStream, output.packets);
  if (typeof video === 'string') return { ok: false, reason: 'error', message: `${where} has a video stream but ${video}.` };
  const duration = num(format.duration);
  return {
    ok: true,
    video,
    audio: parseAudio(streams.find((s) => s.codec_type === 'audio')),
    container: str(format.format_name) ?? 'unknown',
    durationS: duration !== null && duration > 0 ? round3(duration) : null,
  };
}

/** Parses ffprobe's stdout text (JSON). */
export function parseProbeJson(stdout: string, where: string): ParsedProbe {
  let data: unknown;
  try {
    data = JSON.parse(stdout);
  } catch (err) {
    return { ok: false, reason: 'error', message: `ffprobe's answer for ${where} is not JSON (${(err as Error).message}).` };
  }
  return parseProbeOutput(data, where);
}
