import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { startS3Server, type TestS3Server } from '../../../test/support/s3-server';
import type { BlobInfo, BlobStore } from './blob-store';
import { blobStoreContract } from './blob-store.contract';
import { BlobStoreError } from './blob-store-error';
import { CHUNK_SIZE, HEADER_SIZE, TAG_SIZE, plaintextSize, storedSize } from './encrypted-blob-format';
import { EncryptedBlobStore } from './encrypted-blob-store';
import { LocalBlobStore } from './local-blob-store';
import { S3BlobStore } from './s3-blob-store';

const KEY = randomBytes(32);
const STORED_CHUNK = CHUNK_SIZE + TAG_SIZE;

async function collect(stream: Readable | null): Promise<Buffer | null> {
  if (!stream) return null;
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Reads what it can; returns the bytes delivered before an error and the error. */
async function collectUntilError(stream: Readable): Promise<{ bytes: Buffer; error: unknown }> {
  const chunks: Buffer[] = [];
  try {
    for await (const c of stream) chunks.push(c as Buffer);
    return { bytes: Buffer.concat(chunks), error: undefined };
  } catch (error) {
    return { bytes: Buffer.concat(chunks), error };
  }
}

function pattern(size: number, seed = 1): Buffer {
  const b = Buffer.allocUnsafe(size);
  let s = seed >>> 0;
  for (let i = 0; i < size; i++) {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    b[i] = s >>> 24;
  }
  return b;
}

/** The same bytes as a stream of uneven chunks. */
function chunked(data: Buffer, step = 10_007): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < data.length; i += step) parts.push(data.subarray(i, i + step));
  return Readable.from(parts);
}

const isCode = (code: string) => (err: unknown) => err instanceof BlobStoreError && err.code === code;

blobStoreContract('encrypted over local disk', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'argus-blob-enc-'));
  return { store: new EncryptedBlobStore(new LocalBlobStore(dir), KEY), cleanup: () => rm(dir, { recursive: true, force: true }) };
});

blobStoreContract('encrypted over s3 (s3rver)', async () => {
  const server = await startS3Server();
  const s3 = new S3BlobStore({
    endpoint: server.endpoint,
    region: server.region,
    bucket: server.bucket,
    accessKeyId: server.accessKeyId,
    secretAccessKey: server.secretAccessKey,
  });
  return { store: new EncryptedBlobStore(s3, KEY), cleanup: () => server.stop() };
});

