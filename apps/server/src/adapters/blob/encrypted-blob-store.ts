import { Readable } from 'node:stream';
import { assertValidKey, type BlobInfo, type BlobStore } from './blob-store';
import { BlobStoreError } from './blob-store-error';
import {
  CHUNK_SIZE,
  HEADER_SIZE,
  TAG_SIZE,
  keyIdOf,
  newObjectCipher,
  openChunk,
  openHeader,
  plaintextSize,
  sealChunk,
  storedRange,
  type ObjectCipher,
} from './encrypted-blob-format';

const STORED_CHUNK = CHUNK_SIZE + TAG_SIZE;

/**
 * Encryption at rest over any BlobStore (local disk, S3): AES-256-GCM in 64 KiB authenticated chunks with a per-object
 * key (format and reasoning in encrypted-blob-format.ts). Reads never release bytes that have not authenticated: a
 * changed, truncated, moved or foreign object is a BlobStoreError (`blob_integrity`, `blob_wrong_key`,
 * `blob_not_encrypted`) — from `get`, or as the stream's error for `stream`, after at most the bytes of the chunks that
 * did authenticate. Header problems (wrong key, not encrypted) reject `stream` itself, before any byte.
 *
 * Sizes (`put`, `stat`, `list`) are plaintext sizes, computed from the stored size. A range read costs a stat plus one
 * ranged read of the touched chunks (and of the header, when the range does not start in the first chunk).
 * `list` reports an object whose stored size no encrypted object can have as size 0 rather than failing the listing.
 */
export class EncryptedBlobStore implements BlobStore {
  readonly kind: string;
  private readonly master: Buffer;
  private readonly keyId: Buffer;
  private closed = false;

  constructor(
    private readonly inner: BlobStore,
    key: Buffer,
  ) {
    if (!Buffer.isBuffer(key) || key.length !== 32) throw new Error('the blob encryption key must be 32 bytes');
    this.master = Buffer.from(key);
    this.keyId = keyIdOf(this.master);
    this.kind = `encrypted+${inner.kind}`;
  }

  /** `contentType` is not passed on: what is stored is ciphertext (application/octet-stream). */
  async put(key: string, body: Buffer | Readable): Promise<BlobInfo> {
    this.assertOpen();
    assertValidKey(key);
    const cipher = newObjectCipher(this.master, this.keyId, key);
    const sealed = Buffer.isBuffer(body) ? encryptBuffer(cipher, body) : Readable.from(encryptStream(cipher, body));
    const info = await this.inner.put(key, sealed, { contentType: 'application/octet-stream' });
    return { ...info, size: this.sizeOf(info) };
  }

