/**
 * Pure ISO-BMFF (MP4) parsing for recorded segments: top-level boxes, the init part (moov: tracks, timescales,
 * codecs, sizes, trex defaults) and fragments (moof/traf: tfhd, tfdt, trun). No I/O: callers pass a Buffer.
 * What a whole segment holds is judged in segment-analysis.ts.
 */

export interface BoxHeader {
  type: string;
  /** Offset of the box's first byte in the buffer. */
  offset: number;
  /** Header length: 8, 16 (64-bit size) or +16 for 'uuid'. */
  headerSize: number;
  /** Declared size in bytes (for size 0, "to the end", the rest of the buffer). */
  size: number;
  /** False when the declared size runs past the end of the buffer (a truncated file). */
  complete: boolean;
}

function fourcc(buf: Buffer, at: number): string {
  return buf.toString('latin1', at, at + 4);
}

/** Reads one box header at `offset` (within [offset, end)); null when not even a header fits or it is malformed. */
export function readBoxHeader(buf: Buffer, offset: number, end = buf.length): BoxHeader | null {
  if (offset + 8 > end) return null;
  let size = buf.readUInt32BE(offset);
  const type = fourcc(buf, offset + 4);
  let headerSize = 8;
  if (size === 1) {
    if (offset + 16 > end) return null;
    const big = buf.readBigUInt64BE(offset + 8);
    if (big > BigInt(Number.MAX_SAFE_INTEGER)) return null;
    size = Number(big);
    headerSize = 16;
  } else if (size === 0) {
    size = end - offset;
  }
  if (type === 'uuid') headerSize += 16;
  if (size < headerSize) return null;
  return { type, offset, headerSize, size, complete: offset + size <= end };
}

/** The boxes one after another in [start, end); stops at a malformed header; the last may be incomplete. */
export function listBoxes(buf: Buffer, start = 0, end = buf.length): BoxHeader[] {
  const boxes: BoxHeader[] = [];
  let offset = start;
  while (offset < end) {
    const box = readBoxHeader(buf, offset, end);
    if (box === null) break;
    boxes.push(box);
    if (!box.complete) break;
    offset += box.size;
  }
  return boxes;
}

/** The boxes inside a container box. */
export function children(buf: Buffer, box: BoxHeader): BoxHeader[] {
  return listBoxes(buf, box.offset + box.headerSize, box.offset + box.size);
}

/** The first box of a type inside a container box. */
export function child(buf: Buffer, box: BoxHeader, type: string): BoxHeader | undefined {
  return children(buf, box).find((b) => b.type === type);
}

/** Follows a path of container types ("mdia/minf/stbl") under a box. */
function descend(buf: Buffer, box: BoxHeader, path: string): BoxHeader | undefined {
  let current: BoxHeader | undefined = box;
  for (const type of path.split('/')) {
    if (current === undefined) return undefined;
    current = child(buf, current, type);
  }
  return current;
}

/** Payload start of a full box (after version and flags). */
const fullBoxBody = (box: BoxHeader): number => box.offset + box.headerSize + 4;
const version = (buf: Buffer, box: BoxHeader): number => buf.readUInt8(box.offset + box.headerSize);
const flags = (buf: Buffer, box: BoxHeader): number => buf.readUInt32BE(box.offset + box.headerSize) & 0xffffff;

function readU64(buf: Buffer, at: number): number {
  return Number(buf.readBigUInt64BE(at));
}

export interface TrackDefaults {
  sampleDuration: number;
  sampleSize: number;
  sampleFlags: number;
}

export interface TrackInfo {
  trackId: number;
  /** hdlr handler type: 'vide', 'soun', … */
  handler: string;
  timescale: number;
  /** Sample entry type: 'avc1', 'hvc1', 'mp4a', … */
  sampleEntry: string;
  /** Coded size from the visual sample entry (video only). */
  width: number | null;
  height: number | null;
  /** trex defaults from moov/mvex (fragmented files). */
  defaults: TrackDefaults;
}

export interface MovieInfo {
  timescale: number;
  tracks: TrackInfo[];
  /** True when moov has mvex (the file is fragmented). */
  fragmented: boolean;
}