describe('EncryptedBlobStore format', () => {
  it('maps plaintext sizes to stored sizes and back', () => {
    for (const n of [0, 1, 100, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 3 * CHUNK_SIZE, 3 * CHUNK_SIZE + 5, 12 * 1024 * 1024 + 7]) {
      assert.equal(plaintextSize(storedSize(n)), n, `size ${n}`);
    }
    assert.equal(storedSize(0), HEADER_SIZE + TAG_SIZE);
    for (const bad of [0, HEADER_SIZE, HEADER_SIZE + TAG_SIZE - 1, HEADER_SIZE + STORED_CHUNK + 1, HEADER_SIZE + STORED_CHUNK + TAG_SIZE]) {
      assert.equal(plaintextSize(bad), null, `stored ${bad}`);
    }
  });

  it('rejects keys that are not 32 bytes', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'argus-blob-enc-'));
    try {
      assert.throws(() => new EncryptedBlobStore(new LocalBlobStore(dir), Buffer.alloc(16)), /32 bytes/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('EncryptedBlobStore over local disk', () => {
  let dir: string;
  let raw: LocalBlobStore;
  let store: EncryptedBlobStore;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'argus-blob-enc-'));
    raw = new LocalBlobStore(dir);
    store = new EncryptedBlobStore(new LocalBlobStore(dir), KEY);
  });
  after(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips every size around the chunk boundaries, from buffers and streams, whole and in ranges', async () => {
    const sizes = [0, 1, 15, 16, 17, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 2 * CHUNK_SIZE, 3 * CHUNK_SIZE + 5];
    for (const size of sizes) {
      const data = pattern(size, size + 1);
      for (const [label, body] of [
        ['buffer', data],
        ['stream', chunked(data)],
      ] as const) {
        const key = `rt/${label}-${size}`;
        const info = await store.put(key, body);
        assert.equal(info.size, size, `${key} put size`);
        assert.equal((await raw.stat(key))?.size, storedSize(size), `${key} stored size`);
        assert.equal((await store.stat(key))?.size, size, `${key} stat size`);
        assert.ok((await store.get(key))?.equals(data), `${key} get`);
        const edges = [0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 2 * CHUNK_SIZE + 3, size - 1, size];
        for (const start of edges.filter((e) => e >= 0)) {
          for (const end of [undefined, start, start + 1, start + 100, start + CHUNK_SIZE, size - 1, size + 50].filter((e) => e === undefined || e >= start)) {
            const got = await collect(await store.stream(key, { start, ...(end !== undefined ? { end } : {}) }));
            const want = data.subarray(start, end === undefined ? undefined : end + 1);
            assert.ok(got?.equals(want), `${key} range ${start}-${end ?? ''}: ${got?.length} vs ${want.length}`);
          }
        }
      }
    }
    assert.deepEqual(
      (await store.list('rt/stream-65')).map((i: BlobInfo) => [i.key, i.size]),
      [
        ['rt/stream-65535', 65535],
        ['rt/stream-65536', 65536],
        ['rt/stream-65537', 65537],
      ],
    );
  });

  it('reads only the chunks a range touches', async () => {
    const data = pattern(40 * CHUNK_SIZE + 99, 5);
    await store.put('rt/big', data);
    const counting = new CountingStore(new LocalBlobStore(dir));
    const reader = new EncryptedBlobStore(counting, KEY);
    const start = 17 * CHUNK_SIZE + 100;
    const got = await collect(await reader.stream('rt/big', { start, end: start + 9 }));
    assert.ok(got?.equals(data.subarray(start, start + 10)));
    assert.ok(counting.bytesRead <= HEADER_SIZE + STORED_CHUNK, `read ${counting.bytesRead} stored bytes for a 10-byte range`);
    await reader.close();
  });

  it('does not store the plaintext', async () => {
    const secret = Buffer.from('CAMERA-7 PLATE AB-123-CD '.repeat(4000));
    await store.put('rt/plain', secret);
    await store.put('rt/plain-stream', chunked(secret, 999));
    for (const key of ['rt/plain', 'rt/plain-stream']) {
      const stored = (await raw.get(key))!;
      assert.equal(stored.indexOf('CAMERA-7'), -1);
      assert.equal(stored.indexOf('PLATE AB'), -1);
    }
    // Two writes of the same plaintext differ (fresh per-object key).
    await store.put('rt/plain-2', secret);
    assert.ok(!(await raw.get('rt/plain'))!.subarray(HEADER_SIZE).equals((await raw.get('rt/plain-2'))!.subarray(HEADER_SIZE)));
  });

  it('fails a read of a changed chunk, releasing only bytes that authenticated', async () => {
    const data = pattern(5 * CHUNK_SIZE + 7, 9);
    await store.put('tamper/a', data);
    const stored = (await raw.get('tamper/a'))!;
    const changed = Buffer.from(stored);
    changed[HEADER_SIZE + 2 * STORED_CHUNK + 1234]! ^= 0x01;
    await raw.put('tamper/a', changed);
    await assert.rejects(store.get('tamper/a'), isCode('blob_integrity'));
    const { bytes, error } = await collectUntilError((await store.stream('tamper/a'))!);
    assert.ok(isCode('blob_integrity')(error), String(error));
    assert.ok(bytes.length <= 2 * CHUNK_SIZE && bytes.equals(data.subarray(0, bytes.length)), 'only authenticated bytes came out');
    const ranged = await collectUntilError((await store.stream('tamper/a', { start: 2 * CHUNK_SIZE + 10, end: 2 * CHUNK_SIZE + 20 }))!);
    assert.ok(isCode('blob_integrity')(ranged.error));
    assert.equal(ranged.bytes.length, 0);
    // Untouched chunks still read.
    assert.ok((await collect(await store.stream('tamper/a', { start: 10, end: 20 })))?.equals(data.subarray(10, 21)));
  });

  it('fails on a changed header, tag, reordered chunks, truncation and appended bytes', async () => {
    const data = pattern(3 * CHUNK_SIZE + 500, 11);
    await store.put('tamper/b', data);
    const stored = (await raw.get('tamper/b'))!;
    /** [what was done, the stored bytes, a plaintext range start that touches the damage] */
    const variants: Array<[string, Buffer, number]> = [];
    const flip = (at: number): Buffer => {
      const b = Buffer.from(stored);
      b[at]! ^= 0x80;
      return b;
    };
    const chunk = (i: number): Buffer => stored.subarray(HEADER_SIZE + i * STORED_CHUNK, HEADER_SIZE + (i + 1) * STORED_CHUNK);
    variants.push(['salt', flip(40), 2 * CHUNK_SIZE]);
    variants.push(['reserved header byte', flip(6), 0]);
    variants.push(['last tag', flip(stored.length - 1), 3 * CHUNK_SIZE]);
    variants.push(['swapped chunks', Buffer.concat([stored.subarray(0, HEADER_SIZE), chunk(1), chunk(0), stored.subarray(HEADER_SIZE + 2 * STORED_CHUNK)]), 5]);
    // Cut at a chunk boundary the object looks 3 × 64 KiB long; reading at its apparent end still checks the final chunk.
    variants.push(['dropped final chunk', stored.subarray(0, HEADER_SIZE + 3 * STORED_CHUNK), 3 * CHUNK_SIZE]);
    variants.push(['cut mid-chunk', stored.subarray(0, stored.length - 100), 3 * CHUNK_SIZE]);
    variants.push(['appended chunk', Buffer.concat([stored, chunk(0)]), 3 * CHUNK_SIZE]);
    variants.push(['header only', stored.subarray(0, HEADER_SIZE), 0]);
    for (const [label, bytes, start] of variants) {
      await raw.put('tamper/b', bytes);
      await assert.rejects(store.get('tamper/b'), isCode('blob_integrity'), `${label}: get`);
      await assert.rejects(
        (async () => collect(await store.stream('tamper/b', { start, end: start + 10 })))(),
        isCode('blob_integrity'),
        `${label}: range at ${start}`,
      );
    }
  });

  it('fails on an object moved or copied to another key', async () => {
    await store.put('tamper/c1', Buffer.from('segment of camera 1'));
    await raw.put('tamper/c2', (await raw.get('tamper/c1'))!);
    await assert.rejects(store.get('tamper/c2'), isCode('blob_integrity'));
    assert.equal((await store.get('tamper/c1'))?.toString(), 'segment of camera 1');
  });

  it('says when an object was written under another key or without encryption', async () => {
    await store.put('keys/a', pattern(1000));
    const other = new EncryptedBlobStore(new LocalBlobStore(dir), randomBytes(32));
    try {
      await assert.rejects(other.get('keys/a'), isCode('blob_wrong_key'));
      await assert.rejects(other.stream('keys/a'), isCode('blob_wrong_key'));
      await assert.rejects(other.stream('keys/a', { start: 500 }), isCode('blob_wrong_key'));
    } finally {
      await other.close();
    }
    await raw.put('keys/plain', Buffer.from('x'.repeat(200)));
    await assert.rejects(store.get('keys/plain'), isCode('blob_not_encrypted'));
    await assert.rejects(store.stream('keys/plain', { start: 100 }), isCode('blob_not_encrypted'));
  });

  it('stores nothing when the source stream fails', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('source broke'));
      },
    });
    await assert.rejects(store.put('fail/x', failing), /source broke/);
    assert.equal(await store.stat('fail/x'), null);
  });

  it('refuses use after close', async () => {
    const s = new EncryptedBlobStore(new LocalBlobStore(dir), KEY);
    await s.close();
    await assert.rejects(s.put('rt/after-close', Buffer.from('x')), isCode('blob_closed'));
    await assert.rejects(s.get('rt/1'), isCode('blob_closed'));
  });
});

