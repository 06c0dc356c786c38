/**
 * HLS (fMP4) VOD playlists built from the segment index. Every stored segment is a self-contained fragmented MP4:
 * its first `initSize` bytes (ftyp+moov) are the init section (EXT-X-MAP with a byte range) and the rest are
 * moof/mdat pairs (the media segment, a byte range after initSize). A new recording session (another ffmpeg run) or
 * a hole in the recording is a discontinuity: timestamps restart or jump there, so players must reset.
 */

export interface PlaylistSegment {
  id: string;
  startMs: number;
  durationMs: number;
  sizeBytes: number;
  initSize: number;
  sessionId: string;
}

export interface PlaylistOptions {
  /** URL of a segment's blob (served with HTTP Range support). */
  segmentUrl(id: string): string;
  /** The requested start; EXT-X-START points players at it inside the first segment. */
  fromMs: number;
  /** Holes larger than this between two segments are marked as discontinuities. */
  toleranceMs: number;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function buildVodPlaylist(segments: readonly PlaylistSegment[], options: PlaylistOptions): string {
  if (segments.length === 0) throw new Error('a playlist needs at least one segment');
  const maxDurationS = Math.max(...segments.map((s) => s.durationMs / 1000));
  const first = segments[0] as PlaylistSegment;
  const startOffsetS = Math.max(0, (options.fromMs - first.startMs) / 1000);
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:7',
    `#EXT-X-TARGETDURATION:${Math.max(1, Math.ceil(maxDurationS))}`,
    '#EXT-X-MEDIA-SEQUENCE:0',
    '#EXT-X-DISCONTINUITY-SEQUENCE:0',
    '#EXT-X-PLAYLIST-TYPE:VOD',
    '#EXT-X-INDEPENDENT-SEGMENTS',
  ];
  if (startOffsetS > 0) lines.push(`#EXT-X-START:TIME-OFFSET=${startOffsetS.toFixed(3)},PRECISE=YES`);
  let previous: PlaylistSegment | null = null;
  for (const s of segments) {
    const url = options.segmentUrl(s.id);
    const newSession = previous === null || previous.sessionId !== s.sessionId;
    const hole = previous !== null && s.startMs - (previous.startMs + previous.durationMs) > options.toleranceMs;
    if (previous !== null && (newSession || hole)) lines.push('#EXT-X-DISCONTINUITY');
    // One init section per session (one ffmpeg run writes the same moov into each of its segments); again after a
    // discontinuity so a player that resets finds it.
    if (newSession || hole) lines.push(`#EXT-X-MAP:URI="${url}",BYTERANGE="${s.initSize}@0"`);
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${iso(s.startMs)}`);
    lines.push(`#EXTINF:${(s.durationMs / 1000).toFixed(3)},`);
    lines.push(`#EXT-X-BYTERANGE:${s.sizeBytes - s.initSize}@${s.initSize}`);
    lines.push(url);
    previous = s;
  }
  lines.push('#EXT-X-ENDLIST', '');
  return lines.join('\n');
}
