/**
 * Pure: drops every track but the video from fragmented-MP4 boxes, for live view fed from recording segments (which
 * keep the camera's audio). Live view is video only (docs/live.md): the same track set whether a camera's stream
 * comes from its recorder or from a live remux (`-an`), so a viewer switching between the two sees one kind of
 * stream, and a player never waits for audio it does not play.
 * - moov: the non-video `trak` boxes and their `trex` (in mvex) are removed; sizes of moov and mvex are rewritten.
 * - moof: the non-video `traf` boxes are removed and every kept `trun` data_offset is moved back by the bytes removed
 *   (offsets are relative to the moof: default-base-is-moof, which our muxer options set). The mdat is kept as it
 *   is: the audio samples stay in it, unreferenced (a few % of the bytes), which players ignore.
 * Boxes it cannot rewrite safely (explicit base data offsets, no video track) are returned unchanged.
 */
import { type BoxHeader, child as find, children as boxesOf, listBoxes, type MovieInfo, parseMoov, readBoxHeader } from './mp4-boxes';

/** A box with a new body: its header (8 bytes, or 16 for a 64-bit size) with the size rewritten. */
function rebuild(buf: Buffer, box: BoxHeader, body: Buffer[]): Buffer {
  const bodyBytes = body.reduce((n, b) => n + b.length, 0);
  const header = Buffer.from(buf.subarray(box.offset, box.offset + box.headerSize));
  if (box.headerSize >= 16 && header.readUInt32BE(0) === 1) header.writeBigUInt64BE(BigInt(box.headerSize + bodyBytes), 8);
  else header.writeUInt32BE(box.headerSize + bodyBytes, 0);
  return Buffer.concat([header, ...body]);
}

function slice(buf: Buffer, box: BoxHeader): Buffer {
  return buf.subarray(box.offset, box.offset + box.size);
}

/** parseMoov, or null for a moov it refuses (left unchanged by the caller). */
function movieOf(buf: Buffer, moov: BoxHeader): MovieInfo | null {
  try {
    return parseMoov(buf, moov);
  } catch {
    return null;
  }
}

/** An init segment (ftyp + moov, any other top-level boxes kept) with only its video track. */
export function videoOnlyInit(init: Buffer): Buffer {
  const top = listBoxes(init);
  const moov = top.find((b) => b.type === 'moov' && b.complete);
  if (!moov) return init;
  const movie = movieOf(init, moov);
  if (!movie) return init;
  const children = boxesOf(init, moov);
  // parseMoov reads one track per trak, in order.
  const traks = children.filter((b) => b.type === 'trak').map((box, i) => ({ box, info: movie.tracks[i]! }));
  const video = traks.filter((t) => t.info.handler === 'vide');
  if (video.length === 0 || video.length === traks.length) return init;
  const kept = new Set(video.map((t) => t.info.trackId));
  const body: Buffer[] = [];
  for (const child of children) {
    if (child.type === 'trak') {
      if (video.some((t) => t.box.offset === child.offset)) body.push(slice(init, child));
    } else if (child.type === 'mvex') {
      const parts = boxesOf(init, child)
        .filter((b) => b.type !== 'trex' || kept.has(init.readUInt32BE(b.offset + b.headerSize + 4)))
        .map((b) => slice(init, b));
      body.push(rebuild(init, child, parts));
    } else body.push(slice(init, child));
  }
  return Buffer.concat(top.map((b) => (b === moov ? rebuild(init, moov, body) : slice(init, b))));
}

/** The track id of a traf, and whether its tfhd sets an explicit base data offset. */
function trafInfo(buf: Buffer, traf: BoxHeader): { trackId: number; explicitBase: boolean } | null {
  const tfhd = find(buf, traf, 'tfhd');
  if (!tfhd) return null;
  const flags = buf.readUInt32BE(tfhd.offset + tfhd.headerSize) & 0xffffff;
  return { trackId: buf.readUInt32BE(tfhd.offset + tfhd.headerSize + 4), explicitBase: (flags & 0x1) !== 0 };
}

/**
 * A media fragment (moof + mdat, as Fmp4Splitter hands it) with only the traf of `videoTrackId`. Unchanged when
 * there is nothing to drop or it cannot be rewritten safely.
 */
export function videoOnlyFragment(fragment: Buffer, videoTrackId: number): Buffer {
  const moof = readBoxHeader(fragment, 0);
  if (moof?.type !== 'moof' || !moof.complete) return fragment;
  const children = boxesOf(fragment, moof);
  const trafs = children.filter((b) => b.type === 'traf').map((b) => ({ box: b, info: trafInfo(fragment, b) }));
  if (trafs.some((t) => t.info === null || t.info.explicitBase)) return fragment;
  const drop = trafs.filter((t) => t.info!.trackId !== videoTrackId);
  if (drop.length === 0 || drop.length === trafs.length) return fragment;
  const removed = drop.reduce((n, t) => n + t.box.size, 0);
  const body: Buffer[] = [];
  for (const child of children) {
    if (drop.some((t) => t.box.offset === child.offset)) continue;
    const bytes = Buffer.from(slice(fragment, child));
    if (child.type === 'traf') shiftDataOffsets(bytes, -removed);
    body.push(bytes);
  }
  return Buffer.concat([rebuild(fragment, moof, body), fragment.subarray(moof.size)]);
}

/** Moves every trun data_offset of a traf (a standalone copy) by `delta` bytes. */
function shiftDataOffsets(traf: Buffer, delta: number): void {
  const head = readBoxHeader(traf, 0);
  if (!head) return;
  for (const trun of listBoxes(traf, head.headerSize, traf.length)) {
    if (trun.type !== 'trun') continue;
    const flags = traf.readUInt32BE(trun.offset + trun.headerSize) & 0xffffff;
    if ((flags & 0x1) === 0) continue;
    const at = trun.offset + trun.headerSize + 8; // version+flags, sample_count
    traf.writeInt32BE(traf.readInt32BE(at) + delta, at);
  }
}
