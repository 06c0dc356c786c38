import type { Permission } from '@argus/domain';
import { AppError, forbidden, notFound, type FieldProblem } from '../../errors';
import type { SecretBox } from '../../security/secret-box';
import { isoAt, type Clock } from '../../util/clock';
import { newId } from '../../util/ids';
import type { AuditService } from '../audit/audit.service';
import type { DomainsService } from '../domains/domains.service';
import type { GroupsRepo } from '../groups/groups.repo';
import type { RequestContext } from '../request-context';
import { fileOutsideRoots, normaliseCamera, type CameraFields } from './camera-input';
import { cameraView, type CameraView } from './camera-view';
import type { CameraFilter, CameraRow, CameraRowWithDomain, CamerasRepo } from './cameras.repo';
import type { ProbeOutcome, StreamProber } from './probe-port';

function rejectIfAny(problems: readonly FieldProblem[]): void {
  if (problems.length > 0) {
    throw new AppError('validation_failed', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
  }
}

/** The video center's source registry: cameras, streams and file sources, scoped by domain. */
export class CamerasService {
  /** Told after a camera moved to another domain (the container lets the tasks slice follow it). */
  onMoved: ((cameraId: string) => Promise<void>) | null = null;

  constructor(
    private readonly repo: CamerasRepo,
    private readonly groups: GroupsRepo,
    private readonly domains: DomainsService,
    private readonly secrets: SecretBox,
    private readonly prober: StreamProber,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly probeTimeoutMs: number,
    private readonly fileRoots: readonly string[],
  ) {}

  /** Normalises input and adds the file-root check for file sources. */
  private normalise(input: CameraFields, currentKind?: CameraView['kind']) {
    const { value, problems } = normaliseCamera(input, currentKind);
    for (const [field, url] of [['mainUrl', value.mainUrl], ['subUrl', value.subUrl]] as const) {
      const outside = url ? fileOutsideRoots(url, this.fileRoots, field) : null;
      if (outside) problems.push(outside);
    }
    return { value, problems };
  }

  /** Loads a camera the caller may act on; unreadable cameras are reported as missing. */
  async require(ctx: RequestContext, id: string, permission: Permission): Promise<CameraRowWithDomain> {
    const row = await this.repo.byId(id);
    if (!row || !ctx.access.can('cameras.read', row.domain_path)) throw notFound('camera', id);
    if (!ctx.access.can(permission, row.domain_path)) throw forbidden(`You have no ${permission} right on camera ${row.name}`);
    return row;
  }

  private async view(row: CameraRowWithDomain): Promise<CameraView> {
    return cameraView(row, (await this.repo.groupIdsOf([row.id])).get(row.id) ?? []);
  }

  async list(
    ctx: RequestContext,
    { includeSubdomains, ...filter }: Omit<CameraFilter, 'scope' | 'domainPathPrefix'> & { includeSubdomains?: boolean },
  ): Promise<{ items: CameraView[]; total: number }> {
    const scope = ctx.access.scope('cameras.read');
    const subtree = includeSubdomains && filter.domainId ? (await this.domains.require(ctx, filter.domainId, 'cameras.read')).path : undefined;
    const { rows, total } = await this.repo.list({ ...filter, scope, ...(subtree ? { domainPathPrefix: subtree } : {}) });
    const groups = await this.repo.groupIdsOf(rows.map((r) => r.id));
    return { items: rows.map((r) => cameraView(r, groups.get(r.id) ?? [])), total };
  }

  async get(ctx: RequestContext, id: string): Promise<CameraView> {
    return this.view(await this.require(ctx, id, 'cameras.read'));
  }

  /** Groups must live in the camera's domain or above it (a group of a region may hold its stores' cameras). */
  private async checkGroups(ctx: RequestContext, domainPath: string, groupIds: readonly string[]): Promise<void> {
    for (const [i, gid] of groupIds.entries()) {
      const g = await this.groups.byId(gid);
      if (!g || !ctx.access.can('cameras.read', g.domain_path)) throw new AppError('validation_failed', `groupIds/${i}: group ${gid} does not exist`, [{ field: `groupIds/${i}`, message: 'no such group' }]);
      if (!domainPath.startsWith(g.domain_path)) {
        throw new AppError('validation_failed', `groupIds/${i}: group ${g.name} belongs to another branch of the organisation`, [{ field: `groupIds/${i}`, message: 'group outside the camera domain' }]);
      }
      if (!ctx.access.can('cameras.manage', g.domain_path)) throw forbidden(`You may not change the members of group ${g.name}`);
    }
  }

  async create(ctx: RequestContext, input: CameraFields & { domainId: string; name: string; kind: string; mainUrl: string }, auditAction = 'camera.create'): Promise<CameraView> {
    const domain = await this.domains.require(ctx, input.domainId, 'cameras.manage');
    const { value, problems } = this.normalise(input);
    rejectIfAny(problems);
    if (await this.repo.nameTaken(domain.id, value.name as string)) throw new AppError('name_taken', `Domain ${domain.name} already has a camera named ${value.name}`);
    const groupIds = [...new Set(input.groupIds ?? [])];
    await this.checkGroups(ctx, domain.path, groupIds);
    const now = isoAt(this.clock.now());
    const row: CameraRow = {
      id: newId('cam'),
      domain_id: domain.id,
      name: value.name as string,
      kind: value.kind as string,
      main_url: value.mainUrl as string,
      sub_url: value.subUrl ?? null,
      username: value.username ?? null,
      password_enc: value.password ? this.secrets.seal(value.password) : null,
      tags: JSON.stringify(value.tags ?? []),
      location: JSON.stringify(value.location ?? { latitude: null, longitude: null, address: null }),
      description: value.description ?? '',
      enabled: value.enabled === false ? 0 : 1,
      last_probe: null,
      created_at: now,
      updated_at: now,
    };
    await this.repo.insert(row);
    if (groupIds.length > 0) await this.repo.setGroups(row.id, groupIds);
    await this.audit.record(ctx.actor, { action: auditAction, targetType: 'camera', targetId: row.id, domainPath: domain.path, details: { name: row.name, kind: row.kind } });
    return this.get(ctx, row.id);
  }

  async update(ctx: RequestContext, id: string, input: CameraFields): Promise<CameraView> {
    const current = await this.require(ctx, id, 'cameras.manage');
    const { value, problems } = this.normalise(input, current.kind as CameraView['kind']);
    rejectIfAny(problems);
    let domainId = current.domain_id;
    let domainPath = current.domain_path;
    if (input.domainId !== undefined && input.domainId !== current.domain_id) {
      const target = await this.domains.require(ctx, input.domainId, 'cameras.manage');
      domainId = target.id;
      domainPath = target.path;
    }
    const name = value.name ?? current.name;
    if (await this.repo.nameTaken(domainId, name, id)) throw new AppError('name_taken', `That domain already has a camera named ${name}`);
    const groupIds = input.groupIds !== undefined ? [...new Set(input.groupIds)] : undefined;
    if (groupIds) await this.checkGroups(ctx, domainPath, groupIds);
    const patch: Partial<CameraRow> = { domain_id: domainId, name, updated_at: isoAt(this.clock.now()) };
    if (value.kind) patch.kind = value.kind;
    if (value.mainUrl) patch.main_url = value.mainUrl;
    if (value.subUrl !== undefined) patch.sub_url = value.subUrl;
    if (value.username !== undefined) patch.username = value.username;
    if (value.password !== undefined) patch.password_enc = value.password === null ? null : this.secrets.seal(value.password);
    if (value.tags) patch.tags = JSON.stringify(value.tags);
    if (value.location) patch.location = JSON.stringify(value.location);
    if (value.description !== undefined) patch.description = value.description;
    if (value.enabled !== undefined) patch.enabled = value.enabled ? 1 : 0;
    await this.repo.update(id, patch);
    if (groupIds) await this.repo.setGroups(id, groupIds);
    if (domainId !== current.domain_id) await this.onMoved?.(id);
    const changed = Object.keys(input).filter((k) => k !== 'password');
    await this.audit.record(ctx.actor, {
      action: 'camera.update',
      targetType: 'camera',
      targetId: id,
      domainPath,
      details: { changed, passwordChanged: input.password !== undefined },
    });
    return this.get(ctx, id);
  }

  async delete(ctx: RequestContext, id: string): Promise<void> {
    const row = await this.require(ctx, id, 'cameras.manage');
    await this.repo.delete(id);
    await this.audit.record(ctx.actor, { action: 'camera.delete', targetType: 'camera', targetId: id, domainPath: row.domain_path, details: { name: row.name } });
  }

  /** Opens the main or sub stream with ffprobe and keeps the outcome on the camera. */
  async probe(ctx: RequestContext, id: string, stream: 'main' | 'sub'): Promise<CameraView['lastProbe']> {
    const row = await this.require(ctx, id, 'cameras.probe');
    const url = stream === 'sub' ? row.sub_url : row.main_url;
    if (!url) throw new AppError('validation_failed', 'This camera has no sub stream', [{ field: 'stream', message: 'no sub stream URL' }]);
    const outcome = await this.prober.probe({
      url,
      ...(row.username ? { username: row.username } : {}),
      ...(row.password_enc ? { password: this.secrets.open(row.password_enc) } : {}),
      timeoutMs: this.probeTimeoutMs,
    });
    const result = { ...outcome, at: isoAt(this.clock.now()), stream };
    await this.repo.update(id, { last_probe: JSON.stringify(result) });
    await this.audit.record(ctx.actor, {
      action: 'camera.probe',
      targetType: 'camera',
      targetId: id,
      domainPath: row.domain_path,
      outcome: outcome.ok ? 'ok' : 'failed',
      details: { stream, ...(outcome.ok ? {} : { reason: outcome.reason }) },
    });
    return result;
  }

  /** Probes settings before they are saved (the editor's "test stream" button). Nothing is stored. */
  async probeUnsaved(
    ctx: RequestContext,
    input: { domainId: string; kind: string; url: string; username?: string | null; password?: string | null },
  ): Promise<ProbeOutcome & { at: string; stream: 'main' }> {
    const domain = await this.domains.require(ctx, input.domainId, 'cameras.probe');
    const { value, problems } = this.normalise({ kind: input.kind, mainUrl: input.url, username: input.username, password: input.password });
    rejectIfAny(problems.map((p) => (p.field === 'mainUrl' ? { ...p, field: 'url' } : p)));
    const outcome = await this.prober.probe({
      url: value.mainUrl as string,
      ...(value.username ? { username: value.username } : {}),
      ...(value.password ? { password: value.password } : {}),
      timeoutMs: this.probeTimeoutMs,
    });
    await this.audit.record(ctx.actor, {
      action: 'camera.probe-unsaved',
      targetType: 'domain',
      targetId: domain.id,
      domainPath: domain.path,
      outcome: outcome.ok ? 'ok' : 'failed',
      details: { kind: input.kind, url: value.mainUrl },
    });
    return { ...outcome, at: isoAt(this.clock.now()), stream: 'main' };
  }

  /** Credentials for the media layer only (recording, live): never for API responses. */
  async streamCredentials(row: CameraRow): Promise<{ username?: string; password?: string }> {
    return {
      ...(row.username ? { username: row.username } : {}),
      ...(row.password_enc ? { password: this.secrets.open(row.password_enc) } : {}),
    };
  }
}
