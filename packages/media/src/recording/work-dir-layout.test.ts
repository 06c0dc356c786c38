import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newSessionId, parseSegmentFileName, parseSessionFileName, segmentFileName, sessionPaths, sourcePrefix } from './work-dir-layout';

describe('work folder layout', () => {
  it('safe ids are used as they are, others are hashed (no path tricks)', () => {
    assert.equal(sourcePrefix('cam-1_A'), 'cam-1_A');
    for (const id of ['../etc', 'a/b', 'a.b', '', 'x'.repeat(65), 'ca m']) {
      assert.match(sourcePrefix(id), /^src-[0-9a-f]{20}$/);
    }
    assert.notEqual(sourcePrefix('a/b'), sourcePrefix('a_b'));
  });

  it('names round-trip', () => {
    const session = newSessionId(1_700_000_000_000);
    assert.match(session, /^[a-z0-9]+-[0-9a-f]{8}$/);
    const name = segmentFileName('cam1', session, 7);
    assert.deepEqual(parseSegmentFileName(name), { prefix: 'cam1', sessionId: session, sequence: 7 });
    assert.deepEqual(parseSessionFileName(`cam1.${session}.csv`), { prefix: 'cam1', sessionId: session, kind: 'csv' });
    assert.equal(parseSegmentFileName('cam1.x.12.mp4'), null);
    assert.equal(parseSegmentFileName('other.mp4'), null);
  });

  it('paths: absolute, and a % in the folder is escaped for ffmpeg', () => {
    const p = sessionPaths('/data/rec 100%', 'cam1', 's1');
    assert.equal(p.segmentPattern, '/data/rec 100%%/cam1.s1.%06d.mp4');
    assert.equal(p.segmentList, '/data/rec 100%/cam1.s1.csv');
    assert.equal(p.sessionRecord, '/data/rec 100%/cam1.s1.json');
  });
});
