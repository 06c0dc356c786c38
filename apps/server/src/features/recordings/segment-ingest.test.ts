import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClosedSegment } from './engine-port';
import { backoffDelay } from './recording-supervisor';
import { isNoSpace, segmentProblem, storageKeyOf } from './segment-ingest';

describe('segment hand-over rules', () => {
  const seg: ClosedSegment = {
    sourceId: 'cam_a', file: '/w/x.mp4', startMs: Date.UTC(2026, 1, 3, 4, 5, 6), durationMs: 4000, sizeBytes: 1000, initSize: 100, videoCodec: 'h264',
    width: 1, height: 1, hasAudio: false, sha256: 'a'.repeat(64), sessionId: 'mwt/../x y', sequence: 7, recovered: false,
  };

  it('names blobs by camera, UTC date, start, session and sequence, with only key-safe characters', () => {
    assert.equal(storageKeyOf('cam_a', seg), `rec/cam_a/2026/02/03/${seg.startMs}-mwt_.._x_y-7.mp4`);
  });

  it('refuses segments that cannot be played or indexed', () => {
    assert.equal(segmentProblem(seg, 1000), null);
    assert.match(segmentProblem(seg, null) ?? '', /missing/);
    assert.match(segmentProblem(seg, 999) ?? '', /999 bytes/);
    assert.match(segmentProblem({ ...seg, initSize: 1000 }, 1000) ?? '', /init size/);
    assert.match(segmentProblem({ ...seg, durationMs: 0 }, 1000) ?? '', /duration/);
    assert.match(segmentProblem({ ...seg, startMs: Number.NaN }, 1000) ?? '', /start/);
    assert.match(segmentProblem({ ...seg, sha256: 'x' }, 1000) ?? '', /SHA-256/);
  });

  it('recognises a full disk', () => {
    assert.equal(isNoSpace(Object.assign(new Error('x'), { code: 'ENOSPC' })), true);
    assert.equal(isNoSpace({ cause: { code: 'EDQUOT' } }), true);
    assert.equal(isNoSpace(new Error('x')), false);
    assert.equal(isNoSpace(null), false);
  });

  it('backs off exponentially with jitter up to the maximum, never in a tight loop', () => {
    assert.equal(backoffDelay(1, 1000, 30_000, () => 1), 1000);
    assert.equal(backoffDelay(1, 1000, 30_000, () => 0), 500);
    assert.equal(backoffDelay(4, 1000, 30_000, () => 1), 8000);
    assert.equal(backoffDelay(40, 1000, 30_000, () => 1), 30_000);
    assert.ok(backoffDelay(40, 1000, 30_000, () => 0) >= 15_000);
  });
});
