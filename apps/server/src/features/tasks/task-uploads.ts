/**
 * Uploaded videos for offline runs: a caller with tasks.manage somewhere streams a file to the server
 * (`POST /api/analysis/uploads`), which stores it under `<dataDir>/uploads`, checks it is a readable video (ffprobe),
 * and answers with an upload id; `POST /api/tasks/{id}/runs {cameraId, uploadId}` then runs the task over it. An
 * upload belongs to whoever sent it (another caller's id reads as missing) and is deleted a day after it arrived.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { AppError, forbidden, notFound } from '../../errors';
import { bodyToFile } from '../../http/body-to-file';
import { isoAt, type Clock } from '../../util/clock';
import type { RequestContext } from '../request-context';

export const UPLOAD_TTL_MS = 24 * 3600 * 1000;
const ID = /^upl_[0-9a-f]{32}$/;

export interface UploadView {
  id: string;
  name: string;
  sizeBytes: number;
  durationS: number;
  createdAt: string;
  expiresAt: string;
}

interface UploadMeta extends UploadView {
  createdById: string | null;
}

export interface TaskUploadsDeps {
  dataDir: string;
  maxBytes: number;
  clock: Clock;
  /** Seconds of video in a file, null when it is not a readable video. */
  probeDuration: (file: string) => Promise<number | null>;
}

const tooLarge = (maxBytes: number): AppError => new AppError('body_too_large', `The upload is larger than analysis.uploadMaxBytes (${maxBytes} bytes)`);

export class TaskUploads {
  constructor(private readonly d: TaskUploadsDeps) {}

  private get dir(): string {
    return path.join(this.d.dataDir, 'uploads');
  }

  private paths(id: string): { video: string; meta: string } {
    return { video: path.join(this.dir, `${id}.video`), meta: path.join(this.dir, `${id}.json`) };
  }

  /** `declaredBytes`: the request's Content-Length, when it has one (a larger upload is refused before it is read). */
  async receive(ctx: RequestContext, body: Readable | undefined, name: string, declaredBytes?: number): Promise<UploadView> {
    if (!ctx.access.hasAnywhere('tasks.manage')) throw forbidden('You have no tasks.manage right anywhere');
    if (declaredBytes !== undefined && declaredBytes > this.d.maxBytes) throw tooLarge(this.d.maxBytes);
    if (body === undefined || typeof body.pipe !== 'function') throw new AppError('validation_failed', 'The upload is empty: send the video as the request body', [{ field: 'body', message: 'empty' }]);
    await mkdir(this.dir, { recursive: true });
    await this.expire();
    const id = `upl_${randomBytes(16).toString('hex')}`;
    const p = this.paths(id);
    try {
      const sizeBytes = await bodyToFile(body, p.video, { maxBytes: this.d.maxBytes, tooLarge: () => tooLarge(this.d.maxBytes) });
      if (sizeBytes === 0) throw new AppError('validation_failed', 'The upload is empty', [{ field: 'body', message: 'empty' }]);
      const durationS = await this.d.probeDuration(p.video);
      if (durationS === null) throw new AppError('validation_failed', 'The upload is not a readable video', [{ field: 'body', message: 'not a readable video' }]);
      const now = this.d.clock.now();
      const meta: UploadMeta = { id, name: name.slice(0, 200) || 'upload', sizeBytes, durationS, createdAt: isoAt(now), expiresAt: isoAt(now + UPLOAD_TTL_MS), createdById: ctx.actor.id };
      await writeFile(p.meta, JSON.stringify(meta));
      const { createdById: _by, ...view } = meta;
      return view;
    } catch (err) {
      await Promise.all([rm(p.video, { force: true }), rm(p.meta, { force: true })]);
      throw err;
    }
  }

  /** The caller's own upload (anyone else's, an expired or a malformed id: 404). */
  async resolve(ctx: RequestContext, id: string): Promise<UploadView & { file: string }> {
    if (!ID.test(id)) throw notFound('upload', id);
    const p = this.paths(id);
    const meta = await readFile(p.meta, 'utf8').then((t) => JSON.parse(t) as UploadMeta, () => null);
    if (!meta || meta.createdById !== ctx.actor.id || Date.parse(meta.expiresAt) <= this.d.clock.now()) throw notFound('upload', id);
    const { createdById: _by, ...view } = meta;
    return { ...view, file: p.video };
  }

  /** Deletes uploads older than a day (and leftovers of interrupted ones). */
  async expire(): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const cutoff = this.d.clock.now() - UPLOAD_TTL_MS;
    for (const n of names) {
      const f = path.join(this.dir, n);
      const s = await stat(f).catch(() => null);
      if (s && s.mtimeMs < cutoff) await rm(f, { force: true });
    }
  }
}
