import type { BlobStore } from './blob-store';
import { EncryptedBlobStore } from './encrypted-blob-store';
import { LocalBlobStore } from './local-blob-store';
import { S3BlobStore, type S3BlobStoreOptions } from './s3-blob-store';

/** `endpoint` may be empty or left out for AWS S3 itself. */
export type BlobStoreOptions = { kind: 'local'; dir: string } | ({ kind: 's3' } & S3BlobStoreOptions);

/**
 * The configured blob store: local disk or S3-compatible, wrapped in EncryptedBlobStore when a 32-byte key is given.
 * The caller owns the result and closes it (closing the encrypted store closes the one beneath).
 * Turning encryption on or off does not convert existing objects: reads of the other kind fail with a clear error.
 */
export function createBlobStore(options: BlobStoreOptions, encryptionKey?: Buffer): BlobStore {
  let store: BlobStore;
  switch (options.kind) {
    case 'local':
      store = new LocalBlobStore(options.dir);
      break;
    case 's3': {
      const { kind: _kind, ...s3 } = options;
      store = new S3BlobStore(s3);
      break;
    }
  }
  return encryptionKey ? new EncryptedBlobStore(store, encryptionKey) : store;
}

/** Like createBlobStore, but checks an S3 bucket first so a wrong endpoint, bucket or key fails at start. */
export async function openBlobStore(options: BlobStoreOptions, encryptionKey?: Buffer): Promise<BlobStore> {
  if (options.kind === 's3') {
    const { kind: _kind, ...s3 } = options;
    const store = new S3BlobStore(s3);
    try {
      await store.verify();
    } catch (err) {
      await store.close();
      throw err;
    }
    return encryptionKey ? new EncryptedBlobStore(store, encryptionKey) : store;
  }
  return createBlobStore(options, encryptionKey);
}
