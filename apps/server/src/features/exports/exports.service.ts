import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { MediaTools } from '@argus/media';
import type { BlobStore } from '../../adapters/blob/blob-store';
import { AppError, forbidden, notFound } from '../../errors';
import { isoAt, type Clock } from '../../util/clock';
import { newId } from '../../util/ids';
import type { AuditService } from '../audit/audit.service';
import type { CamerasRepo } from '../cameras/cameras.repo';
import type { RequestContext } from '../request-context';
import { requireCamera } from '../recordings/camera-access';
import { parseRangeHeader } from '../recordings/http-range';
import type { RecordingLog } from '../recordings/log';
import type { SegmentIndexRepo } from '../recordings/segment-index.repo';
import { parseRange } from '../recordings/time-range';
import { buildExport, DAY_MS, type ExportsConfig } from './export-build';
import { exportView, fileNameOf, type ExportView } from './export-view';
import type { ExportJob, ExportsRepo } from './exports.repo';
import { verifyManifest, type ExportManifest, type VerifyResult } from './manifest';
import type { SigningKey, VerifyingKey } from './signing-key';

export type { ExportsConfig } from './export-build';
export type { ExportView } from './export-view';

const PROGRESS_EVERY_MS = 500;

export interface FileBody {
  status: 200 | 206;
  stream: Readable;
  start: number;
  end: number;
  size: number;
  name: string;
  etag: string;
}

/**
 * Evidence export: a clip of a camera's recording for a time range as one MP4 (stream copy cut on key frames, or a
 * watermarked transcode), with a signed manifest. Jobs run in a bounded in-process queue and survive a restart
 * (queued and interrupted jobs run again).
 */
export class ExportsService {
  private readonly queue: string[] = [];
  private readonly running = new Map<string, AbortController>();
  private closed = false;
  private idle: Promise<void> = Promise.resolve();

  constructor(
    private readonly repo: ExportsRepo,
    private readonly index: SegmentIndexRepo,
    private readonly cameras: CamerasRepo,
    private readonly blobs: BlobStore,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: ExportsConfig,
    private readonly media: () => MediaTools,
    private readonly key: SigningKey & VerifyingKey,
    private readonly log: RecordingLog,
  ) {}

  private get tmpRoot(): string {
    return path.join(this.config.dataDir, 'tmp', 'exports');
  }

  /** Re-queues what a stop or crash interrupted. */
  async start(): Promise<void> {
    await rm(this.tmpRoot, { recursive: true, force: true });
    for (const job of await this.repo.byState(['queued', 'running'])) {
      if (job.state === 'running') await this.repo.update(job.id, { state: 'queued', progress: 0 });
      this.enqueue(job.id);
    }
  }

  /** An export the caller may act on; one of a camera outside the caller's scope reads as missing. */
  private async require(ctx: RequestContext, id: string): Promise<ExportJob> {
    const job = await this.repo.byId(id);
    if (!job) throw notFound('export', id);
    const camera = await this.cameras.byId(job.cameraId);
    const domainPath = camera?.domain_path ?? job.domainPath;
    if (!ctx.access.can('cameras.read', domainPath)) throw notFound('export', id);
    if (!ctx.access.can('recordings.export', domainPath)) throw forbidden('You have no recordings.export right here');
    return job;
  }

