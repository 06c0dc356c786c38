import type { Readable } from 'node:stream';
import type { BlobStore } from '../../adapters/blob/blob-store';
import type { ArgusConfig } from '../../config/schema';
import { AppError, forbidden, invalid, notFound } from '../../errors';
import { isoAt, type Clock } from '../../util/clock';
import type { AuditService } from '../audit/audit.service';
import type { CamerasRepo } from '../cameras/cameras.repo';
import type { RequestContext } from '../request-context';
import { requireCamera } from './camera-access';
import { parseRangeHeader } from './http-range';
import { buildVodPlaylist } from './playlist';
import { clipRanges, coveredMs, gapsBetween } from './ranges';
import { DEFAULT_POST_ROLL_SECONDS, DEFAULT_PRE_ROLL_SEGMENTS, type CameraRecordingSettings, type RecordingMode, type RecordingSettingsRepo } from './recording-settings.repo';
import { RecordingHoldsService } from './recording-holds';
import { NO_POLICY, type PolicyScopeKind, type ScopePolicy } from './recording-policies.repo';
import { type EffectiveRetention, type LimitSource, resolveCameraRetention, type RetentionScopes } from './retention-scope';
import type { SegmentIndexRepo } from './segment-index.repo';
import type { SourceState, SourceStates } from './source-state';
import { inSchedule, scheduleProblems, type ScheduleWindow } from './schedule';
import { parseRange } from './time-range';

const DAY_MS = 24 * 3600 * 1000;
/** Longest range the timeline and the search may ask about at once. */
export const MAX_QUERY_SPAN_MS = 366 * DAY_MS;
/** Most segments one playlist lists (a day of 4-second segments is 21 600). */
const MAX_PLAYLIST_SEGMENTS = 50_000;

export interface RangeView {
  start: string;
  end: string;
  startMs: number;
  endMs: number;
}

export interface RecordingsView {
  cameraId: string;
  from: string;
  to: string;
  fromMs: number;
  toMs: number;
  toleranceMs: number;
  ranges: Array<RangeView & { segments: number }>;
  gaps: RangeView[];
  segments: number;
  recordedMs: number;
}

export interface SegmentBody {
  status: 200 | 206;
  stream: Readable;
  start: number;
  end: number;
  size: number;
  etag: string;
}

export interface SearchItem {
  cameraId: string;
  cameraName: string;
  domainId: string;
  segments: number;
  recordedMs: number;
  bytes: number;
  firstStart: string;
  lastEnd: string;
  firstStartMs: number;
  lastEndMs: number;
}

export interface RecordingStatusItem {
  cameraId: string;
  cameraName: string;
  enabled: boolean;
  state: SourceState;
  lastSegmentEnd: string | null;
  lastSegmentEndMs: number | null;
}

export interface SettingsInput {
  mode?: RecordingMode | 'inherit';
  maxAgeHours?: number | null;
  maxBytes?: number | null;
  preRollSegments?: number | null;
  postRollSeconds?: number | null;
  schedule?: ScheduleWindow[] | null;
}

export interface SettingsView {
  cameraId: string;
  /** The camera's own mode, or null when it follows the default. */
  mode: RecordingMode | null;
  effectiveMode: RecordingMode;
  maxAgeHours: number | null;
  maxBytes: number | null;
  preRollSegments: number | null;
  postRollSeconds: number | null;
  schedule: ScheduleWindow[] | null;
  /** Whether the schedule (if any) lets the camera record now. */
  inSchedule: boolean;
  effective: { maxAgeHours: number | null; maxBytes: number | null; maxAgeSource: LimitSource; maxBytesSource: LimitSource; preRollSegments: number; postRollSeconds: number };
  updatedAt: string | null;
}

/** Retention defaults of a camera group or a domain. */
export interface ScopePolicyView {
  scope: PolicyScopeKind;
  id: string;
  name: string;
  maxAgeHours: number | null;
  maxBytes: number | null;
  updatedAt: string | null;
}


