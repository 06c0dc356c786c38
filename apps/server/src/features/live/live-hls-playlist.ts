/** Pure: the live HLS (fMP4) media playlist for a sliding window of segments. */

export interface HlsSegmentRef {
  sequence: number;
  durationS: number;
}

/**
 * `discontinuity` counts the upstream's restarts (new init segments; e.g. live moving between the recorder's tap and
 * its own remux): it becomes EXT-X-DISCONTINUITY-SEQUENCE, and the init URI changes with it so players fetch it again.
 */
export function buildLivePlaylist(segments: readonly HlsSegmentRef[], targetS: number, discontinuity = 0): string {
  const maxDur = segments.reduce((m, s) => Math.max(m, s.durationS), targetS);
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:7',
    `#EXT-X-TARGETDURATION:${Math.max(1, Math.ceil(maxDur))}`,
    `#EXT-X-MEDIA-SEQUENCE:${segments[0]?.sequence ?? 0}`,
    ...(discontinuity > 0 ? [`#EXT-X-DISCONTINUITY-SEQUENCE:${discontinuity}`] : []),
    '#EXT-X-INDEPENDENT-SEGMENTS',
    discontinuity > 0 ? `#EXT-X-MAP:URI="init.mp4?v=${discontinuity}"` : '#EXT-X-MAP:URI="init.mp4"',
  ];
  for (const s of segments) {
    lines.push(`#EXTINF:${s.durationS.toFixed(3)},`, `seg-${s.sequence}.m4s`);
  }
  return `${lines.join('\n')}\n`;
}
