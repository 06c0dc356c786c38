import { createReadStream, createWriteStream } from 'node:fs';
import { link, mkdir, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';
import { assertValidKey, type BlobInfo, type BlobStore } from './blob-store';

/** Errors of link(2) after which copying the bytes still works. */
const LINK_IMPOSSIBLE = new Set(['EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK']);

/** A unique name beside `target` to write into before the rename that makes a blob appear whole. */
const tempNameOf = (target: string): string => `${target}.${randomBytes(6).toString('hex')}.partial`;

/**
 * link(2), creating the target's folder only when it is missing (the folder of a camera's day exists for all but
 * its first segment: the common case costs one call, not a recursive mkdir walk first).
 */
async function linkCreatingFolder(existing: string, newPath: string): Promise<void> {
  try {
    await link(existing, newPath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    await stat(existing); // ENOENT of the source itself goes to the caller as it is
    await mkdir(path.dirname(newPath), { recursive: true });
    await link(existing, newPath);
  }
}

/** Blob store on local disk. Writes go to a temp file then rename, so readers never see half an object. */
export class LocalBlobStore implements BlobStore {
  readonly kind = 'local';

  constructor(private readonly root: string) {}

  private file(key: string): string {
    assertValidKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  put(key: string, body: Buffer | Readable): Promise<BlobInfo> {
    return this.write(key, body);
  }

  /** put() itself; putFile's copy fallback calls it directly, so a subclass that wraps both sees one call. */
  private async write(key: string, body: Buffer | Readable): Promise<BlobInfo> {
    const target = this.file(key);
    await mkdir(path.dirname(target), { recursive: true });
    const temp = tempNameOf(target);
    return this.settle(key, temp, () => pipeline(Buffer.isBuffer(body) ? Readable.from([body]) : body, createWriteStream(temp)));
  }

  /** Runs `fill` (which writes `temp`), renames temp into place and returns the blob; temp never stays behind. */
  private async settle(key: string, temp: string, fill: () => Promise<void>): Promise<BlobInfo> {
    try {
      await fill();
      await rename(temp, this.file(key));
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
    const info = await this.stat(key);
    if (!info) throw new Error(`blob ${key} vanished right after it was written`);
    return info;
  }

  /**
   * A hard link to `file` under a temp name, renamed into place: no byte is copied (a recording segment is ingested
   * with two metadata operations instead of a read and a write of every byte). Where a link is impossible (another
   * file system, or one without hard links) the bytes are copied as put() does.
   */
  async putFile(key: string, file: string): Promise<BlobInfo> {
    const temp = tempNameOf(this.file(key));
    try {
      await linkCreatingFolder(file, temp);
    } catch (err) {
      if (!LINK_IMPOSSIBLE.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
      return this.write(key, createReadStream(file));
    }
    return this.settle(key, temp, () => Promise.resolve());
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.file(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async stream(key: string, range?: { start: number; end?: number }): Promise<Readable | null> {
    if (!(await this.stat(key))) return null;
    return createReadStream(this.file(key), range ? { start: range.start, ...(range.end !== undefined ? { end: range.end } : {}) } : {});
  }

  async stat(key: string): Promise<BlobInfo | null> {
    try {
      const s = await stat(this.file(key));
      return s.isFile() ? { key, size: s.size, modifiedAt: s.mtime.toISOString() } : null;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async delete(key: string): Promise<boolean> {
    try {
      await unlink(this.file(key));
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }

  async list(prefix: string, options: { limit?: number; after?: string } = {}): Promise<BlobInfo[]> {
    const keys: string[] = [];
    const walk = async (dir: string, rel: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw err;
      }
      for (const e of entries) {
        const key = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) {
          if (key.startsWith(prefix) || prefix.startsWith(`${key}/`)) await walk(path.join(dir, e.name), key);
        } else if (e.isFile() && !e.name.endsWith('.partial') && key.startsWith(prefix)) {
          keys.push(key);
        }
      }
    };
    await walk(this.root, '');
    keys.sort();
    const after = options.after;
    const selected = (after ? keys.filter((k) => k > after) : keys).slice(0, options.limit ?? Number.MAX_SAFE_INTEGER);
    const infos = await Promise.all(selected.map((k) => this.stat(k)));
    return infos.filter((i): i is BlobInfo => i !== null);
  }

  async close(): Promise<void> {
    // Nothing held open: files are opened per call.
  }
}
