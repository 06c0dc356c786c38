import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { blobStoreContract } from './blob-store.contract';
import { LocalBlobStore } from './local-blob-store';

blobStoreContract('local disk', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'argus-blob-'));
  return { store: new LocalBlobStore(dir), cleanup: () => rm(dir, { recursive: true, force: true }) };
});

describe('local disk putFile', () => {
  it('links the file into place on the same file system: no byte copied (same inode)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'argus-blob-link-'));
    try {
      const store = new LocalBlobStore(path.join(dir, 'blobs'));
      const file = path.join(dir, 'work', 'seg.mp4');
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, Buffer.alloc(4096, 7));
      await store.putFile('rec/cam_a/seg.mp4', file);
      assert.equal((await stat(path.join(dir, 'blobs/rec/cam_a/seg.mp4'))).ino, (await stat(file)).ino);
      assert.deepEqual(await readdir(path.join(dir, 'blobs/rec/cam_a')), ['seg.mp4']); // no temp name left
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('copies the bytes when the file is on another file system (no hard link possible)', async (t) => {
    const otherFs = '/dev/shm';
    const shm = await stat(otherFs).catch(() => null);
    if (shm === null || shm.dev === (await stat(os.tmpdir())).dev) {
      t.skip('no second file system (/dev/shm) here');
      return;
    }
    const dir = await mkdtemp(path.join(os.tmpdir(), 'argus-blob-copy-'));
    const source = await mkdtemp(path.join(otherFs, 'argus-blob-src-'));
    try {
      const store = new LocalBlobStore(dir);
      const file = path.join(source, 'seg.mp4');
      await writeFile(file, 'bytes on tmpfs');
      const info = await store.putFile('rec/cam_b/seg.mp4', file);
      assert.equal(info.size, 14);
      assert.notEqual((await stat(path.join(dir, 'rec/cam_b/seg.mp4'))).ino, (await stat(file)).ino);
      assert.equal((await store.get('rec/cam_b/seg.mp4'))?.toString(), 'bytes on tmpfs');
    } finally {
      await rm(dir, { recursive: true, force: true });
      await rm(source, { recursive: true, force: true });
    }
  });
});
