/**
 * Pure H.264 sample extraction from the live fragmented MP4: the avcC configuration of the init segment (NAL length
 * size, SPS and PPS), the samples of a moof+mdat fragment (bytes from the trun sample sizes, decode time, composition
 * offset, key-frame flag) and the AVCC length-prefixed NAL units of one sample. No I/O, no timers.
 */
import { listBoxes, parseMoov, type BoxHeader } from '../recording/mp4-boxes';

export interface AvcConfig {
  trackId: number;
  timescale: number;
  /** Bytes of each NAL length prefix (1, 2 or 4). */
  lengthSize: number;
  sps: Buffer[];
  pps: Buffer[];
}

export interface H264Sample {
  /** Decode time in the track's timescale. */
  dts: number;
  /** Composition (presentation) offset in the track's timescale (may be negative with trun version 1). */
  cto: number;
  keyframe: boolean;
  /** AVCC: length-prefixed NAL units. */
  data: Buffer;
}

export class H264SampleError extends Error {}

function find(buf: Buffer, parent: BoxHeader | null, type: string): BoxHeader | undefined {
  const start = parent ? parent.offset + parent.headerSize : 0;
  const end = parent ? parent.offset + parent.size : buf.length;
  return listBoxes(buf, start, end).find((b) => b.type === type);
}

/** The avcC of an init segment (ftyp+moov); throws H264SampleError when the video track is not H.264. */
export function parseAvcConfig(init: Buffer): AvcConfig {
  const moov = find(init, null, 'moov');
  if (!moov) throw new H264SampleError('the init segment has no moov');
  const movie = parseMoov(init, moov);
  const video = movie.tracks.find((t) => t.handler === 'vide');
  if (!video) throw new H264SampleError('the stream has no video track');
  if (!video.sampleEntry.startsWith('avc')) throw new H264SampleError(`video codec ${video.sampleEntry} is not H.264`);
  const at = init.indexOf('avcC', moov.offset, 'latin1');
  if (at < 4) throw new H264SampleError('no avcC box');
  const boxEnd = Math.min(at - 4 + init.readUInt32BE(at - 4), init.length);
  let p = at + 4; // configurationVersion
  if (p + 6 > boxEnd) throw new H264SampleError('avcC is truncated');
  const lengthSize = (init.readUInt8(p + 4) & 0x03) + 1;
  const numSps = init.readUInt8(p + 5) & 0x1f;
  p += 6;
  const read = (count: number): Buffer[] => {
    const out: Buffer[] = [];
    for (let i = 0; i < count; i += 1) {
      if (p + 2 > boxEnd) throw new H264SampleError('avcC is truncated');
      const n = init.readUInt16BE(p);
      p += 2;
      if (p + n > boxEnd) throw new H264SampleError('avcC is truncated');
      out.push(Buffer.from(init.subarray(p, p + n)));
      p += n;
    }
    return out;
  };
  const sps = read(numSps);
  if (p + 1 > boxEnd) throw new H264SampleError('avcC is truncated');
  const numPps = init.readUInt8(p);
  p += 1;
  const pps = read(numPps);
  return { trackId: video.trackId, timescale: video.timescale, lengthSize, sps, pps };
}

const NON_SYNC = 0x10000;

