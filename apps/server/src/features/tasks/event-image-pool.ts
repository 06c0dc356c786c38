import type { Worker } from 'node:worker_threads';
import { startTsWorker, type Frame } from '@argus/vision';
import type { BlobStore } from '../../adapters/blob/blob-store';
import type { ImageJobMessage, ImageResultMessage } from './event-image-messages';
import type { PixelBox } from './snapshot-jpeg';

export interface EventImageJob {
  frame: Frame;
  boxes: PixelBox[];
  /** Blob keys the event was published with; the crop key only when there is a box. */
  snapshotKey: string;
  cropKey: string | null;
}

export interface EventImageStats {
  /** Jobs waiting for a worker. */
  queued: number;
  inFlight: number;
  /** Firings whose images are stored. */
  written: number;
  /** Jobs refused because the queue was full (their events were published without image keys). */
  dropped: number;
  /** Encodes or blob writes that failed (their events keep keys that answer 404). */
  failed: number;
  /** Encode time in the worker (ms), most recent first, at most 256. */
  encodeMs: number[];
}

export interface EventImagePoolOptions {
  /** Worker threads (1–2 are plenty: one encode takes tens of ms); default 1. */
  workers?: number;
  /** Jobs waiting for a worker; beyond it new jobs are refused (counted). Default 32. */
  capacity?: number;
  quality?: number;
  maxWidth?: number;
  log?: (msg: string, extra?: Record<string, unknown>) => void;
  /** Starts a worker (tests); default the event-image-worker.ts thread. */
  startWorker?: () => Worker;
}

interface Pending {
  id: number;
  job: EventImageJob;
  msg: ImageJobMessage;
}

interface Slot {
  worker: Worker;
  busy: Pending | null;
}

const WORKER_URL = new URL('./event-image-worker.ts', import.meta.url);

/**
 * Encodes and stores event images AFTER the event is published: a bounded queue feeding a small pool of worker
 * threads (jpeg-js off the main thread), then BlobStore.put of the snapshot and crop under the keys the event already
 * carries. `submit` decides at firing time: admitted (the caller publishes the keys) or refused when the queue is full
 * (the caller publishes no keys). A worker that dies fails its job and is replaced on the next job. close() is
 * idempotent; jobs still waiting are counted as dropped.
 */
export class EventImagePool {
  private readonly queue: Pending[] = [];
  private readonly slots: Slot[] = [];
  private readonly s: EventImageStats = { queued: 0, inFlight: 0, written: 0, dropped: 0, failed: 0, encodeMs: [] };
  private readonly writes = new Set<Promise<void>>();
  private nextId = 1;
  private closed = false;
  private idle: Array<() => void> = [];

  constructor(private readonly blobs: BlobStore, private readonly opts: EventImagePoolOptions = {}) {}

  /** Admits a firing's images (the frame's pixels are copied now); false when the queue is full or the pool closed. */
  submit(job: EventImageJob): boolean {
    if (this.closed) return false;
    if (this.queue.length >= (this.opts.capacity ?? 32)) {
      this.s.dropped++;
      return false;
    }
    const pixels = new Uint8Array(job.frame.data).buffer;
    const id = this.nextId++;
    const msg: ImageJobMessage = {
      id, pixels, width: job.frame.width, height: job.frame.height, format: job.frame.format, boxes: job.boxes,
      quality: this.opts.quality ?? 80, maxWidth: this.opts.maxWidth ?? 640,
    };
    this.queue.push({ id, job, msg });
    this.dispatch();
    return true;
  }

  stats(): EventImageStats {
    return { ...this.s, queued: this.queue.length, inFlight: this.slots.filter((w) => w.busy).length + this.writes.size, encodeMs: [...this.s.encodeMs] };
  }

  /** Resolves when every admitted job is written or failed (tests, offline runs, close). */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private isIdle(): boolean {
    return this.queue.length === 0 && this.writes.size === 0 && this.slots.every((w) => !w.busy);
  }

  private settle(): void {
    if (this.isIdle()) for (const resolve of this.idle.splice(0)) resolve();
  }

  private dispatch(): void {
    while (!this.closed && this.queue.length > 0) {
      let slot = this.slots.find((w) => !w.busy);
      if (!slot && this.slots.length < Math.max(1, this.opts.workers ?? 1)) slot = this.spawn();
      if (!slot) return;
      const next = this.queue.shift()!;
      slot.busy = next;
      slot.worker.ref(); // a worker with a job keeps the process up until it answers; idle ones do not
      slot.worker.postMessage(next.msg, [next.msg.pixels]);
    }
  }

  private spawn(): Slot {
    const worker = this.opts.startWorker?.() ?? startTsWorker(WORKER_URL);
    worker.unref();
    const slot: Slot = { worker, busy: null };
    this.slots.push(slot);
    worker.on('message', (m: ImageResultMessage) => this.onResult(slot, m));
    const gone = (why: string) => {
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      const lost = slot.busy;
      slot.busy = null;
      if (lost && !this.closed) {
        this.s.failed++;
        this.opts.log?.('event image worker failed', { snapshotKey: lost.job.snapshotKey, error: why });
      }
      this.dispatch();
      this.settle();
    };
    worker.on('error', (err) => gone(err.message));
    worker.on('exit', (code) => gone(`exited with code ${code}`));
    return slot;
  }

  private onResult(slot: Slot, m: ImageResultMessage): void {
    const done = slot.busy;
    slot.busy = null;
    slot.worker.unref();
    if (done && done.id === m.id) {
      if (m.error !== undefined) {
        this.s.failed++;
        this.opts.log?.('encoding event images failed', { snapshotKey: done.job.snapshotKey, error: m.error });
      } else {
        this.s.encodeMs.unshift(m.encodeMs);
        if (this.s.encodeMs.length > 256) this.s.encodeMs.pop();
        const write = this.store(done.job, Buffer.from(m.snapshot), m.crop ? Buffer.from(m.crop) : null);
        this.writes.add(write);
        void write.finally(() => {
          this.writes.delete(write);
          this.settle();
        });
      }
    }
    this.dispatch();
    this.settle();
  }

  private async store(job: EventImageJob, snapshot: Buffer, crop: Buffer | null): Promise<void> {
    try {
      await Promise.all([
        this.blobs.put(job.snapshotKey, snapshot, { contentType: 'image/jpeg' }),
        ...(crop && job.cropKey ? [this.blobs.put(job.cropKey, crop, { contentType: 'image/jpeg' })] : []),
      ]);
      this.s.written++;
    } catch (err) {
      this.s.failed++;
      this.opts.log?.('storing event images failed', { snapshotKey: job.snapshotKey, error: (err as Error).message });
    }
  }

  /** Stops the workers; jobs still waiting are dropped (counted), blob writes under way finish. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.s.dropped += this.queue.length;
    this.queue.length = 0;
    const slots = this.slots.splice(0);
    this.s.dropped += slots.filter((w) => w.busy).length;
    for (const w of slots) w.busy = null;
    await Promise.all(slots.map((w) => w.worker.terminate().catch(() => 0)));
    await Promise.all([...this.writes]);
    for (const resolve of this.idle.splice(0)) resolve();
  }
}
