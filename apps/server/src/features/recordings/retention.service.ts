import { statfs } from 'node:fs/promises';
import type { BlobStore } from '../../adapters/blob/blob-store';
import type { ArgusConfig } from '../../config/schema';
import type { Clock } from '../../util/clock';
import type { RecordingLog } from './log';
import { applyHolds } from './recording-holds';
import type { RecordingSettingsRepo } from './recording-settings.repo';
import { resolveCameraRetention, type RetentionLimits } from './retention-scope';
import { effectiveCeiling, planHeldEviction, planRetention, type RetentionCamera, type RetentionDeletion, type RetentionPolicy, type RetentionReason } from './retention.policy';
import type { Segment, SegmentIndexRepo } from './segment-index.repo';

export interface RetentionReport {
  at: number;
  trigger: string;
  deletedSegments: number;
  freedBytes: number;
  byReason: Record<RetentionReason, number>;
  expiredExports: number;
  /** Bytes managed (recordings and exports) after the run, and the ceiling that applied. */
  managedBytes: number;
  ceilingBytes: number | null;
  durationMs: number;
}

export interface RetentionHooks {
  /** Bytes of finished exports (they count against the ceiling). */
  exportBytes(): Promise<number>;
  /** Deletes exports past their keep time; resolves with how many. */
  expireExports(nowMs: number): Promise<number>;
}

const HOUR_MS = 3600 * 1000;
const MAX_ROUNDS = 10_000;

/** Total and used bytes of the file system holding `dir` (as an unprivileged writer sees it). */
export async function volumeOf(dir: string): Promise<{ totalBytes: number; usedBytes: number } | null> {
  try {
    const s = await statfs(dir);
    const totalBytes = s.blocks * s.bsize;
    return { totalBytes, usedBytes: totalBytes - s.bavail * s.bsize };
  } catch {
    return null;
  }
}

/**
 * Runs the retention policy: periodically, and at once when a write fails for lack of space (emergency). Rows go
 * before blobs, so a crash in between leaves an unreferenced blob, never an index entry without video. Runs never
 * overlap; an emergency during a run waits for it and runs again.
 */