  async create(ctx: RequestContext, cameraId: string, body: { from: string; to: string; watermark?: boolean; pin?: boolean }): Promise<ExportView> {
    const camera = await requireCamera(this.cameras, ctx, cameraId, 'recordings.export');
    const max = this.config.export.maxSeconds;
    const { fromMs, toMs } = parseRange(body.from, body.to, { nowMs: this.clock.now(), maxSpanMs: max * 1000, maxSpanText: `${max} s per export` });
    const found = await this.index.overlapping(cameraId, fromMs, toMs, 1);
    if (found.length === 0) throw new AppError('no_recordings', `Camera ${camera.name} has no recorded video between ${isoAt(fromMs)} and ${isoAt(toMs)}`);
    const job: ExportJob = {
      id: newId('exp'),
      cameraId,
      cameraName: camera.name,
      domainPath: camera.domain_path,
      state: 'queued',
      progress: 0,
      error: null,
      fromMs,
      toMs,
      actualFromMs: null,
      actualToMs: null,
      watermark: body.watermark === true,
      pinned: body.pin === true,
      keepUntilMs: null,
      fileKey: null,
      fileSha256: null,
      fileSize: null,
      manifest: null,
      createdById: ctx.actor.id,
      createdByName: ctx.actor.name,
      createdAt: isoAt(this.clock.now()),
      finishedAt: null,
    };
    await this.repo.insert(job);
    await this.audit.record(ctx.actor, {
      action: 'recording.export',
      targetType: 'camera',
      targetId: cameraId,
      domainPath: camera.domain_path,
      details: { exportId: job.id, from: isoAt(fromMs), to: isoAt(toMs), watermark: job.watermark, pinned: job.pinned },
    });
    this.enqueue(job.id);
    return exportView(job);
  }

  async get(ctx: RequestContext, id: string): Promise<ExportView> {
    return exportView(await this.require(ctx, id));
  }

  async list(ctx: RequestContext, f: { cameraId?: string; limit: number }): Promise<{ items: ExportView[] }> {
    let cameraIds: string[];
    if (f.cameraId) {
      const cam = await this.cameras.byId(f.cameraId);
      cameraIds = cam && ctx.access.can('recordings.export', cam.domain_path) ? [cam.id] : [];
    } else {
      cameraIds = (await this.cameras.list({ scope: ctx.access.scope('recordings.export'), limit: 100_000, offset: 0 })).rows.map((r) => r.id);
    }
    const jobs = await this.repo.list({ cameraIds, limit: f.limit });
    return { items: jobs.map((j) => exportView(j)) };
  }

  async manifest(ctx: RequestContext, id: string): Promise<ExportManifest> {
    const job = await this.require(ctx, id);
    if (job.state !== 'done' || !job.manifest) throw new AppError('export_not_ready', `Export ${id} is ${job.state}`);
    return JSON.parse(job.manifest) as ExportManifest;
  }

  /** The clip's bytes (Range supported); downloads are audited (once per download, not per range). */
  async file(ctx: RequestContext, id: string, headers: { range?: string }): Promise<FileBody> {
    const job = await this.require(ctx, id);
    if (job.state !== 'done' || !job.fileKey || job.fileSize === null || !job.fileSha256) throw new AppError('export_not_ready', `Export ${id} is ${job.state}`);
    const wanted = parseRangeHeader(headers.range, job.fileSize);
    if (wanted.kind === 'unsatisfiable') throw new AppError('range_not_satisfiable', `Export ${id} has ${job.fileSize} bytes`, undefined, { size: job.fileSize });
    const start = wanted.kind === 'partial' ? wanted.start : 0;
    const end = wanted.kind === 'partial' ? wanted.end : job.fileSize - 1;
    const stream = await this.blobs.stream(job.fileKey, { start, end });
    if (!stream) throw new AppError('not_found', `The file of export ${id} is missing from storage`);
    if (start === 0) {
      await this.audit.record(ctx.actor, {
        action: 'recording.export.download',
        targetType: 'camera',
        targetId: job.cameraId,
        domainPath: job.domainPath,
        details: { exportId: id },
      });
    }
    return { status: wanted.kind === 'partial' ? 206 : 200, stream, start, end, size: job.fileSize, name: fileNameOf(job.cameraName, job.actualFromMs ?? job.fromMs), etag: `"${job.fileSha256}"` };
  }

  async delete(ctx: RequestContext, id: string): Promise<void> {
    const job = await this.require(ctx, id);
    await this.remove(job);
    await this.audit.record(ctx.actor, {
      action: 'recording.export.delete',
      targetType: 'camera',
      targetId: job.cameraId,
      domainPath: job.domainPath,
      details: { exportId: id },
    });
  }

