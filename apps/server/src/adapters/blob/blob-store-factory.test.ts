import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { startS3Server } from '../../../test/support/s3-server';
import { createBlobStore } from './blob-store-factory';

describe('createBlobStore', () => {
  it('makes a local store, encrypted when given a key', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'argus-blob-factory-'));
    try {
      const plain = createBlobStore({ kind: 'local', dir });
      assert.equal(plain.kind, 'local');
      await plain.put('a/plain', Buffer.from('visible'));
      assert.equal((await readFile(path.join(dir, 'a', 'plain'))).toString(), 'visible');
      await plain.close();

      const key = randomBytes(32);
      const encrypted = createBlobStore({ kind: 'local', dir }, key);
      assert.equal(encrypted.kind, 'encrypted+local');
      await encrypted.put('a/secret', Buffer.from('hidden words'));
      assert.equal((await readFile(path.join(dir, 'a', 'secret'))).indexOf('hidden'), -1);
      assert.equal((await encrypted.get('a/secret'))?.toString(), 'hidden words');
      await encrypted.close();
      assert.throws(() => createBlobStore({ kind: 'local', dir }, Buffer.alloc(8)), /32 bytes/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('makes an S3 store, encrypted when given a key', async () => {
    const server = await startS3Server();
    try {
      const options = {
        kind: 's3' as const,
        endpoint: server.endpoint,
        region: server.region,
        bucket: server.bucket,
        prefix: 'argus',
        accessKeyId: server.accessKeyId,
        secretAccessKey: server.secretAccessKey,
        forcePathStyle: true,
      };
      const s3 = createBlobStore(options);
      assert.equal(s3.kind, 's3');
      const encrypted = createBlobStore(options, randomBytes(32));
      assert.equal(encrypted.kind, 'encrypted+s3');
      await encrypted.put('rec/x', Buffer.from('hidden words'));
      assert.equal((await encrypted.get('rec/x'))?.toString(), 'hidden words');
      assert.equal((await s3.get('rec/x'))?.indexOf('hidden'), -1);
      await Promise.all([s3.close(), encrypted.close()]);
    } finally {
      await server.stop();
    }
  });
});