/** The samples of the video track in one fragment (moof followed by mdat, default-base-is-moof or explicit offsets). */
export function fragmentSamples(fragment: Buffer, cfg: Pick<AvcConfig, 'trackId'>): H264Sample[] {
  const moof = find(fragment, null, 'moof');
  if (!moof || !moof.complete) throw new H264SampleError('the fragment has no complete moof');
  const out: H264Sample[] = [];
  for (const traf of listBoxes(fragment, moof.offset + moof.headerSize, moof.offset + moof.size)) {
    if (traf.type !== 'traf') continue;
    const tfhd = find(fragment, traf, 'tfhd');
    if (!tfhd) throw new H264SampleError('traf has no tfhd');
    const tf = fragment.readUInt32BE(tfhd.offset + tfhd.headerSize) & 0xffffff;
    let at = tfhd.offset + tfhd.headerSize + 4;
    const trackId = fragment.readUInt32BE(at);
    if (trackId !== cfg.trackId) continue;
    at += 4;
    let base = moof.offset;
    if (tf & 0x1) {
      base = Number(fragment.readBigUInt64BE(at));
      at += 8;
    }
    if (tf & 0x2) at += 4;
    let defDuration = 0;
    let defSize = 0;
    let defFlags = 0;
    if (tf & 0x8) { defDuration = fragment.readUInt32BE(at); at += 4; }
    if (tf & 0x10) { defSize = fragment.readUInt32BE(at); at += 4; }
    if (tf & 0x20) defFlags = fragment.readUInt32BE(at);
    const tfdt = find(fragment, traf, 'tfdt');
    let dts = 0;
    if (tfdt) {
      const v = fragment.readUInt8(tfdt.offset + tfdt.headerSize);
      const body = tfdt.offset + tfdt.headerSize + 4;
      dts = v === 1 ? Number(fragment.readBigUInt64BE(body)) : fragment.readUInt32BE(body);
    }
    let nextData = base;
    for (const trun of listBoxes(fragment, traf.offset + traf.headerSize, traf.offset + traf.size)) {
      if (trun.type !== 'trun') continue;
      const version = fragment.readUInt8(trun.offset + trun.headerSize);
      const rf = fragment.readUInt32BE(trun.offset + trun.headerSize) & 0xffffff;
      let p = trun.offset + trun.headerSize + 4;
      const count = fragment.readUInt32BE(p);
      p += 4;
      if (rf & 0x1) { nextData = base + fragment.readInt32BE(p); p += 4; }
      let firstFlags: number | null = null;
      if (rf & 0x4) { firstFlags = fragment.readUInt32BE(p); p += 4; }
      const per = [0x100, 0x200, 0x400, 0x800].filter((b) => (rf & b) !== 0).length * 4;
      if (p + count * per > trun.offset + trun.size) throw new H264SampleError('trun is shorter than its samples');
      for (let i = 0; i < count; i += 1) {
        let duration = defDuration;
        let size = defSize;
        let flags = i === 0 && firstFlags !== null ? firstFlags : defFlags;
        let cto = 0;
        if (rf & 0x100) { duration = fragment.readUInt32BE(p); p += 4; }
        if (rf & 0x200) { size = fragment.readUInt32BE(p); p += 4; }
        if (rf & 0x400) { flags = fragment.readUInt32BE(p); p += 4; }
        if (rf & 0x800) { cto = version === 0 ? fragment.readUInt32BE(p) : fragment.readInt32BE(p); p += 4; }
        if (nextData + size > fragment.length) throw new H264SampleError('sample data runs past the fragment');
        out.push({ dts, cto, keyframe: (flags & NON_SYNC) === 0, data: fragment.subarray(nextData, nextData + size) });
        nextData += size;
        dts += duration;
      }
    }
  }
  return out;
}

/** Splits an AVCC sample (NAL units each prefixed by a big-endian length of `lengthSize` bytes) into NAL units. */
export function splitAvcc(sample: Buffer, lengthSize: number): Buffer[] {
  const nals: Buffer[] = [];
  let p = 0;
  while (p + lengthSize <= sample.length) {
    const n = sample.readUIntBE(p, lengthSize);
    p += lengthSize;
    if (n === 0) continue;
    if (p + n > sample.length) throw new H264SampleError('a NAL unit runs past its sample');
    nals.push(sample.subarray(p, p + n));
    p += n;
  }
  if (p !== sample.length) throw new H264SampleError('trailing bytes after the last NAL unit');
  return nals;
}

/** NAL unit type (low 5 bits of the first byte). */
export const nalType = (nal: Buffer): number => (nal[0] ?? 0) & 0x1f;

/** Annex-B byte stream (00 00 00 01 start codes) of NAL units, e.g. for ffmpeg or a decoder. */
export function toAnnexB(nals: Buffer[]): Buffer {
  const start = Buffer.from([0, 0, 0, 1]);
  return Buffer.concat(nals.flatMap((n) => [start, n]));
}

/**
 * The NAL units to send for one sample: SPS and PPS from avcC before every key frame (unless the sample carries its
 * own), access unit delimiters and filler dropped.
 */
export function accessUnitNals(sample: H264Sample, cfg: Pick<AvcConfig, 'lengthSize' | 'sps' | 'pps'>): Buffer[] {
  const nals = splitAvcc(sample.data, cfg.lengthSize).filter((n) => nalType(n) !== 9 && nalType(n) !== 12);
  if (!sample.keyframe) return nals;
  const hasSps = nals.some((n) => nalType(n) === 7);
  const hasPps = nals.some((n) => nalType(n) === 8);
  return [...(hasSps ? [] : cfg.sps), ...(hasPps ? [] : cfg.pps), ...nals];
}

/** 90 kHz RTP timestamp (uint32, wrapping) of a sample's presentation time: (dts + cto) in `timescale` ticks. */
export function rtpTimestamp90k(dts: number, cto: number, timescale: number, offset = 0): number {
  const ticks = Math.round(((dts + cto) * 90_000) / timescale) + offset;
  return ((ticks % 0x1_0000_0000) + 0x1_0000_0000) % 0x1_0000_0000;
}
