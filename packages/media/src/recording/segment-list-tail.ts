/**
 * Follows ffmpeg's segment list file as it grows (positional reads of the new bytes only). The reads are
 * synchronous: a line of a few dozen bytes, just written, read from the page cache in microseconds, where a read
 * through libuv's thread pool would cost one more wake-up of the process per segment (see docs/recording.md).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { type SegmentListEntry, SegmentListParser } from './segment-list';

export class SegmentListTail {
  private fd: number | null = null;
  private position = 0;
  private readonly parser = new SegmentListParser();
  private readonly buffer = Buffer.alloc(16 * 1024);

  constructor(private readonly file: string) {}

  /** Entries appended since the last call. A missing file yields nothing. */
  async poll(): Promise<SegmentListEntry[]> {
    return this.readNew();
  }

  private readNew(): SegmentListEntry[] {
    if (this.fd === null) {
      try {
        this.fd = openSync(this.file, 'r');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw err;
      }
    }
    const entries: SegmentListEntry[] = [];
    for (;;) {
      const bytesRead = readSync(this.fd, this.buffer, 0, this.buffer.length, this.position);
      if (bytesRead === 0) break;
      this.position += bytesRead;
      entries.push(...this.parser.feed(this.buffer.toString('utf8', 0, bytesRead)));
      if (bytesRead < this.buffer.length) break; // at the end now: no second read just to learn that
    }
    return entries;
  }

  async close(): Promise<void> {
    const fd = this.fd;
    this.fd = null;
    if (fd !== null) closeSync(fd);
  }
}