export class RetentionService {
  last: RetentionReport | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly index: SegmentIndexRepo,
    private readonly settings: RecordingSettingsRepo,
    private readonly blobs: BlobStore,
    private readonly hooks: RetentionHooks,
    private readonly config: ArgusConfig['recording']['retention'],
    /** The data volume of the local blob store, or null for remote stores. */
    private readonly volume: () => Promise<{ totalBytes: number; usedBytes: number } | null>,
    private readonly clock: Clock,
    private readonly log: RecordingLog,
  ) {}

  start(): void {
    if (this.timer || this.closed) return;
    this.timer = setInterval(() => {
      this.run('schedule').catch((err: unknown) => this.log.error(`retention failed: ${(err as Error).message}`));
    }, this.config.intervalSeconds * 1000);
    this.timer.unref();
  }

  /** One retention run (queued behind a running one). */
  run(trigger: string, freeAtLeastBytes = 0): Promise<RetentionReport> {
    const next = this.chain.then(() => this.runNow(trigger, freeAtLeastBytes));
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** A write failed for lack of space: free what it needs plus the configured margin, now. */
  async emergency(bytesNeeded: number): Promise<void> {
    const r = await this.run('no-space', bytesNeeded + this.config.emergencyFreeBytes);
    this.log.warn(`retention (no space): deleted ${r.deletedSegments} segments, freed ${r.freedBytes} bytes`);
  }

  /** The configured defaults (0: no limit). */
  private globalLimits(): RetentionLimits {
    return {
      maxAgeHours: this.config.maxAgeHours > 0 ? this.config.maxAgeHours : null,
      maxBytes: this.config.maxBytesPerCamera > 0 ? this.config.maxBytesPerCamera : null,
    };
  }

  private policyOf(limits: RetentionLimits): RetentionPolicy {
    return { maxAgeMs: limits.maxAgeHours === null ? null : limits.maxAgeHours * HOUR_MS, maxBytes: limits.maxBytes };
  }

  private async runNow(trigger: string, freeAtLeastBytes: number): Promise<RetentionReport> {
    const started = Date.now();
    const nowMs = this.clock.now();
    const report: RetentionReport = {
      at: nowMs,
      trigger,
      deletedSegments: 0,
      freedBytes: 0,
      byReason: { 'max-age': 0, 'camera-size': 0, 'disk-ceiling': 0, 'held-disk-ceiling': 0 },
      expiredExports: await this.hooks.expireExports(nowMs),
      managedBytes: 0,
      ceilingBytes: null,
      durationMs: 0,
    };
    let extra = freeAtLeastBytes;
    const global = this.globalLimits();
    const defaultPolicy = this.policyOf(global);
    await applyHolds(this.settings.holds, this.index, nowMs);
    const scopes = await this.settings.policies.scopes();
    for (let round = 0; round < MAX_ROUNDS && !this.closed; round++) {
      const [usage, exportBytes, cameras, volume] = await Promise.all([this.index.usage(), this.hooks.exportBytes(), this.settings.cameras(), this.volume()]);
      const policies = new Map(
        cameras.map((c) => [c.id, this.policyOf(resolveCameraRetention({ id: c.id, domainId: c.domain_id, own: c.settings }, scopes, global))]),
      );
      const totalBytes = usage.reduce((n, u) => n + u.bytes, 0) + exportBytes;
      let ceiling = effectiveCeiling({ managedBytes: totalBytes, ceilingBytes: this.config.diskCeilingBytes, ceilingPercent: this.config.diskCeilingPercent, volume });
      if (extra > 0) ceiling = Math.max(0, Math.min(ceiling ?? totalBytes, totalBytes - extra));
      report.managedBytes = totalBytes;
      report.ceilingBytes = ceiling;
      const overCeiling = ceiling !== null && totalBytes > ceiling;
      const retentionCameras: RetentionCamera[] = usage.map((u) => ({ cameraId: u.cameraId, usedBytes: u.bytes, policy: policies.get(u.cameraId) ?? defaultPolicy }));
      const needy = retentionCameras.filter((c) => {
        const u = usage.find((x) => x.cameraId === c.cameraId);
        const aged = c.policy.maxAgeMs !== null && u !== undefined && u.oldestStartMs < nowMs - c.policy.maxAgeMs;
        const big = c.policy.maxBytes !== null && c.usedBytes > c.policy.maxBytes;
        return overCeiling || aged || big;
      });
      if (needy.length === 0) break;
      const candidates: Segment[] = [];
      for (const c of needy) candidates.push(...(await this.index.oldestDeletable(c.cameraId, nowMs, this.config.batchSize)));
      const plan = planRetention({ nowMs, cameras: retentionCameras, defaultPolicy, totalBytes, ceilingBytes: ceiling, candidates });
      if (plan.deletions.length === 0) break;
      await this.apply(plan.deletions, candidates, report);
      extra = Math.max(0, extra - plan.freedBytes);
      report.managedBytes = totalBytes - plan.freedBytes;
    }
    await this.evictHeld(report, nowMs);
    report.durationMs = Date.now() - started;
    this.last = report;
    if (report.deletedSegments > 0 || report.expiredExports > 0) {
      this.log.info(`retention (${trigger}): deleted ${report.deletedSegments} segments (${report.freedBytes} bytes), ${report.expiredExports} exports, in ${report.durationMs} ms`);
    }
    return report;
  }

  /** Index rows first, then blobs (a crash in between leaves an unreferenced blob, never a row without video). */
  private async apply(deletions: readonly RetentionDeletion[], from: readonly Segment[], report: RetentionReport): Promise<void> {
    const keys = new Map(from.map((s) => [s.id, s.storageKey]));
    await this.index.deleteByIds(deletions.map((d) => d.id));
    await this.deleteBlobs(deletions.map((d) => keys.get(d.id)).filter((k): k is string => k !== undefined));
    report.deletedSegments += deletions.length;
    for (const d of deletions) {
      report.freedBytes += d.sizeBytes;
      report.byReason[d.reason]++;
    }
  }

  /**
   * Still over the ceiling with nothing unheld left to free: held segments (events, holds, pinned exports) go too,
   * oldest first — recording of new video must never stop because old video is kept. Logged as a warning: kept video
   * is lost.
   */
  private async evictHeld(report: RetentionReport, nowMs: number): Promise<void> {
    for (let round = 0; round < MAX_ROUNDS && !this.closed; round++) {
      const over = report.ceilingBytes === null ? 0 : report.managedBytes - report.ceilingBytes;
      if (over <= 0) return;
      const held = await this.index.oldestHeld(nowMs, this.config.batchSize);
      const deletions = planHeldEviction(held, over);
      if (deletions.length === 0) return;
      await this.apply(deletions, held, report);
      const bytes = deletions.reduce((n, d) => n + d.sizeBytes, 0);
      report.managedBytes -= bytes;
      const cameras = [...new Set(deletions.map((d) => d.cameraId))];
      this.log.warn(`retention: over the disk ceiling with only held video left: deleted ${deletions.length} held segments (${bytes} bytes) of ${cameras.join(', ')}`);
    }
  }

  private async deleteBlobs(keys: string[]): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < keys.length) {
        const key = keys[next++] as string;
        try {
          await this.blobs.delete(key);
        } catch (err) {
          this.log.warn(`retention: could not delete blob ${key}: ${(err as Error).message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(8, keys.length) }, worker));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.chain;
  }
}
