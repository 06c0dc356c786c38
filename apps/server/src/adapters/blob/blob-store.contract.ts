import assert from 'node:assert/strict';
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { BlobStore } from './blob-store';

async function text(stream: Readable | null): Promise<string | null> {
  if (!stream) return null;
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The contract every blob store passes (local disk now; S3-compatible with recordings). */
export function blobStoreContract(name: string, make: () => Promise<{ store: BlobStore; cleanup: () => Promise<void> }>): void {
  describe(`blob store contract: ${name}`, () => {
    let store: BlobStore;
    let cleanup: () => Promise<void>;
    before(async () => {
      ({ store, cleanup } = await make());
    });
    after(async () => {
      await store.close();
      await store.close();
      await cleanup();
    });

    it('puts, gets, stats and overwrites', async () => {
      const info = await store.put('rec/cam_a/2026/seg-0001.m4s', Buffer.from('hello'));
      assert.equal(info.size, 5);
      assert.equal((await store.get('rec/cam_a/2026/seg-0001.m4s'))?.toString(), 'hello');
      await store.put('rec/cam_a/2026/seg-0001.m4s', Readable.from([Buffer.from('hello '), Buffer.from('world')]));
      assert.equal((await store.stat('rec/cam_a/2026/seg-0001.m4s'))?.size, 11);
    });

    it('streams byte ranges', async () => {
      assert.equal(await text(await store.stream('rec/cam_a/2026/seg-0001.m4s', { start: 6, end: 10 })), 'world');
      assert.equal(await text(await store.stream('rec/cam_a/2026/seg-0001.m4s', { start: 6 })), 'world');
      assert.equal(await store.stream('missing/key'), null);
    });

    it('reports missing objects as null/false, never throws', async () => {
      assert.equal(await store.get('nope/x'), null);
      assert.equal(await store.stat('nope/x'), null);
      assert.equal(await store.delete('nope/x'), false);
    });

    it('lists by prefix in key order with paging', async () => {
      for (const k of ['rec/cam_b/2', 'rec/cam_b/1', 'rec/cam_b/3', 'rec/cam_bb/1', 'snap/cam_b/1']) await store.put(k, Buffer.from(k));
      assert.deepEqual((await store.list('rec/cam_b/')).map((i) => i.key), ['rec/cam_b/1', 'rec/cam_b/2', 'rec/cam_b/3']);
      assert.deepEqual((await store.list('rec/cam_b', { limit: 10 })).map((i) => i.key), ['rec/cam_b/1', 'rec/cam_b/2', 'rec/cam_b/3', 'rec/cam_bb/1']);
      assert.deepEqual((await store.list('rec/cam_b/', { after: 'rec/cam_b/1', limit: 1 })).map((i) => i.key), ['rec/cam_b/2']);
    });

    it('deletes', async () => {
      assert.equal(await store.delete('rec/cam_b/2'), true);
      assert.equal(await store.get('rec/cam_b/2'), null);
    });

    it('rejects keys that could escape the store', async () => {
      for (const bad of ['../etc/passwd', '/abs', 'a//b', 'a/./b', 'a/../b', '', 'sp ace', 'a\\b']) {
        await assert.rejects(store.put(bad, Buffer.from('x')), /blob key/, `key ${JSON.stringify(bad)}`);
      }
    });

    it('stores a local file with putFile (when offered) that stays intact after the file is deleted', async (t) => {
      if (!store.putFile) {
        t.skip(`${name} has no putFile: callers use put()`);
        return;
      }
      const dir = await mkdtemp(path.join(os.tmpdir(), 'argus-blob-file-'));
      try {
        const file = path.join(dir, 'seg.mp4');
        await writeFile(file, 'first version');
        await store.put('rec/file/seg', Buffer.from('older object'));
        const info = await store.putFile('rec/file/seg', file, { contentType: 'video/mp4' });
        assert.equal(info.size, 13);
        await unlink(file);
        assert.equal((await store.get('rec/file/seg'))?.toString(), 'first version');
        assert.deepEqual((await store.list('rec/file/')).map((i) => i.key), ['rec/file/seg']);
        await assert.rejects(store.putFile('rec/file/missing', file), /ENOENT|no such file/i);
        assert.equal(await store.stat('rec/file/missing'), null);
        await assert.rejects(store.putFile('../escape', file), /blob key/);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('never exposes a half-written object', async () => {
      const slow = new Readable({ read() {} });
      const writing = store.put('rec/partial/obj', slow);
      slow.push(Buffer.alloc(1024, 1));
      await new Promise((r) => setTimeout(r, 20));
      assert.equal(await store.get('rec/partial/obj'), null);
      assert.deepEqual(await store.list('rec/partial/'), []);
      slow.push(null);
      assert.equal((await writing).size, 1024);
    });
  });
}