const view = (startMs: number, endMs: number): RangeView => ({ start: isoAt(startMs), end: isoAt(endMs), startMs, endMs });

/** The read side of recording: timeline ranges, playback playlists, segment bytes, search, state and settings. */
export class RecordingsService {
  /** Called after settings change, so the supervisor applies them at once. */
  onSettingsChanged: () => void = () => undefined;
  /** The RecordingHolds port (events and integrations keep video longer); the container exposes it as recordingHolds. */
  readonly holds: RecordingHoldsService;

  constructor(
    private readonly index: SegmentIndexRepo,
    private readonly settings: RecordingSettingsRepo,
    private readonly cameras: CamerasRepo,
    private readonly blobs: BlobStore,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: ArgusConfig['recording'],
    private readonly states: SourceStates,
  ) {
    this.holds = new RecordingHoldsService(settings.holds, index, cameras, audit, clock, config.retention.eventHoldDays);
  }

  private range(from: string, to: string, maxSpanMs: number, maxSpanText: string) {
    return parseRange(from, to, { nowMs: this.clock.now(), maxSpanMs, maxSpanText });
  }

  /** Recorded ranges and gaps of a camera in [from, to), merged with the gap tolerance (or a coarser one). */
  async recordings(ctx: RequestContext, cameraId: string, q: { from: string; to: string; minGapMs?: number }): Promise<RecordingsView> {
    await requireCamera(this.cameras, ctx, cameraId, 'recordings.view');
    const { fromMs, toMs } = this.range(q.from, q.to, MAX_QUERY_SPAN_MS, '366 days');
    const toleranceMs = Math.max(this.config.gapToleranceMs, q.minGapMs ?? 0);
    const merged = clipRanges(await this.index.ranges(cameraId, fromMs, toMs, toleranceMs), fromMs, toMs);
    const gapEnd = Math.min(toMs, Math.max(fromMs, this.clock.now()));
    return {
      cameraId,
      from: isoAt(fromMs),
      to: isoAt(toMs),
      fromMs,
      toMs,
      toleranceMs,
      ranges: merged.map((r) => ({ ...view(r.startMs, r.endMs), segments: r.segments })),
      gaps: gapsBetween(merged, fromMs, gapEnd).map((g) => view(g.startMs, g.endMs)),
      segments: merged.reduce((n, r) => n + r.segments, 0),
      recordedMs: coveredMs(merged),
    };
  }

  /** HLS VOD playlist of [from, to); audited once per request as a view of recordings. */
  async playlist(ctx: RequestContext, cameraId: string, q: { from: string; to: string }): Promise<string> {
    const camera = await requireCamera(this.cameras, ctx, cameraId, 'recordings.view');
    const hours = this.config.playlistMaxHours;
    const { fromMs, toMs } = this.range(q.from, q.to, hours * 3600 * 1000, `${hours} h per playlist`);
    const segments = await this.index.overlapping(cameraId, fromMs, toMs, MAX_PLAYLIST_SEGMENTS);
    if (segments.length === 0) {
      throw new AppError('no_recordings', `Camera ${camera.name} has no recorded video between ${isoAt(fromMs)} and ${isoAt(toMs)}`);
    }
    await this.audit.record(ctx.actor, {
      action: 'recording.view',
      targetType: 'camera',
      targetId: cameraId,
      domainPath: camera.domain_path,
      details: { from: isoAt(fromMs), to: isoAt(toMs), segments: segments.length },
    });
    return buildVodPlaylist(segments, {
      // Relative to /api/cameras/{id}/playback.m3u8, so it also works behind a path-prefixing proxy; the .mp4
      // suffix satisfies players that check segment extensions (ffmpeg's allowed_segment_extensions).
      segmentUrl: (id) => `../../recordings/segments/${id}.mp4`,
      fromMs,
      toleranceMs: this.config.gapToleranceMs,
    });
  }