/** Parses a complete moov box. Throws on a structure that makes no sense. */
export function parseMoov(buf: Buffer, moov: BoxHeader): MovieInfo {
  const mvhd = child(buf, moov, 'mvhd');
  if (mvhd === undefined) throw new Error('moov has no mvhd');
  const timescale = buf.readUInt32BE(fullBoxBody(mvhd) + (version(buf, mvhd) === 1 ? 16 : 8));
  const mvex = child(buf, moov, 'mvex');
  const trex = new Map<number, TrackDefaults>();
  if (mvex !== undefined) {
    for (const box of children(buf, mvex)) {
      if (box.type !== 'trex') continue;
      const at = fullBoxBody(box);
      trex.set(buf.readUInt32BE(at), {
        sampleDuration: buf.readUInt32BE(at + 8),
        sampleSize: buf.readUInt32BE(at + 12),
        sampleFlags: buf.readUInt32BE(at + 16),
      });
    }
  }
  const tracks: TrackInfo[] = [];
  for (const trak of children(buf, moov)) {
    if (trak.type !== 'trak') continue;
    const tkhd = child(buf, trak, 'tkhd');
    const mdhd = descend(buf, trak, 'mdia/mdhd');
    const hdlr = descend(buf, trak, 'mdia/hdlr');
    const stsd = descend(buf, trak, 'mdia/minf/stbl/stsd');
    if (tkhd === undefined || mdhd === undefined || hdlr === undefined || stsd === undefined) {
      throw new Error('trak lacks tkhd, mdhd, hdlr or stsd');
    }
    const trackId = buf.readUInt32BE(fullBoxBody(tkhd) + (version(buf, tkhd) === 1 ? 16 : 8));
    const trackTimescale = buf.readUInt32BE(fullBoxBody(mdhd) + (version(buf, mdhd) === 1 ? 16 : 8));
    const handler = fourcc(buf, fullBoxBody(hdlr) + 4);
    const entry = readBoxHeader(buf, fullBoxBody(stsd) + 4, stsd.offset + stsd.size);
    if (entry === null) throw new Error('stsd has no sample entry');
    const isVideo = handler === 'vide' && entry.size >= entry.headerSize + 28;
    const base = entry.offset + entry.headerSize;
    tracks.push({
      trackId,
      handler,
      timescale: trackTimescale,
      sampleEntry: entry.type,
      width: isVideo ? buf.readUInt16BE(base + 24) : null,
      height: isVideo ? buf.readUInt16BE(base + 26) : null,
      defaults: trex.get(trackId) ?? { sampleDuration: 0, sampleSize: 0, sampleFlags: 0 },
    });
  }
  if (timescale === 0 || tracks.some((t) => t.timescale === 0)) throw new Error('a timescale is 0');
  return { timescale, tracks, fragmented: mvex !== undefined };
}

export interface TrackRun {
  trackId: number;
  /** tfdt baseMediaDecodeTime, in the track's timescale (null when the traf has no tfdt). */
  baseDecodeTime: number | null;
  sampleCount: number;
  /** Sum of sample durations, in the track's timescale. */
  duration: number;
  /** Sum of sample sizes in bytes. */
  dataSize: number;
  /** Absolute offset of the first sample's data in the file (from base data offset + trun data_offset). */
  dataOffset: number;
  /** Whether the first sample is a sync sample (key frame). */
  firstIsSync: boolean;
}

const SAMPLE_NON_SYNC = 0x10000;