describe('EncryptedBlobStore over s3rver', () => {
  let server: TestS3Server;
  let store: EncryptedBlobStore;
  before(async () => {
    server = await startS3Server();
    const s3 = new S3BlobStore({
      endpoint: server.endpoint,
      region: server.region,
      bucket: server.bucket,
      accessKeyId: server.accessKeyId,
      secretAccessKey: server.secretAccessKey,
      partSizeBytes: 5 * 1024 * 1024,
    });
    store = new EncryptedBlobStore(s3, KEY);
  });
  after(async () => {
    await store.close();
    await server.stop();
  });

  it('round-trips a 12 MiB stream (multipart) and serves ranges across part and chunk boundaries', async () => {
    const data = pattern(12 * 1024 * 1024 + 3, 21);
    assert.equal((await store.put('rec/cam/big.m4s', chunked(data, 100_003))).size, data.length);
    assert.equal((await store.stat('rec/cam/big.m4s'))?.size, data.length);
    assert.ok((await store.get('rec/cam/big.m4s'))?.equals(data));
    for (const [start, end] of [
      [5 * 1024 * 1024 - 3, 5 * 1024 * 1024 + 3],
      [CHUNK_SIZE * 100 - 1, CHUNK_SIZE * 100],
      [data.length - 10, data.length + 10],
      [0, 0],
    ] as const) {
      assert.ok((await collect(await store.stream('rec/cam/big.m4s', { start, end })))?.equals(data.subarray(start, end + 1)), `${start}-${end}`);
    }
    assert.deepEqual(
      (await store.list('rec/cam/')).map((i) => [i.key, i.size]),
      [['rec/cam/big.m4s', data.length]],
    );
  });
});

/** Counts the stored bytes read through it. */
class CountingStore implements BlobStore {
  readonly kind = 'counting';
  bytesRead = 0;
  constructor(private readonly inner: BlobStore) {}
  put(key: string, body: Buffer | Readable): Promise<BlobInfo> {
    return this.inner.put(key, body);
  }
  get(key: string): Promise<Buffer | null> {
    return this.inner.get(key);
  }
  async stream(key: string, range?: { start: number; end?: number }): Promise<Readable | null> {
    const s = await this.inner.stream(key, range);
    if (!s) return null;
    const count = (n: number): void => {
      this.bytesRead += n;
    };
    return Readable.from(
      (async function* () {
        for await (const c of s) {
          count((c as Buffer).length);
          yield c as Buffer;
        }
      })(),
    );
  }
  stat(key: string): Promise<BlobInfo | null> {
    return this.inner.stat(key);
  }
  delete(key: string): Promise<boolean> {
    return this.inner.delete(key);
  }
  list(prefix: string, options?: { limit?: number; after?: string }): Promise<BlobInfo[]> {
    return this.inner.list(prefix, options);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
