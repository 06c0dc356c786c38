import { createReadStream } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BlobInfo, BlobStore } from '../../adapters/blob/blob-store';
import { isoAt, type Clock } from '../../util/clock';
import { newTimeOrderedId } from '../../util/ids';
import type { ClosedSegment } from './engine-port';
import { MAX_SEGMENT_MS, type Segment, type SegmentIndexRepo } from './segment-index.repo';

export interface IngestLog {
  warn(msg: string): void;
  error(msg: string): void;
}

export interface IngestCounters {
  stored: number;
  /** Segments moved to the spool because the store refused them. */
  spooled: number;
  /** Segments dropped: invalid, or pushed out of a full spool. */
  lost: number;
  /** Segments the engine handed over twice (already indexed). */
  duplicates: number;
}

const SHA256 = /^[0-9a-f]{64}$/;
const KEY_SAFE = /[^A-Za-z0-9._-]/g;

/** True for the errors a full disk or quota produces. */
export function isNoSpace(err: unknown): boolean {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = e?.code ?? e?.cause?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

/** Blob key of a segment: rec/<cameraId>/<yyyy>/<mm>/<dd>/<startMs>-<session>-<seq>.mp4 (UTC date). */
export function storageKeyOf(cameraId: string, seg: Pick<ClosedSegment, 'startMs' | 'sessionId' | 'sequence'>): string {
  const d = new Date(seg.startMs);
  const two = (n: number) => String(n).padStart(2, '0');
  const session = seg.sessionId.replace(KEY_SAFE, '_').slice(0, 64) || 'session';
  return `rec/${cameraId}/${d.getUTCFullYear()}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}/${seg.startMs}-${session}-${seg.sequence}.mp4`;
}

/** Why a handed-over segment cannot be indexed, or null when it is sound. */
export function segmentProblem(seg: ClosedSegment, fileSize: number | null): string | null {
  if (fileSize === null) return 'the file is missing';
  if (!Number.isSafeInteger(seg.startMs) || seg.startMs <= 0) return `bad start time ${seg.startMs}`;
  if (!(seg.durationMs > 0) || seg.durationMs > MAX_SEGMENT_MS) return `bad duration ${seg.durationMs} ms`;
  if (!(seg.initSize > 0) || seg.initSize >= seg.sizeBytes) return `bad init size ${seg.initSize} of ${seg.sizeBytes} bytes`;
  if (fileSize !== seg.sizeBytes) return `the file has ${fileSize} bytes, the engine said ${seg.sizeBytes}`;
  if (!SHA256.test(seg.sha256)) return 'no SHA-256';
  return null;
}

/**
 * Stores a segment file's bytes: the store takes the file itself where it can (local disk: a hard link, no byte
 * copied; the work file stays until the segment is indexed, so a crash in between hands it over again), else its
 * bytes are streamed in.
 */
export function putSegmentFile(blobs: BlobStore, key: string, file: string): Promise<BlobInfo> {
  const options = { contentType: 'video/mp4' };
  return blobs.putFile ? blobs.putFile(key, file, options) : blobs.put(key, createReadStream(file), options);
}

/**
 * Moves closed segments from the engine's work folder into the blob store and the index: upload, then index, then
 * delete the local file. Each step is idempotent, so a crash anywhere leaves either a file the engine hands over
 * again, or an indexed segment. When the store refuses a segment (disk full, S3 down), it asks retention to free
 * space, retries once, and otherwise parks the segment in a bounded local spool that is retried periodically.
 */
export class SegmentIngest {
  readonly counters: IngestCounters = { stored: 0, spooled: 0, lost: 0, duplicates: 0 };
  private spoolBytes = 0;
  private spoolCount = new Map<string, number>();
  private sweeping: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly index: SegmentIndexRepo,
    private readonly blobs: BlobStore,
    private readonly clock: Clock,
    private readonly spoolDir: string,
    private readonly spoolMaxBytes: number,
    /** Frees space (retention's emergency run); resolves when done. */
    private readonly freeSpace: (bytes: number) => Promise<void>,
    private readonly log: IngestLog,
  ) {}

  spooledOf(cameraId: string): number {
    return this.spoolCount.get(cameraId) ?? 0;
  }

  /** Stores a closed segment; never throws (the engine waits on it and must keep recording). */
  async accept(cameraId: string, seg: ClosedSegment): Promise<'stored' | 'spooled' | 'dropped'> {
    const size = await stat(seg.file).then((s) => s.size, () => null);
    const problem = segmentProblem(seg, size);
    if (problem) {
      this.counters.lost++;
      this.log.error(`recording ${cameraId}: discarding segment ${path.basename(seg.file)}: ${problem}`);
      await rm(seg.file, { force: true }).catch(() => undefined);
      return 'dropped';
    }
    try {
      await this.store(cameraId, seg);
      return 'stored';
    } catch (err) {
      let failure = err;
      if (isNoSpace(err)) {
        this.log.warn(`recording ${cameraId}: no space for a segment; retention frees some`);
        try {
          await this.freeSpace(seg.sizeBytes);
          await this.store(cameraId, seg);
          return 'stored';
        } catch (again) {
          failure = again;
        }
      }
      this.log.warn(`recording ${cameraId}: storing a segment failed (${(failure as Error).message}); it waits in the spool`);
      return (await this.spool(cameraId, seg)) ? 'spooled' : 'dropped';
    }
  }

  private async store(cameraId: string, seg: ClosedSegment): Promise<void> {
    const key = storageKeyOf(cameraId, seg);
    await putSegmentFile(this.blobs, key, seg.file);
    const row: Segment = {
      id: newTimeOrderedId('seg', seg.startMs),
      cameraId,
      startMs: seg.startMs,
      endMs: seg.startMs + seg.durationMs,
      durationMs: Math.round(seg.durationMs),
      sizeBytes: seg.sizeBytes,
      videoCodec: seg.videoCodec,
      width: seg.width,
      height: seg.height,
      hasAudio: seg.hasAudio,
      initSize: seg.initSize,
      sha256: seg.sha256,
      storageKey: key,
      sessionId: seg.sessionId,
      sequence: seg.sequence,
      recovered: seg.recovered,
      keepUntilMs: null,
      createdAt: isoAt(this.clock.now()),
    };
    if (await this.index.insert(row)) this.counters.stored++;
    else this.counters.duplicates++;
    await unlink(seg.file).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }

  private async spool(cameraId: string, seg: ClosedSegment): Promise<boolean> {
    if (this.spoolMaxBytes <= 0) {
      this.counters.lost++;
      await rm(seg.file, { force: true }).catch(() => undefined);
      return false;
    }
    try {
      const dir = path.join(this.spoolDir, cameraId);
      await mkdir(dir, { recursive: true });
      const base = `${seg.startMs}-${seg.sequence}-${path.basename(seg.file).replace(KEY_SAFE, '_')}`;
      const target = path.join(dir, base.endsWith('.mp4') ? base : `${base}.mp4`);
      await rename(seg.file, target).catch(async (err: NodeJS.ErrnoException) => {
        if (err.code !== 'EXDEV') throw err;
        await copyFile(seg.file, target);
        await unlink(seg.file);
      });
      await writeFile(`${target}.json`, JSON.stringify({ ...seg, file: target }));
      this.counters.spooled++;
      this.spoolBytes += seg.sizeBytes;
      this.spoolCount.set(cameraId, this.spooledOf(cameraId) + 1);
      await this.trimSpool();
      return true;
    } catch (err) {
      this.counters.lost++;
      this.log.error(`recording ${cameraId}: cannot spool a segment either (${(err as Error).message}); it is lost`);
      await rm(seg.file, { force: true }).catch(() => undefined);
      return false;
    }
  }

  private async spooled(): Promise<Array<{ cameraId: string; seg: ClosedSegment }>> {
    const out: Array<{ cameraId: string; seg: ClosedSegment }> = [];
    const cameras = await readdir(this.spoolDir).catch(() => [] as string[]);
    for (const cameraId of cameras) {
      const files = await readdir(path.join(this.spoolDir, cameraId)).catch(() => [] as string[]);
      for (const f of files.filter((x) => x.endsWith('.mp4.json'))) {
        const meta = path.join(this.spoolDir, cameraId, f);
        try {
          out.push({ cameraId, seg: JSON.parse(await readFile(meta, 'utf8')) as ClosedSegment });
        } catch {
          this.log.warn(`recording: unreadable spool entry ${meta} removed`);
          await rm(meta, { force: true });
        }
      }
    }
    return out.sort((a, b) => a.seg.startMs - b.seg.startMs);
  }

  private async trimSpool(): Promise<void> {
    if (this.spoolBytes <= this.spoolMaxBytes) return;
    for (const { cameraId, seg } of await this.spooled()) {
      if (this.spoolBytes <= this.spoolMaxBytes) break;
      await rm(seg.file, { force: true });
      await rm(`${seg.file}.json`, { force: true });
      this.spoolBytes -= seg.sizeBytes;
      this.spoolCount.set(cameraId, Math.max(0, this.spooledOf(cameraId) - 1));
      this.counters.lost++;
      this.log.error(`recording ${cameraId}: the spool is full; dropped the segment of ${isoAt(seg.startMs)}`);
    }
  }

  /** Retries spooled segments, oldest first; stops at the first one the store still refuses. */
  sweep(): Promise<void> {
    this.sweeping ??= (async () => {
      try {
        const entries = await this.spooled();
        this.spoolBytes = entries.reduce((n, e) => n + e.seg.sizeBytes, 0);
        this.spoolCount = new Map();
        for (const e of entries) this.spoolCount.set(e.cameraId, this.spooledOf(e.cameraId) + 1);
        for (const { cameraId, seg } of entries) {
          try {
            await this.store(cameraId, seg);
          } catch (err) {
            if (isNoSpace(err)) await this.freeSpace(seg.sizeBytes).catch(() => undefined);
            break;
          }
          await rm(`${seg.file}.json`, { force: true });
          this.spoolBytes -= seg.sizeBytes;
          this.spoolCount.set(cameraId, Math.max(0, this.spooledOf(cameraId) - 1));
        }
      } finally {
        this.sweeping = null;
      }
    })();
    return this.sweeping;
  }

  start(intervalMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.spoolBytes > 0 || this.spoolCount.size > 0) {
        this.sweep().catch((err: unknown) => this.log.error(`recording: spool sweep failed: ${(err as Error).message}`));
      }
    }, intervalMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.sweeping;
  }
}
