import type { Readable } from 'node:stream';
import type { BlobInfo } from '../../../src/adapters/blob/blob-store';
import { LocalBlobStore } from '../../../src/adapters/blob/local-blob-store';

/** A local blob store on a "disk" of `quotaBytes`: writes beyond it fail with ENOSPC, as a full volume does. */
export class QuotaBlobStore extends LocalBlobStore {
  used = 0;
  refusals = 0;

  constructor(root: string, private readonly quotaBytes: number) {
    super(root);
  }

  override put(key: string, body: Buffer | Readable): Promise<BlobInfo> {
    return this.charged(key, () => super.put(key, body), () => {
      if (!Buffer.isBuffer(body)) body.destroy();
    });
  }

  /** The hard-link path of the ingest is charged like a write (the segment's bytes move onto this "disk"). */
  override putFile(key: string, file: string): Promise<BlobInfo> {
    return this.charged(key, () => super.putFile(key, file));
  }

  private async charged(key: string, write: () => Promise<BlobInfo>, refused?: () => void): Promise<BlobInfo> {
    if (this.used >= this.quotaBytes) {
      this.refusals++;
      refused?.();
      throw Object.assign(new Error(`ENOSPC: no space left on device, write '${key}'`), { code: 'ENOSPC' });
    }
    const before = (await this.stat(key))?.size ?? 0;
    const info = await write();
    this.used += info.size - before;
    return info;
  }

  /**
   * Uncharged before the file goes, recharged if it did not: `used` never counts more than the disk holds, even for a
   * reader that looks while a delete is under way (writes are charged after they land, for the same reason).
   */
  override async delete(key: string): Promise<boolean> {
    const size = (await this.stat(key))?.size ?? 0;
    this.used -= size;
    const deleted = await super.delete(key).catch((err: unknown) => {
      this.used += size;
      throw err;
    });
    if (!deleted) this.used += size;
    return deleted;
  }
}
