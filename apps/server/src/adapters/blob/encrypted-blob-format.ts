import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { BlobStoreError } from './blob-store-error';

/*
 * Encrypted blob format v1 (chunked AES-256-GCM, in the manner of the STREAM construction / Tink's streaming AEAD):
 *
 *   header (48 bytes): magic "AGB\x01" | version 1 | log2(chunk size) = 16 | 2 zero bytes | key id (8) | salt (32)
 *   then chunks:       ciphertext (64 KiB; the last one 0..64 KiB) ‖ GCM tag (16)
 *
 * - Per-object key = HKDF-SHA256(master key, salt, "argus blob v1\0" ‖ blob key). A fresh random salt per write gives
 *   every object version its own key, so the per-chunk nonces can be counters without any risk of nonce reuse under
 *   one key, and the master key is never used on bulk data (no 2^32 random-IV limit on it). Mixing the blob key in
 *   binds the ciphertext to its key: an object copied or moved to another key fails authentication.
 * - Nonce of chunk i = 7 zero bytes ‖ uint32 BE i ‖ final flag (1 on the last chunk, else 0). Chunks cannot be
 *   reordered, and truncation at a chunk boundary is caught because the new last chunk was sealed as not-final.
 *   The header is the AAD of every chunk.
 * - 64 KiB chunks: a range read decrypts only the chunks it touches (at most 64 KiB + the range), storage overhead is
 *   16 bytes per 64 KiB (0.02 %) plus the header, and nothing is released before its chunk has authenticated.
 * - The key id (8 bytes of HMAC-SHA256(master, "argus blob key id")) lets a read say "encrypted under another key"
 *   instead of a bare authentication failure. It reveals nothing about the key.
 * - An empty object still has one (empty, final) chunk, so every object carries at least one tag.
 */

export const CHUNK_SIZE = 64 * 1024;
export const TAG_SIZE = 16;
export const HEADER_SIZE = 48;
const STORED_CHUNK = CHUNK_SIZE + TAG_SIZE;
const MAGIC = Buffer.from([0x41, 0x47, 0x42, 0x01]);
const VERSION = 1;
const CHUNK_LOG2 = 16;
const MAX_CHUNKS = 2 ** 32;

export function keyIdOf(master: Buffer): Buffer {
  return createHmac('sha256', master).update('argus blob key id').digest().subarray(0, 8);
}

export interface ObjectCipher {
  header: Buffer;
  key: Buffer;
}

function deriveKey(master: Buffer, salt: Buffer, blobKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, salt, Buffer.from(`argus blob v1\0${blobKey}`, 'utf8'), 32));
}

/** A fresh header and per-object key for writing `blobKey`. */
export function newObjectCipher(master: Buffer, keyId: Buffer, blobKey: string): ObjectCipher {
  const salt = randomBytes(32);
  const header = Buffer.concat([MAGIC, Buffer.from([VERSION, CHUNK_LOG2, 0, 0]), keyId, salt]);
  return { header, key: deriveKey(master, salt, blobKey) };
}

/** Checks a stored header and derives its object key; throws a BlobStoreError naming what is wrong. */
export function openHeader(header: Buffer, master: Buffer, keyId: Buffer, blobKey: string): ObjectCipher {
  if (header.length < HEADER_SIZE || !header.subarray(0, 4).equals(MAGIC)) {
    throw new BlobStoreError('blob_not_encrypted', `blob ${blobKey} is not in the encrypted format (written without encryption?)`);
  }
  if (header[4] !== VERSION || header[5] !== CHUNK_LOG2 || header[6] !== 0 || header[7] !== 0) {
    throw new BlobStoreError('blob_integrity', `blob ${blobKey} has an unknown encrypted format version or a damaged header`);
  }
  if (!header.subarray(8, 16).equals(keyId)) {
    throw new BlobStoreError(
      'blob_wrong_key',
      `blob ${blobKey} was encrypted under another key (key id ${header.subarray(8, 16).toString('hex')}, this store's is ${keyId.toString('hex')})`,
    );
  }
  const own = header.subarray(0, HEADER_SIZE);
  return { header: Buffer.from(own), key: deriveKey(master, own.subarray(16, 48), blobKey) };
}

function nonce(index: number, final: boolean): Buffer {
  if (index >= MAX_CHUNKS) throw new Error('encrypted blob too large: more than 2^32 chunks');
  const n = Buffer.alloc(12);
  n.writeUInt32BE(index, 7);
  n[11] = final ? 1 : 0;
  return n;
}

/** ciphertext ‖ tag of one chunk. */
export function sealChunk(cipher: ObjectCipher, plaintext: Buffer, index: number, final: boolean): Buffer {
  const c = createCipheriv('aes-256-gcm', cipher.key, nonce(index, final));
  c.setAAD(cipher.header);
  const body = c.update(plaintext);
  c.final();
  return Buffer.concat([body, c.getAuthTag()]);
}

/** The plaintext of one stored chunk, or a blob_integrity error; never unauthenticated bytes. */
export function openChunk(cipher: ObjectCipher, stored: Buffer, index: number, final: boolean, blobKey: string): Buffer {
  if (stored.length < TAG_SIZE || stored.length > STORED_CHUNK) {
    throw new BlobStoreError('blob_integrity', `blob ${blobKey} is truncated or damaged (chunk ${index})`);
  }
  try {
    const d = createDecipheriv('aes-256-gcm', cipher.key, nonce(index, final));
    d.setAAD(cipher.header);
    d.setAuthTag(stored.subarray(stored.length - TAG_SIZE));
    const out = d.update(stored.subarray(0, stored.length - TAG_SIZE));
    d.final();
    return out;
  } catch (err) {
    throw new BlobStoreError('blob_integrity', `blob ${blobKey} failed authentication at chunk ${index}: it was changed, truncated or moved`, {
      cause: err,
    });
  }
}

/** Stored size of an object of `plaintext` bytes. */
export function storedSize(plaintext: number): number {
  const chunks = Math.max(1, Math.ceil(plaintext / CHUNK_SIZE));
  return HEADER_SIZE + plaintext + chunks * TAG_SIZE;
}

/** Plaintext size of a stored object, or null when no v1 object can have that stored size. */
export function plaintextSize(stored: number): number | null {
  const body = stored - HEADER_SIZE;
  if (body < TAG_SIZE) return null;
  const chunks = Math.ceil(body / STORED_CHUNK);
  const plaintext = body - chunks * TAG_SIZE;
  if (plaintext < 0 || (plaintext === 0 && chunks !== 1) || storedSize(plaintext) !== stored) return null;
  return plaintext;
}

/** Where the stored bytes of plaintext chunks [first, last] are, given the plaintext size. */
export function storedRange(first: number, last: number, plaintext: number): { start: number; end: number } {
  const start = HEADER_SIZE + first * STORED_CHUNK;
  const lastPlain = Math.min(CHUNK_SIZE, plaintext - last * CHUNK_SIZE);
  return { start, end: HEADER_SIZE + last * STORED_CHUNK + Math.max(0, lastPlain) + TAG_SIZE - 1 };
}