function parseTraf(buf: Buffer, traf: BoxHeader, moofOffset: number, movie: MovieInfo): TrackRun {
  // One pass over the traf's children: a segment has a fragment every 100 ms with live view on (40 per 4 s segment).
  const boxes = children(buf, traf);
  const tfhd = boxes.find((b) => b.type === 'tfhd');
  if (tfhd === undefined) throw new Error('traf has no tfhd');
  const tf = flags(buf, tfhd);
  let at = fullBoxBody(tfhd);
  const trackId = buf.readUInt32BE(at);
  at += 4;
  const track = movie.tracks.find((t) => t.trackId === trackId);
  if (track === undefined) throw new Error(`traf for unknown track ${trackId}`);
  let baseDataOffset = moofOffset; // default-base-is-moof, or the moof when absent too (single traf files)
  if (tf & 0x1) {
    baseDataOffset = readU64(buf, at);
    at += 8;
  }
  if (tf & 0x2) at += 4;
  let defaultDuration = track.defaults.sampleDuration;
  let defaultSize = track.defaults.sampleSize;
  let defaultFlags = track.defaults.sampleFlags;
  if (tf & 0x8) {
    defaultDuration = buf.readUInt32BE(at);
    at += 4;
  }
  if (tf & 0x10) {
    defaultSize = buf.readUInt32BE(at);
    at += 4;
  }
  if (tf & 0x20) defaultFlags = buf.readUInt32BE(at);

  const tfdt = boxes.find((b) => b.type === 'tfdt');
  const baseDecodeTime =
    tfdt === undefined ? null : version(buf, tfdt) === 1 ? readU64(buf, fullBoxBody(tfdt)) : buf.readUInt32BE(fullBoxBody(tfdt));

  let sampleCount = 0;
  let duration = 0;
  let dataSize = 0;
  let dataOffset = -1;
  let firstIsSync = false;
  for (const trun of boxes) {
    if (trun.type !== 'trun') continue;
    const rf = flags(buf, trun);
    let p = fullBoxBody(trun);
    const count = buf.readUInt32BE(p);
    p += 4;
    let runOffset = baseDataOffset + dataSize;
    if (rf & 0x1) {
      runOffset = baseDataOffset + buf.readInt32BE(p);
      p += 4;
    }
    let firstFlags: number | null = null;
    if (rf & 0x4) {
      firstFlags = buf.readUInt32BE(p);
      p += 4;
    }
    const perSample = (((rf >> 8) & 1) + ((rf >> 9) & 1) + ((rf >> 10) & 1) + ((rf >> 11) & 1)) * 4;
    if (p + count * perSample > trun.offset + trun.size) throw new Error('trun is shorter than its samples');
    for (let i = 0; i < count; i += 1) {
      let sampleDuration = defaultDuration;
      let sampleSize = defaultSize;
      let sampleFlags = i === 0 && firstFlags !== null ? firstFlags : defaultFlags;
      if (rf & 0x100) {
        sampleDuration = buf.readUInt32BE(p);
        p += 4;
      }
      if (rf & 0x200) {
        sampleSize = buf.readUInt32BE(p);
        p += 4;
      }
      if (rf & 0x400) {
        sampleFlags = buf.readUInt32BE(p);
        p += 4;
      }
      if (rf & 0x800) p += 4;
      if (sampleCount === 0 && i === 0) firstIsSync = (sampleFlags & SAMPLE_NON_SYNC) === 0;
      duration += sampleDuration;
      dataSize += sampleSize;
    }
    if (dataOffset < 0) dataOffset = runOffset;
    sampleCount += count;
  }
  return { trackId, baseDecodeTime, sampleCount, duration, dataSize, dataOffset: Math.max(dataOffset, moofOffset), firstIsSync };
}

/** Parses a complete moof box into one run summary per traf. */
export function parseMoof(buf: Buffer, moof: BoxHeader, movie: MovieInfo): TrackRun[] {
  return children(buf, moof)
    .filter((b) => b.type === 'traf')
    .map((traf) => parseTraf(buf, traf, moof.offset, movie));
}

/** Names ffmpeg uses for MP4 sample entries. */
const CODEC_NAMES: Readonly<Record<string, string>> = {
  avc1: 'h264', avc2: 'h264', avc3: 'h264', avc4: 'h264',
  hvc1: 'hevc', hev1: 'hevc',
  av01: 'av1', vp08: 'vp8', vp09: 'vp9', mp4v: 'mpeg4', mjp2: 'jpeg2000', jpeg: 'mjpeg',
  mp4a: 'aac', 'ac-3': 'ac3', 'ec-3': 'eac3', Opus: 'opus', fLaC: 'flac', alac: 'alac', '.mp3': 'mp3',
};

/** ffmpeg's name for a sample entry type ('avc1' → 'h264'); unknown types are returned as they are. */
export function codecName(sampleEntry: string): string {
  return CODEC_NAMES[sampleEntry] ?? sampleEntry.trim();
}