  /** The bytes of one segment (or a byte range of it). Not audited: the playlist request was. */
  async segment(ctx: RequestContext, segmentId: string, headers: { range?: string; ifRange?: string }): Promise<SegmentBody> {
    const seg = await this.index.byId(segmentId);
    if (!seg) throw notFound('segment', segmentId);
    await requireCamera(this.cameras, ctx, seg.cameraId, 'recordings.view', { what: 'segment', id: segmentId });
    const etag = `"${seg.sha256}"`;
    const wanted = headers.ifRange !== undefined && headers.ifRange !== etag ? { kind: 'full' as const } : parseRangeHeader(headers.range, seg.sizeBytes);
    if (wanted.kind === 'unsatisfiable') {
      throw new AppError('range_not_satisfiable', `Segment ${segmentId} has ${seg.sizeBytes} bytes`, undefined, { size: seg.sizeBytes });
    }
    const start = wanted.kind === 'partial' ? wanted.start : 0;
    const end = wanted.kind === 'partial' ? wanted.end : seg.sizeBytes - 1;
    let stream: Readable | null;
    try {
      stream = await this.blobs.stream(seg.storageKey, { start, end });
    } catch (err) {
      throw new AppError('recording_storage_unavailable', `The stored video of segment ${segmentId} cannot be read: ${(err as Error).message}`);
    }
    if (!stream) throw new AppError('not_found', `The stored video of segment ${segmentId} is missing`);
    return { status: wanted.kind === 'partial' ? 206 : 200, stream, start, end, size: seg.sizeBytes, etag };
  }

  /** Which of the cameras (all the caller may view when none are named) have video in [from, to). */
  async search(ctx: RequestContext, q: { cameraIds?: string[]; from: string; to: string }): Promise<{ from: string; to: string; searched: number; items: SearchItem[] }> {
    const { fromMs, toMs } = this.range(q.from, q.to, MAX_QUERY_SPAN_MS, '366 days');
    const rows = q.cameraIds
      ? (await Promise.all([...new Set(q.cameraIds)].map((id) => this.cameras.byId(id)))).filter((r) => r !== undefined)
      : (await this.cameras.list({ scope: ctx.access.scope('recordings.view'), limit: 5000, offset: 0 })).rows;
    const visible = rows.filter((r) => ctx.access.can('recordings.view', r.domain_path));
    const byId = new Map(visible.map((r) => [r.id, r]));
    const coverage = await this.index.coverage([...byId.keys()], fromMs, toMs);
    const items = coverage
      .map((c): SearchItem => {
        const cam = byId.get(c.cameraId);
        return {
          cameraId: c.cameraId,
          cameraName: cam?.name ?? c.cameraId,
          domainId: cam?.domain_id ?? '',
          segments: c.segments,
          recordedMs: c.coveredMs,
          bytes: c.bytes,
          firstStart: isoAt(Math.max(c.firstMs, fromMs)),
          lastEnd: isoAt(Math.min(c.lastMs, toMs)),
          firstStartMs: Math.max(c.firstMs, fromMs),
          lastEndMs: Math.min(c.lastMs, toMs),
        };
      })
      .sort((a, b) => a.cameraName.localeCompare(b.cameraName) || a.cameraId.localeCompare(b.cameraId));
    return { from: isoAt(fromMs), to: isoAt(toMs), searched: visible.length, items };
  }

  private scheduled(s: CameraRecordingSettings): boolean {
    return s.schedule === null || inSchedule(s.schedule, this.clock.now(), this.config.scheduleTimeZone);
  }

