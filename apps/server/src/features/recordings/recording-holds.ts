/**
 * The RecordingHolds port and its service: keep a camera's recordings of [fromMs, toMs) until untilMs (an event,
 * an integration). A hold is stored (so it also covers segments of the range that arrive after it was placed) and
 * raises keep_until on the segments already indexed; every retention run re-applies the holds in force (an export
 * unpin clears keep_until on its range) and drops the expired ones.
 */
import { invalid, notFound } from '../../errors';
import { isoAt, type Clock } from '../../util/clock';
import { newId } from '../../util/ids';
import type { AuditService } from '../audit/audit.service';
import type { CamerasRepo } from '../cameras/cameras.repo';
import type { RequestContext } from '../request-context';
import { requireCamera } from './camera-access';
import type { RecordingHold, RecordingHoldsRepo } from './recording-holds.repo';
import type { SegmentIndexRepo } from './segment-index.repo';
import { parseInstant, parseRange } from './time-range';

const DAY_MS = 86_400_000;
/** Longest range one hold may cover. */
export const MAX_HOLD_SPAN_MS = 31 * DAY_MS;
/** Furthest a hold may reach into the future. */
export const MAX_HOLD_UNTIL_MS = 100 * 365 * DAY_MS;

/** What the event center (or any in-process caller) uses to keep video of a moment. */
export interface RecordingHolds {
  hold(cameraId: string, fromMs: number, toMs: number, untilMs: number | null, reason: string): Promise<RecordingHold>;
}

export interface HoldInput {
  from: string;
  to: string;
  until?: string;
  reason: string;
}

export class RecordingHoldsService implements RecordingHolds {
  /** Re-raises keep_until for the pinned exports overlapping a range (set by the container: the exports slice). */
  reapplyPins: ((cameraId: string, fromMs: number, toMs: number) => Promise<void>) | null = null;

  constructor(
    private readonly repo: RecordingHoldsRepo,
    private readonly index: SegmentIndexRepo,
    private readonly cameras: CamerasRepo,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    /** recording.retention.eventHoldDays: how long a hold lasts when the caller names no end. */
    private readonly defaultHoldDays: number,
  ) {}

  /** Places a hold (untilMs null: now + eventHoldDays). Throws validation_failed for a reversed or absurd range. */
  async hold(cameraId: string, fromMs: number, toMs: number, untilMs: number | null, reason: string, createdByName = 'system'): Promise<RecordingHold> {
    const nowMs = this.clock.now();
    const until = untilMs ?? nowMs + Math.round(this.defaultHoldDays * DAY_MS);
    if (!Number.isSafeInteger(fromMs) || !Number.isSafeInteger(toMs) || fromMs >= toMs) throw invalid('to', 'must be after from');
    if (toMs - fromMs > MAX_HOLD_SPAN_MS) throw invalid('to', 'a hold covers at most 31 days');
    if (!Number.isSafeInteger(until) || until <= nowMs) throw invalid('until', 'must be in the future');
    if (until > nowMs + MAX_HOLD_UNTIL_MS) throw invalid('until', 'is more than 100 years away');
    const hold: RecordingHold = {
      id: newId('hld'),
      cameraId,
      fromMs,
      toMs,
      untilMs: until,
      reason: reason.slice(0, 200),
      createdByName,
      createdAt: isoAt(nowMs),
    };
    await this.repo.insert(hold);
    await this.index.keep(cameraId, fromMs, toMs, until);
    return hold;
  }

  /** HTTP: a hold placed by a caller with the recordings.export right on the camera; audited. */
  async create(ctx: RequestContext, cameraId: string, input: HoldInput): Promise<RecordingHold> {
    const cam = await requireCamera(this.cameras, ctx, cameraId, 'recordings.export');
    const nowMs = this.clock.now();
    const { fromMs, toMs } = parseRange(input.from, input.to, { nowMs, maxSpanMs: MAX_HOLD_SPAN_MS, maxSpanText: '31 days per hold' });
    const untilMs = input.until === undefined ? null : parseInstant('until', input.until);
    const hold = await this.hold(cam.id, fromMs, toMs, untilMs, input.reason, ctx.actor.name);
    await this.audit.record(ctx.actor, {
      action: 'recording.hold',
      targetType: 'camera',
      targetId: cam.id,
      domainPath: cam.domain_path,
      details: { holdId: hold.id, from: isoAt(fromMs), to: isoAt(toMs), until: isoAt(hold.untilMs), reason: hold.reason },
    });
    return hold;
  }

  /** Holds in force on a camera (recordings.view), soonest end first. */
  async list(ctx: RequestContext, cameraId: string): Promise<RecordingHold[]> {
    const cam = await requireCamera(this.cameras, ctx, cameraId, 'recordings.view');
    return this.repo.active(this.clock.now(), cam.id);
  }

  /**
   * Ends a hold now (recordings.export; audited): its range loses the hold's protection at once — the segments'
   * keep_until is cleared there and re-raised by the holds and pinned exports that still cover them.
   */
  async release(ctx: RequestContext, cameraId: string, holdId: string): Promise<void> {
    const cam = await requireCamera(this.cameras, ctx, cameraId, 'recordings.export');
    const hold = await this.repo.byId(holdId);
    if (!hold || hold.cameraId !== cam.id) throw notFound('recording hold', holdId);
    await this.repo.delete(hold.id);
    await this.index.unkeep(cam.id, hold.fromMs, hold.toMs);
    for (const other of await this.repo.active(this.clock.now(), cam.id)) {
      if (other.fromMs < hold.toMs && other.toMs > hold.fromMs) await this.index.keep(cam.id, other.fromMs, other.toMs, other.untilMs);
    }
    await this.reapplyPins?.(cam.id, hold.fromMs, hold.toMs);
    await this.audit.record(ctx.actor, {
      action: 'recording.hold.release',
      targetType: 'camera',
      targetId: cam.id,
      domainPath: cam.domain_path,
      details: { holdId: hold.id, from: isoAt(hold.fromMs), to: isoAt(hold.toMs), reason: hold.reason },
    });
  }
}

/** Retention, before it plans: drops expired holds and (re)applies those in force. Resolves with the count in force. */
export async function applyHolds(repo: RecordingHoldsRepo, index: SegmentIndexRepo, nowMs: number): Promise<number> {
  await repo.expire(nowMs);
  const active = await repo.active(nowMs);
  for (const h of active) await index.keep(h.cameraId, h.fromMs, h.toMs, h.untilMs);
  return active.length;
}
