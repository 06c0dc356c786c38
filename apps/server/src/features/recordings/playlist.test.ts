import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildVodPlaylist, type PlaylistSegment } from './playlist';

describe('HLS VOD playlist from the segment index', () => {
  const t0 = Date.parse('2026-03-01T10:00:00Z');
  const s = (id: string, startMs: number, sessionId: string, durationMs = 4000): PlaylistSegment => ({ id, startMs, durationMs, sizeBytes: 100_000, initSize: 900, sessionId });
  const segments = [s('seg_a', t0, 'r1'), s('seg_b', t0 + 4000, 'r1'), s('seg_c', t0 + 8000, 'r1', 4200), s('seg_d', t0 + 60_000, 'r2'), s('seg_e', t0 + 64_000, 'r2')];
  const text = buildVodPlaylist(segments, { segmentUrl: (id) => `/seg/${id}`, fromMs: t0 + 2500, toleranceMs: 1500 });
  const lines = text.trim().split('\n');

  it('is a version 7 VOD playlist with a target duration and an end', () => {
    assert.equal(lines[0], '#EXTM3U');
    assert.ok(lines.includes('#EXT-X-VERSION:7'));
    assert.ok(lines.includes('#EXT-X-PLAYLIST-TYPE:VOD'));
    assert.ok(lines.includes('#EXT-X-TARGETDURATION:5'), 'ceil of the longest segment (4.2 s)');
    assert.equal(lines.at(-1), '#EXT-X-ENDLIST');
    assert.ok(lines.includes('#EXT-X-START:TIME-OFFSET=2.500,PRECISE=YES'), 'starts at the requested moment');
  });

  it('maps the init part and the media part of each segment as byte ranges', () => {
    const i = lines.indexOf('/seg/seg_a');
    assert.equal(lines[i - 1], '#EXT-X-BYTERANGE:99100@900');
    assert.equal(lines[i - 2], '#EXTINF:4.000,');
    assert.equal(lines[i - 3], '#EXT-X-PROGRAM-DATE-TIME:2026-03-01T10:00:00.000Z');
    assert.equal(lines[i - 4], '#EXT-X-MAP:URI="/seg/seg_a",BYTERANGE="900@0"');
    assert.equal(lines.filter((l) => l.startsWith('#EXT-X-PROGRAM-DATE-TIME')).length, 5);
  });

  it('marks a new session or a hole as a discontinuity, with its own init', () => {
    assert.equal(lines.filter((l) => l === '#EXT-X-DISCONTINUITY').length, 1);
    const d = lines.indexOf('#EXT-X-DISCONTINUITY');
    assert.equal(lines[d + 1], '#EXT-X-MAP:URI="/seg/seg_d",BYTERANGE="900@0"');
    assert.equal(lines.filter((l) => l.startsWith('#EXT-X-MAP')).length, 2, 'one init per session');
    const hole = buildVodPlaylist([s('a', t0, 'r1'), s('b', t0 + 10_000, 'r1')], { segmentUrl: (id) => id, fromMs: t0, toleranceMs: 1500 });
    assert.equal(hole.split('\n').filter((l) => l === '#EXT-X-DISCONTINUITY').length, 1, 'a hole inside one session');
    assert.ok(!hole.includes('#EXT-X-START'), 'no start offset when the range starts with the first segment');
  });

  it('refuses an empty playlist', () => {
    assert.throws(() => buildVodPlaylist([], { segmentUrl: (id) => id, fromMs: 0, toleranceMs: 0 }));
  });
});