  private async statusOf(cameraId: string, name: string, enabled: boolean, settings: CameraRecordingSettings): Promise<RecordingStatusItem> {
    const mode = settings.mode ?? this.config.defaultMode;
    const newest = await this.index.newest(cameraId);
    const why = !this.config.enabled
      ? 'recording is switched off for the server'
      : !enabled
        ? 'the camera is disabled'
        : mode === 'off'
          ? 'recording mode is off'
          : !this.scheduled(settings)
            ? 'outside its recording schedule'
            : null;
    const state: SourceState = this.states.stateOf(cameraId) ?? {
      status: why ? 'disabled' : 'idle',
      mode,
      sinceMs: null,
      reason: why,
      attempt: null,
      retryInMs: null,
      segments: 0,
      spooled: 0,
      preRoll: 0,
    };
    return {
      cameraId,
      cameraName: name,
      enabled,
      state,
      lastSegmentEnd: newest ? isoAt(newest.endMs) : null,
      lastSegmentEndMs: newest?.endMs ?? null,
    };
  }

  /** Recorder state of one camera (cameras.read: it is operational state, not video). */
  async state(ctx: RequestContext, cameraId: string): Promise<RecordingStatusItem> {
    const cam = await requireCamera(this.cameras, ctx, cameraId, 'cameras.read');
    return this.statusOf(cam.id, cam.name, cam.enabled === 1, await this.settings.get(cameraId));
  }

  /** Recorder state of every camera the caller can see. */
  async status(ctx: RequestContext): Promise<{ enabled: boolean; items: RecordingStatusItem[] }> {
    const { rows } = await this.cameras.list({ scope: ctx.access.scope('cameras.read'), limit: 5000, offset: 0 });
    const items: RecordingStatusItem[] = [];
    for (const r of rows) {
      items.push(await this.statusOf(r.id, r.name, r.enabled === 1, await this.settings.get(r.id)));
    }
    return { enabled: this.config.enabled, items };
  }

  private globalLimits() {
    const r = this.config.retention;
    return { maxAgeHours: r.maxAgeHours > 0 ? r.maxAgeHours : null, maxBytes: r.maxBytesPerCamera > 0 ? r.maxBytesPerCamera : null };
  }

  private settingsView(cameraId: string, domainId: string, s: CameraRecordingSettings, scopes: RetentionScopes): SettingsView {
    const eff: EffectiveRetention = resolveCameraRetention({ id: cameraId, domainId, own: s }, scopes, this.globalLimits());
    return {
      cameraId,
      mode: s.mode,
      effectiveMode: s.mode ?? this.config.defaultMode,
      maxAgeHours: s.maxAgeHours,
      maxBytes: s.maxBytes,
      preRollSegments: s.preRollSegments,
      postRollSeconds: s.postRollSeconds,
      schedule: s.schedule,
      inSchedule: this.scheduled(s),
      effective: {
        maxAgeHours: eff.maxAgeHours,
        maxBytes: eff.maxBytes,
        maxAgeSource: eff.maxAgeSource,
        maxBytesSource: eff.maxBytesSource,
        preRollSegments: s.preRollSegments ?? DEFAULT_PRE_ROLL_SEGMENTS,
        postRollSeconds: s.postRollSeconds ?? DEFAULT_POST_ROLL_SECONDS,
      },
      updatedAt: s.updatedAt,
    };
  }

  async getSettings(ctx: RequestContext, cameraId: string): Promise<SettingsView> {
    const cam = await requireCamera(this.cameras, ctx, cameraId, 'cameras.read');
    return this.settingsView(cameraId, cam.domain_id, await this.settings.get(cameraId), await this.settings.policies.scopes());
  }

