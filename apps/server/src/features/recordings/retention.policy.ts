/**
 * The retention decision, pure: given per-camera usage and policies, the global usage and ceiling, and a window of
 * the oldest deletable segments, which segments go now and why. The runner (retention.service.ts) feeds it windows
 * from the index until nothing more is over a limit.
 */

export interface RetentionPolicy {
  /** Segments that ended longer ago than this go; null: no age limit. */
  maxAgeMs: number | null;
  /** A camera's recordings above this size lose their oldest segments; null: no limit. */
  maxBytes: number | null;
}

export interface RetentionCamera {
  cameraId: string;
  usedBytes: number;
  policy: RetentionPolicy;
}

export interface RetentionCandidate {
  id: string;
  cameraId: string;
  startMs: number;
  endMs: number;
  sizeBytes: number;
  keepUntilMs: number | null;
}

export interface RetentionInput {
  nowMs: number;
  cameras: readonly RetentionCamera[];
  /** Policy of a camera that has recordings but no entry in `cameras` (e.g. a deleted camera). */
  defaultPolicy: RetentionPolicy;
  /** Everything that counts against the ceiling (recordings and exports). */
  totalBytes: number;
  /** Global ceiling; null when none applies. */
  ceilingBytes: number | null;
  /** Oldest deletable segments, per camera at least as far as its limits need; any order. */
  candidates: readonly RetentionCandidate[];
}

/** `held-disk-ceiling`: a held segment (event, hold, pinned export) given up because nothing else was left to free. */
export type RetentionReason = 'max-age' | 'camera-size' | 'disk-ceiling' | 'held-disk-ceiling';

export interface RetentionDeletion {
  id: string;
  cameraId: string;
  sizeBytes: number;
  reason: RetentionReason;
}

export interface RetentionPlan {
  deletions: RetentionDeletion[];
  freedBytes: number;
  /** After the deletions: bytes still above the ceiling (0 when under it). */
  overCeilingBytes: number;
  /** Cameras still above their own size limit after the deletions. */
  camerasOverSize: string[];
}

export function planRetention(input: RetentionInput): RetentionPlan {
  const cams = new Map(input.cameras.map((c) => [c.cameraId, { ...c }]));
  let total = input.totalBytes;
  const seen = new Set<string>();
  const sorted = [...input.candidates].sort((a, b) => a.startMs - b.startMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const deletions: RetentionDeletion[] = [];
  let freedBytes = 0;
  for (const c of sorted) {
    if (seen.has(c.id)) continue;
    seen.add(c.id);
    if (c.keepUntilMs !== null && c.keepUntilMs > input.nowMs) continue;
    let cam = cams.get(c.cameraId);
    if (!cam) {
      cam = { cameraId: c.cameraId, usedBytes: 0, policy: input.defaultPolicy };
      cams.set(c.cameraId, cam);
    }
    const { maxAgeMs, maxBytes } = cam.policy;
    let reason: RetentionReason | null = null;
    if (maxAgeMs !== null && c.endMs < input.nowMs - maxAgeMs) reason = 'max-age';
    else if (maxBytes !== null && cam.usedBytes > maxBytes) reason = 'camera-size';
    else if (input.ceilingBytes !== null && total > input.ceilingBytes) reason = 'disk-ceiling';
    if (reason === null) continue;
    deletions.push({ id: c.id, cameraId: c.cameraId, sizeBytes: c.sizeBytes, reason });
    cam.usedBytes -= c.sizeBytes;
    total -= c.sizeBytes;
    freedBytes += c.sizeBytes;
  }
  const camerasOverSize = [...cams.values()].filter((c) => c.policy.maxBytes !== null && c.usedBytes > c.policy.maxBytes).map((c) => c.cameraId);
  return {
    deletions,
    freedBytes,
    overCeilingBytes: input.ceilingBytes !== null ? Math.max(0, total - input.ceilingBytes) : 0,
    camerasOverSize,
  };
}

/**
 * The last resort when the store is still over the ceiling after every unheld segment it could free went: held
 * segments (events, holds, pinned exports) go too, oldest first, until `overBytes` are freed — recording of new
 * video must never stop because old video is kept. Pure.
 */
export function planHeldEviction(held: readonly RetentionCandidate[], overBytes: number): RetentionDeletion[] {
  const out: RetentionDeletion[] = [];
  let freed = 0;
  const sorted = [...held].sort((a, b) => a.startMs - b.startMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const c of sorted) {
    if (freed >= overBytes) break;
    out.push({ id: c.id, cameraId: c.cameraId, sizeBytes: c.sizeBytes, reason: 'held-disk-ceiling' });
    freed += c.sizeBytes;
  }
  return out;
}

/**
 * The ceiling in bytes for everything retention manages, from the configured byte ceiling and the share of the data
 * volume; null when neither applies. `volume` is the file system holding the local blob store (null for remote stores).
 */
export function effectiveCeiling(opts: {
  managedBytes: number;
  ceilingBytes: number;
  ceilingPercent: number;
  volume: { totalBytes: number; usedBytes: number } | null;
}): number | null {
  const limits: number[] = [];
  if (opts.ceilingBytes > 0) limits.push(opts.ceilingBytes);
  if (opts.ceilingPercent > 0 && opts.volume && opts.volume.totalBytes > 0) {
    const allowedUsed = (opts.ceilingPercent / 100) * opts.volume.totalBytes;
    const excess = opts.volume.usedBytes - allowedUsed;
    // Only what retention manages can be freed: the ceiling for it is its size minus the volume's excess.
    limits.push(Math.max(0, Math.floor(opts.managedBytes - Math.max(0, excess))));
  }
  return limits.length > 0 ? Math.min(...limits) : null;
}
