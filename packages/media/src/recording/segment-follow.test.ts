import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SplitFragment, SplitInit } from '../live/fmp4-splitter';
import { catchUp, initChanged, newestRunSegment, rolloverTarget, runSegmentSequence } from './segment-follow';

const run = { prefix: 'cam1', sessionId: 'm1abc-0f0f0f0f' };
const init = (tag: number): SplitInit => ({ kind: 'init', data: Buffer.from([0, 0, 0, 8, tag]), mime: 'video/mp4; codecs="avc1.64001f"', codecs: 'avc1.64001f', videoCodec: 'h264', width: 640, height: 360, timescale: 90000 });
let t = 0;
const frag = (keyframe: boolean): SplitFragment => ({ kind: 'fragment', data: Buffer.alloc(4), keyframe, decodeTimeS: (t += 0.1), durationS: 0.1, sampleCount: 1 });

describe('live follower decisions (pure)', () => {
  it('recognises the run\'s own segment files only', () => {
    assert.equal(runSegmentSequence('cam1.m1abc-0f0f0f0f.000007.mp4', run), 7);
    assert.equal(runSegmentSequence('cam1.m1abc-0f0f0f0f.csv', run), null, 'the segment list');
    assert.equal(runSegmentSequence('cam1.m1abc-0f0f0f0f.json', run), null, 'the session record');
    assert.equal(runSegmentSequence('cam1.other-11111111.000009.mp4', run), null, 'another run');
    assert.equal(runSegmentSequence('cam2.m1abc-0f0f0f0f.000009.mp4', run), null, 'another source');
    assert.equal(runSegmentSequence(null, run), null, 'fs.watch may give no name');
    assert.equal(newestRunSegment(['cam1.m1abc-0f0f0f0f.000002.mp4', 'cam1.m1abc-0f0f0f0f.000010.mp4', 'cam1.other-1.000099.mp4', 'x.csv'], run), 10);
    assert.equal(newestRunSegment(['cam1.m1abc-0f0f0f0f.csv'], run), null);
  });

  it('starts a viewer at the last key-frame fragment of what the segment holds', () => {
    const i = init(1);
    const [k1, d1, k2, d2, d3] = [frag(true), frag(false), frag(true), frag(false), frag(false)];
    assert.deepEqual(catchUp([i, k1, d1, k2, d2, d3]), { init: i, gop: [k2, d2, d3] });
    assert.deepEqual(catchUp([i, k1]), { init: i, gop: [k1] });
    assert.deepEqual(catchUp([i]), { init: i, gop: [] }, 'only the init so far: fragments follow as they come');
    assert.deepEqual(catchUp([i, d1, d2]), { init: i, gop: [] }, 'no key frame: nothing a decoder could start with');
    assert.deepEqual(catchUp([]), { init: null, gop: [] });
    const i2 = init(2);
    assert.deepEqual(catchUp([i, k1, i2, d1, k2]), { init: i2, gop: [k2] }, 'fragments before a later init belong to the old one');
  });

  it('passes an init on only when it is the first or its bytes changed', () => {
    assert.equal(initChanged(null, init(1)), true);
    assert.equal(initChanged(init(1), init(1)), false, 'the same ftyp+moov at every segment rollover of a run');
    assert.equal(initChanged(init(1), init(2)), true, 'new codec parameters');
  });

  it('rolls over to the next segment once a newer one exists', () => {
    assert.equal(rolloverTarget(3, null), null);
    assert.equal(rolloverTarget(3, 3), null, 'still the newest: keep following it');
    assert.equal(rolloverTarget(3, 2), null);
    assert.equal(rolloverTarget(3, 4), 4);
    assert.equal(rolloverTarget(3, 6), 4, 'in order, even when behind');
    assert.equal(rolloverTarget(3, 6, new Set([4])), 6, 'the next one is already gone: jump to the newest');
  });
});