  async putSettings(ctx: RequestContext, cameraId: string, input: SettingsInput): Promise<SettingsView> {
    const cam = await requireCamera(this.cameras, ctx, cameraId, 'cameras.manage');
    const current = await this.settings.get(cameraId);
    if (input.maxAgeHours !== undefined && input.maxAgeHours !== null && input.maxAgeHours < 1) throw invalid('maxAgeHours', 'must be at least 1 hour, or null for the default');
    const problems = input.schedule ? scheduleProblems(input.schedule) : [];
    if (problems.length > 0) throw new AppError('validation_failed', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
    const next = {
      mode: input.mode === undefined ? current.mode : input.mode === 'inherit' ? null : input.mode,
      maxAgeHours: input.maxAgeHours === undefined ? current.maxAgeHours : input.maxAgeHours,
      maxBytes: input.maxBytes === undefined ? current.maxBytes : input.maxBytes,
      preRollSegments: input.preRollSegments === undefined ? current.preRollSegments : input.preRollSegments,
      postRollSeconds: input.postRollSeconds === undefined ? current.postRollSeconds : input.postRollSeconds,
      schedule: input.schedule === undefined ? current.schedule : input.schedule,
    };
    await this.settings.put(cameraId, next, isoAt(this.clock.now()));
    await this.audit.record(ctx.actor, {
      action: 'recording.settings',
      targetType: 'camera',
      targetId: cameraId,
      domainPath: cam.domain_path,
      details: { ...input },
    });
    this.onSettingsChanged();
    return this.settingsView(cameraId, cam.domain_id, { ...next, updatedAt: isoAt(this.clock.now()) }, await this.settings.policies.scopes());
  }

  /**
   * Loads a group or domain for its retention defaults: not found outside the caller's read scope (cameras.read for
   * a group, domains.read for a domain), forbidden without cameras.manage / domains.manage when changing.
   */
  private async requireScope(ctx: RequestContext, kind: PolicyScopeKind, id: string, manage: boolean) {
    const scope = await this.settings.policies.scope(kind, id);
    const read = kind === 'group' ? 'cameras.read' : 'domains.read';
    const change = kind === 'group' ? 'cameras.manage' : 'domains.manage';
    const what = kind === 'group' ? 'camera group' : 'domain';
    if (!scope || (!ctx.access.can(read, scope.domainPath) && !ctx.access.can(change, scope.domainPath))) throw notFound(what, id);
    if (manage && !ctx.access.can(change, scope.domainPath)) throw forbidden(`You have no ${change} right on ${what} ${scope.name}`);
    return scope;
  }

  private scopeView(kind: PolicyScopeKind, id: string, name: string, p: ScopePolicy): ScopePolicyView {
    return { scope: kind, id, name, maxAgeHours: p.maxAgeHours, maxBytes: p.maxBytes, updatedAt: p.updatedAt };
  }

  async getScopePolicy(ctx: RequestContext, kind: PolicyScopeKind, id: string): Promise<ScopePolicyView> {
    const scope = await this.requireScope(ctx, kind, id, false);
    return this.scopeView(kind, scope.id, scope.name, await this.settings.policies.get(kind, scope.id));
  }

  /** Changes a group's or domain's retention defaults; omitted fields stay, null removes the limit at this level. */
  async putScopePolicy(ctx: RequestContext, kind: PolicyScopeKind, id: string, input: { maxAgeHours?: number | null; maxBytes?: number | null }): Promise<ScopePolicyView> {
    const scope = await this.requireScope(ctx, kind, id, true);
    const current = await this.settings.policies.get(kind, scope.id);
    const next = {
      maxAgeHours: input.maxAgeHours === undefined ? current.maxAgeHours : input.maxAgeHours,
      maxBytes: input.maxBytes === undefined ? current.maxBytes : input.maxBytes,
    };
    const at = isoAt(this.clock.now());
    await this.settings.policies.put(kind, scope.id, next, at);
    await this.audit.record(ctx.actor, {
      action: 'recording.policy',
      targetType: kind,
      targetId: scope.id,
      domainPath: scope.domainPath,
      details: { ...input },
    });
    const stored = next.maxAgeHours === null && next.maxBytes === null ? NO_POLICY : { ...next, updatedAt: at };
    return this.scopeView(kind, scope.id, scope.name, stored);
  }
}
