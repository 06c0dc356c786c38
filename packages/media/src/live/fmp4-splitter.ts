/**
 * Pure, incremental splitter of a fragmented MP4 byte stream (ffmpeg `-f mp4 -movflags +frag_keyframe+empty_moov…`
 * on a pipe): bytes in, in any chunking, out come the init segment (ftyp+moov, with codec and size) and the media
 * fragments (moof+mdat, with key-frame flag, decode time and duration of the video track). No I/O, no timers.
 */
import { videoOnlyFragment, videoOnlyInit } from '../recording/fmp4-video-only';
import { codecName, parseMoof, parseMoov, readBoxHeader, type MovieInfo } from '../recording/mp4-boxes';
import { videoCodecString } from './codec-string';

export interface SplitInit {
  kind: 'init';
  data: Buffer;
  /** MSE type, e.g. 'video/mp4; codecs="avc1.64001f"'. */
  mime: string;
  codecs: string;
  videoCodec: string;
  width: number | null;
  height: number | null;
  timescale: number;
}

export interface SplitFragment {
  kind: 'fragment';
  data: Buffer;
  keyframe: boolean;
  decodeTimeS: number;
  durationS: number;
  sampleCount: number;
}

export type SplitOutput = SplitInit | SplitFragment;

/** A box bigger than this is taken for garbage (a 4K key frame is a few MB). */
export const MAX_BOX_BYTES = 64 * 1024 * 1024;

export class Fmp4SplitError extends Error {}

export interface Fmp4SplitterOptions {
  /**
   * Hand on the video track only (init and fragments rewritten, see recording/fmp4-video-only.ts): for live view
   * fed from recording segments, which keep the camera's audio.
   */
  videoOnly?: boolean;
}

export class Fmp4Splitter {
  constructor(private readonly opts: Fmp4SplitterOptions = {}) {}

  private chunks: Buffer[] = [];
  private buffered = 0;
  private ftyp: Buffer | null = null;
  private moof: Buffer | null = null;
  private movie: MovieInfo | null = null;
  private videoTrackId = 0;
  private videoTimescale = 1;

  /** Bytes held while waiting for the rest of a box. */
  get pendingBytes(): number {
    return this.buffered;
  }

  /** Feeds bytes; returns what became complete. Throws Fmp4SplitError on a stream that is not fragmented MP4. */
  push(chunk: Uint8Array): SplitOutput[] {
    if (chunk.length > 0) {
      this.chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      this.buffered += chunk.length;
    }
    const out: SplitOutput[] = [];
    for (;;) {
      if (this.buffered < 8) break;
      const head = this.peek(Math.min(16, this.buffered));
      const box = readBoxHeader(head, 0, head.length >= 16 ? Number.MAX_SAFE_INTEGER : head.length);
      if (box === null) {
        if (this.buffered >= 16) throw new Fmp4SplitError('malformed box header');
        break;
      }
      if (box.size > MAX_BOX_BYTES) throw new Fmp4SplitError(`box ${JSON.stringify(box.type)} of ${box.size} bytes is too large`);
      if (this.buffered < box.size) break;
      const bytes = this.take(box.size);
      const produced = this.onBox(box.type, bytes);
      if (produced) out.push(produced);
    }
    return out;
  }

  private peek(n: number): Buffer {
    if (this.chunks.length > 0 && this.chunks[0]!.length >= n) return this.chunks[0]!.subarray(0, n);
    const all = Buffer.concat(this.chunks);
    this.chunks = [all];
    return all.subarray(0, n);
  }

  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    const bytes = Buffer.from(all.subarray(0, n)); // a copy: fragments outlive the pipe's chunks
    const rest = all.subarray(n);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return bytes;
  }

  private onBox(type: string, bytes: Buffer): SplitOutput | null {
    switch (type) {
      case 'ftyp':
        this.ftyp = bytes;
        return null;
      case 'moov':
        return this.onMoov(bytes);
      case 'moof':
        this.moof = bytes;
        return null;
      case 'mdat':
        return this.onMdat(bytes);
      default:
        return null; // styp, sidx, free, mfra…
    }
  }

  private onMoov(moov: Buffer): SplitInit {
    let movie: MovieInfo;
    try {
      movie = parseMoov(moov, { type: 'moov', offset: 0, headerSize: 8, size: moov.length, complete: true });
    } catch (err) {
      throw new Fmp4SplitError(`bad moov: ${(err as Error).message}`);
    }
    const video = movie.tracks.find((t) => t.handler === 'vide');
    if (!video) throw new Fmp4SplitError('the stream has no video track');
    this.movie = movie;
    this.videoTrackId = video.trackId;
    this.videoTimescale = video.timescale;
    const codecs = [videoCodecString(moov, video.sampleEntry)];
    const videoOnly = this.opts.videoOnly === true;
    if (!videoOnly) for (const t of movie.tracks) if (t.handler === 'soun' && t.sampleEntry === 'mp4a') codecs.push('mp4a.40.2');
    const data = this.ftyp ? Buffer.concat([this.ftyp, moov]) : moov;
    return {
      kind: 'init',
      data: videoOnly ? videoOnlyInit(data) : data,
      mime: `video/mp4; codecs="${codecs.join(',')}"`,
      codecs: codecs.join(','),
      videoCodec: codecName(video.sampleEntry),
      width: video.width,
      height: video.height,
      timescale: video.timescale,
    };
  }

  private onMdat(mdat: Buffer): SplitFragment | null {
    const moof = this.moof;
    this.moof = null;
    if (!moof || !this.movie) return null; // an mdat without its moof (stream joined mid-way): nothing to play
    let runs;
    try {
      runs = parseMoof(moof, { type: 'moof', offset: 0, headerSize: 8, size: moof.length, complete: true }, this.movie);
    } catch (err) {
      throw new Fmp4SplitError(`bad moof: ${(err as Error).message}`);
    }
    const run = runs.find((r) => r.trackId === this.videoTrackId);
    if (!run) return null;
    const data = Buffer.concat([moof, mdat]);
    return {
      kind: 'fragment',
      data: this.opts.videoOnly === true ? videoOnlyFragment(data, this.videoTrackId) : data,
      keyframe: run.firstIsSync,
      decodeTimeS: (run.baseDecodeTime ?? 0) / this.videoTimescale,
      durationS: run.duration / this.videoTimescale,
      sampleCount: run.sampleCount,
    };
  }
}
