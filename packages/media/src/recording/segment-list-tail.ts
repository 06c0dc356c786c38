/** Follows ffmpeg's segment list file as it grows (positional reads of the new bytes only). */
import { type FileHandle, open } from 'node:fs/promises';
import { type SegmentListEntry, SegmentListParser } from './segment-list';

export class SegmentListTail {
  private handle: FileHandle | null = null;
  private position = 0;
  private readonly parser = new SegmentListParser();
  private reading: Promise<SegmentListEntry[]> | null = null;
  private readonly buffer = Buffer.alloc(16 * 1024);

  constructor(private readonly file: string) {}

  /** Entries appended since the last call. Concurrent calls share one read. A missing file yields nothing. */
  poll(): Promise<SegmentListEntry[]> {
    if (this.reading !== null) return this.reading.then(() => this.poll());
    this.reading = this.readNew().finally(() => {
      this.reading = null;
    });
    return this.reading;
  }

  private async readNew(): Promise<SegmentListEntry[]> {
    if (this.handle === null) {
      try {
        this.handle = await open(this.file, 'r');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw err;
      }
    }
    const entries: SegmentListEntry[] = [];
    for (;;) {
      const { bytesRead } = await this.handle.read(this.buffer, 0, this.buffer.length, this.position);
      if (bytesRead === 0) break;
      this.position += bytesRead;
      entries.push(...this.parser.feed(this.buffer.toString('utf8', 0, bytesRead)));
      if (bytesRead < this.buffer.length) break; // at the end now: no second read just to learn that
    }
    return entries;
  }

  async close(): Promise<void> {
    await this.reading?.catch(() => undefined);
    const handle = this.handle;
    this.handle = null;
    await handle?.close();
  }
}