  private async remove(job: ExportJob): Promise<void> {
    this.running.get(job.id)?.abort();
    const i = this.queue.indexOf(job.id);
    if (i >= 0) this.queue.splice(i, 1);
    await this.repo.delete(job.id);
    if (job.fileKey) await this.blobs.delete(job.fileKey).catch((err: unknown) => this.log.warn(`export ${job.id}: deleting its file failed: ${(err as Error).message}`));
    if (job.pinned && job.actualFromMs !== null && job.actualToMs !== null) await this.repin(job.cameraId, job.actualFromMs, job.actualToMs);
  }

  /** Clears the segments' pins in a range and re-applies those of the pinned exports that remain. */
  private async repin(cameraId: string, fromMs: number, toMs: number): Promise<void> {
    await this.index.unkeep(cameraId, fromMs, toMs);
    await this.reapplyPins(cameraId, fromMs, toMs);
  }

  /** Raises keep_until again for every pinned export overlapping a range (after something cleared it there). */
  async reapplyPins(cameraId: string, fromMs: number, toMs: number): Promise<void> {
    for (const other of await this.repo.pinnedOverlapping(cameraId, fromMs, toMs)) {
      if (other.keepUntilMs !== null && other.actualFromMs !== null && other.actualToMs !== null) {
        await this.index.keep(cameraId, other.actualFromMs, other.actualToMs, other.keepUntilMs);
      }
    }
  }

  publicKey(): { algorithm: 'Ed25519'; keyId: string; publicKeyPem: string } {
    return { algorithm: 'Ed25519', keyId: this.key.keyId, publicKeyPem: this.key.publicKeyPem };
  }

  verify(manifest: unknown, file?: { sha256: string; size?: number }): VerifyResult {
    return verifyManifest(manifest, this.key, file);
  }

  /** Retention hook: deletes unpinned exports older than keepDays and pinned ones past their keep time. */
  async expire(nowMs: number): Promise<number> {
    const before = isoAt(nowMs - this.config.export.keepDays * DAY_MS);
    const jobs = await this.repo.expired(nowMs, before, 500);
    for (const job of jobs) await this.remove(job);
    return jobs.length;
  }

  totalBytes(): Promise<number> {
    return this.repo.totalBytes();
  }

  // ---- the queue ----

  private enqueue(id: string): void {
    if (this.closed) return;
    this.queue.push(id);
    this.pump();
  }

  private pump(): void {
    while (!this.closed && this.running.size < this.config.export.concurrency && this.queue.length > 0) {
      const id = this.queue.shift() as string;
      const abort = new AbortController();
      this.running.set(id, abort);
      const done = this.process(id, abort.signal)
        .catch((err: unknown) => this.log.error(`export ${id}: ${(err as Error).message}`))
        .finally(() => {
          this.running.delete(id);
          this.pump();
        });
      this.idle = Promise.all([this.idle, done]).then(() => undefined);
    }
  }

  private async process(id: string, signal: AbortSignal): Promise<void> {
    const job = await this.repo.byId(id);
    if (!job || job.state !== 'queued') return;
    const tmp = path.join(this.tmpRoot, id);
    try {
      await this.repo.update(id, { state: 'running', progress: 0, error: null });
      await mkdir(tmp, { recursive: true });
      const result = await buildExport(job, tmp, signal, {
        index: this.index, blobs: this.blobs, clock: this.clock, config: this.config, tools: this.media(), key: this.key,
        onProgress: this.progressOf(id),
      });
      if (signal.aborted) return;
      await this.repo.update(id, { ...result, state: 'done', progress: 1, finishedAt: isoAt(this.clock.now()) });
    } catch (err) {
      if (signal.aborted) return;
      const message = (err as Error).message.slice(0, 1000);
      this.log.warn(`export ${id} failed: ${message}`);
      await this.repo.update(id, { state: 'failed', error: message, finishedAt: isoAt(this.clock.now()) });
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }

  /** Stores a job's progress at most every PROGRESS_EVERY_MS (below 1 until it is done). */
  private progressOf(id: string): (p: number) => void {
    let last = 0;
    return (p) => {
      const now = Date.now();
      if (now - last < PROGRESS_EVERY_MS) return;
      last = now;
      this.repo.update(id, { progress: Math.min(0.99, p) }).catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.queue.length = 0;
    for (const a of this.running.values()) a.abort();
    await this.idle.catch(() => undefined);
  }
}
