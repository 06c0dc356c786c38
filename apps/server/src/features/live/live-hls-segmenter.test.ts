import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HlsSegmenter } from './live-hls-segmenter';

const init = { data: new Uint8Array([9]), mime: 'video/mp4; codecs="avc1.640028"', width: 1, height: 1, videoCodec: 'h264' };
const frag = (keyframe: boolean, byte: number) => ({ data: new Uint8Array([byte]), keyframe, decodeTimeS: 0, durationS: 0.5, receivedAtMs: 0 });

describe('HlsSegmenter', () => {
  it('cuts segments at key frames after the target duration and keeps a sliding window', () => {
    const s = new HlsSegmenter({ targetS: 1, window: 3 });
    s.onFragment(frag(true, 0)); // before the init: ignored
    s.onInit(init);
    s.onFragment(frag(false, 1)); // not a key frame: a segment cannot start here
    for (let i = 0; i < 12; i += 1) s.onFragment(frag(i % 2 === 0, 10 + i));
    // key frames every 1 s → segments of 1 s: 6 started, 5 closed, window 3
    assert.equal(s.segmentCount, 3);
    assert.equal(s.segment(1), null, 'slid out');
    const last = s.segment(4);
    assert.ok(last);
    assert.deepEqual([...last.data], [18, 19]);
    assert.equal(last.durationS, 1);
    const text = s.playlist();
    assert.match(text, /#EXT-X-MEDIA-SEQUENCE:2\n/);
    assert.match(text, /#EXT-X-TARGETDURATION:1\n/);
    assert.match(text, /#EXT-X-MAP:URI="init.mp4"/);
    assert.doesNotMatch(text, /DISCONTINUITY/, 'no restart, no discontinuity');
    assert.deepEqual(text.match(/seg-\d+\.m4s/g), ['seg-2.m4s', 'seg-3.m4s', 'seg-4.m4s']);
    assert.equal(s.initSegment, init.data);
  });

  it('starts afresh after a new init (the upstream restarted) but keeps counting', () => {
    const s = new HlsSegmenter({ targetS: 0.5, window: 5 });
    s.onInit(init);
    for (let i = 0; i < 4; i += 1) s.onFragment(frag(true, i));
    assert.equal(s.segmentCount, 3);
    s.onInit(init);
    assert.equal(s.segmentCount, 0);
    s.onFragment(frag(true, 7));
    s.onFragment(frag(true, 8));
    assert.ok(s.segment(3));
    assert.match(s.playlist(), /#EXT-X-MEDIA-SEQUENCE:3\n/);
    // players learn of the new timeline and fetch the new init
    assert.match(s.playlist(), /#EXT-X-DISCONTINUITY-SEQUENCE:1\n/);
    assert.match(s.playlist(), /#EXT-X-MAP:URI="init\.mp4\?v=1"/);
  });
});