  async get(key: string): Promise<Buffer | null> {
    const stream = await this.stream(key);
    if (!stream) return null;
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  async stream(key: string, range?: { start: number; end?: number }): Promise<Readable | null> {
    this.assertOpen();
    assertValidKey(key);
    checkRange(range);
    if (!range || (range.start === 0 && range.end === undefined)) {
      const source = await this.inner.stream(key);
      if (!source) return null;
      return this.decrypting(key, source, { first: 0, final: undefined, from: 0, to: Number.POSITIVE_INFINITY });
    }
    const stat = await this.inner.stat(key);
    if (!stat) return null;
    const size = plaintextSize(stat.size);
    if (size === null) throw this.badSize(key, stat.size);
    const final = Math.max(0, Math.ceil(size / CHUNK_SIZE) - 1);
    // A range at or past the end yields nothing, but still authenticates the final chunk: the size comes from the
    // stored length, and a truncated object must fail rather than look shorter.
    const beyond = range.start >= size;
    const to = beyond ? range.start - 1 : Math.min(range.end ?? size - 1, size - 1);
    const first = beyond ? final : Math.floor(range.start / CHUNK_SIZE);
    const last = beyond ? final : Math.floor(to / CHUNK_SIZE);
    const body = storedRange(first, last, size);
    const layout = { first, final, last, from: range.start, to };
    if (first === 0) {
      const source = await this.inner.stream(key, { start: 0, end: body.end });
      return source ? this.decrypting(key, source, layout) : null;
    }
    const [head, source] = await Promise.all([this.inner.stream(key, { start: 0, end: HEADER_SIZE - 1 }), this.inner.stream(key, body)]);
    if (!head || !source) {
      head?.destroy();
      source?.destroy();
      return null;
    }
    const headerBytes = await readAll(head);
    const cipher = this.openHeaderOrDestroy(headerBytes, key, source);
    return Readable.from(decryptChunks(cipher, source, Buffer.alloc(0), key, layout));
  }

  async stat(key: string): Promise<BlobInfo | null> {
    this.assertOpen();
    assertValidKey(key);
    const info = await this.inner.stat(key);
    if (!info) return null;
    const size = plaintextSize(info.size);
    if (size === null) throw this.badSize(key, info.size);
    return { ...info, size };
  }

  async delete(key: string): Promise<boolean> {
    this.assertOpen();
    return this.inner.delete(key);
  }

  async list(prefix: string, options?: { limit?: number; after?: string }): Promise<BlobInfo[]> {
    this.assertOpen();
    const infos = await this.inner.list(prefix, options);
    return infos.map((info) => ({ ...info, size: this.sizeOf(info) }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.master.fill(0);
    await this.inner.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new BlobStoreError('blob_closed', `the encrypted blob store over ${this.inner.kind} is closed`);
  }

  private sizeOf(info: BlobInfo): number {
    return plaintextSize(info.size) ?? 0;
  }

  private badSize(key: string, size: number): BlobStoreError {
    return new BlobStoreError('blob_integrity', `blob ${key} has a stored size (${size} bytes) no encrypted object can have: truncated, or not encrypted`);
  }

  /** Reads the header off the front of `source` (rejecting on a wrong key or a foreign object), then decrypts lazily. */
  private async decrypting(
    key: string,
    source: Readable,
    layout: { first: number; final: number | undefined; last?: number; from: number; to: number },
  ): Promise<Readable> {
    const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    let head: Buffer = Buffer.alloc(0);
    while (head.length < HEADER_SIZE) {
      const next = await iterator.next();
      if (next.done) break;
      head = head.length === 0 ? next.value : Buffer.concat([head, next.value]);
    }
    const cipher = this.openHeaderOrDestroy(head, key, source);
    const rest = { [Symbol.asyncIterator]: () => iterator };
    return Readable.from(decryptChunks(cipher, rest, head.subarray(HEADER_SIZE), key, layout));
  }

  private openHeaderOrDestroy(head: Buffer, key: string, source: Readable): ObjectCipher {
    try {
      if (head.length < HEADER_SIZE) throw new BlobStoreError('blob_integrity', `blob ${key} is truncated: no complete header`);
      return openHeader(head, this.master, this.keyId, key);
    } catch (err) {
      source.destroy();
      throw err;
    }
  }
}

function encryptBuffer(cipher: ObjectCipher, body: Buffer): Buffer {
  const parts = [cipher.header];
  const chunks = Math.max(1, Math.ceil(body.length / CHUNK_SIZE));
  for (let i = 0; i < chunks; i++) {
    parts.push(sealChunk(cipher, body.subarray(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE), i, i === chunks - 1));
  }
  return Buffer.concat(parts);
}

/** Header, then each full chunk as soon as more data follows it, then the final chunk (possibly empty) at the end. */
async function* encryptStream(cipher: ObjectCipher, body: Readable): AsyncGenerator<Buffer> {
  yield cipher.header;
  let pending: Buffer = Buffer.alloc(0);
  let index = 0;
  for await (const raw of body) {
    const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw as string);
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    while (pending.length > CHUNK_SIZE) {
      yield sealChunk(cipher, pending.subarray(0, CHUNK_SIZE), index++, false);
      pending = pending.subarray(CHUNK_SIZE);
    }
  }
  yield sealChunk(cipher, pending, index, true);
}

/**
 * Decrypts stored chunks starting at chunk `first` and yields the plaintext bytes in [from, to].
 * `final` is the index of the object's last chunk when known (range reads, from the stored size); when undefined
 * (whole-object reads) the last chunk the stream delivers is the final one, recognised by holding one chunk back.
 * With `last` set, exactly chunks first..last must arrive.
 */
async function* decryptChunks(
  cipher: ObjectCipher,
  source: AsyncIterable<unknown>,
  initial: Buffer,
  key: string,
  layout: { first: number; final: number | undefined; last?: number; from: number; to: number },
): AsyncGenerator<Buffer> {
  let buffered = initial;
  let index = layout.first;
  const emit = function* (plain: Buffer, at: number): Generator<Buffer> {
    const base = at * CHUNK_SIZE;
    const lo = Math.max(layout.from - base, 0);
    const hi = Math.min(layout.to - base + 1, plain.length);
    if (hi > lo) yield plain.subarray(lo, hi);
  };
  const isFinal = (i: number): boolean => layout.final !== undefined && i === layout.final;
  for await (const raw of source) {
    const chunk = raw as Buffer;
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    // A full stored chunk is complete when it is not the final one and (when the final one is unknown) more follows.
    while (buffered.length >= STORED_CHUNK && !isFinal(index) && (layout.final !== undefined || buffered.length > STORED_CHUNK)) {
      if (layout.last !== undefined && index > layout.last) break;
      yield* emit(openChunk(cipher, buffered.subarray(0, STORED_CHUNK), index, false, key), index);
      buffered = buffered.subarray(STORED_CHUNK);
      index++;
    }
  }
  if (layout.final === undefined) {
    // Whole object: what is left is the final chunk (at least its tag).
    yield* emit(openChunk(cipher, buffered, index, true, key), index);
    return;
  }
  if (index === layout.last && isFinal(index) && buffered.length >= TAG_SIZE) {
    yield* emit(openChunk(cipher, buffered, index, true, key), index);
    return;
  }
  if (layout.last !== undefined && index === layout.last + 1 && buffered.length === 0) return;
  throw new BlobStoreError('blob_integrity', `blob ${key} is truncated or changed while being read (chunk ${index})`);
}

function checkRange(range: { start: number; end?: number } | undefined): void {
  if (!range) return;
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || start < 0 || (end !== undefined && (!Number.isSafeInteger(end) || end < start))) {
    throw new RangeError(`invalid byte range ${JSON.stringify(range)}`);
  }
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
