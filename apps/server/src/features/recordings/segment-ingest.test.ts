import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { BlobStore } from '../../adapters/blob/blob-store';
import { LocalBlobStore } from '../../adapters/blob/local-blob-store';
import type { ClosedSegment } from './engine-port';
import { backoffDelay } from './recording-supervisor';
import { isNoSpace, putSegmentFile, segmentProblem, storageKeyOf } from './segment-ingest';

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

describe('putSegmentFile', () => {
  it('hands the file itself to a store that can take it (local disk: hard link), else streams its bytes', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'argus-ingest-put-'));
    try {
      const file = path.join(dir, 'work.mp4');
      await writeFile(file, 'segment bytes');
      const local = new LocalBlobStore(path.join(dir, 'blobs'));
      await putSegmentFile(local, 'rec/cam_a/1.mp4', file);
      assert.equal((await stat(path.join(dir, 'blobs/rec/cam_a/1.mp4'))).ino, (await stat(file)).ino);

      const received: string[] = [];
      const streamingOnly: BlobStore = {
        kind: 'streaming-only',
        get: (key) => local.get(key),
        stream: (key, range) => local.stream(key, range),
        stat: (key) => local.stat(key),
        delete: (key) => local.delete(key),
        list: (prefix, options) => local.list(prefix, options),
        close: () => local.close(),
        async put(key, body) {
          const chunks: Buffer[] = [];
          for await (const c of body as AsyncIterable<Buffer>) chunks.push(c);
          received.push(`${key}=${Buffer.concat(chunks).toString()}`);
          return { key, size: 13, modifiedAt: new Date(0).toISOString() };
        },
      };
      await putSegmentFile(streamingOnly, 'rec/cam_a/2.mp4', file);
      assert.deepEqual(received, ['rec/cam_a/2.mp4=segment bytes']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
