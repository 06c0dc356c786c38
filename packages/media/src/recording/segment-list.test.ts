import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SegmentListParser, parseSegmentListLine } from './segment-list';

describe('segment list (csv)', () => {
  it('parses ffmpeg lines, quoted names too', () => {
    assert.deepEqual(parseSegmentListLine('cam1.x.000000.mp4,0.000000,2.916667'), { name: 'cam1.x.000000.mp4', startS: 0, endS: 2.916667 });
    assert.deepEqual(parseSegmentListLine('"a,""b"".mp4",1.5,3'), { name: 'a,"b".mp4', startS: 1.5, endS: 3 });
    assert.equal(parseSegmentListLine(''), null);
    assert.equal(parseSegmentListLine('name-only'), null);
    assert.equal(parseSegmentListLine('a.mp4,x,1'), null);
    assert.equal(parseSegmentListLine('a.mp4,1,2,3'), null);
  });

  it('returns only complete lines, across chunks', () => {
    const parser = new SegmentListParser();
    assert.deepEqual(parser.feed('s0.mp4,0.0,2.0\ns1.mp4,2.0,'), [{ name: 's0.mp4', startS: 0, endS: 2 }]);
    assert.deepEqual(parser.feed('4.0\n'), [{ name: 's1.mp4', startS: 2, endS: 4 }]);
    assert.deepEqual(SegmentListParser.parseAll('a.mp4,0,1\nb.mp4,1,2'), [{ name: 'a.mp4', startS: 0, endS: 1 }]);
  });
});
