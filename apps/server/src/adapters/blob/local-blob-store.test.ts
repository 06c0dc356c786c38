import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { blobStoreContract } from './blob-store.contract';
import { LocalBlobStore } from './local-blob-store';

blobStoreContract('local disk', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'argus-blob-'));
  return { store: new LocalBlobStore(dir), cleanup: () => rm(dir, { recursive: true, force: true }) };
});
