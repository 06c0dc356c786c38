import { isWithin } from '@argus/domain';
import { AppError, forbidden, notFound } from '../../errors';
import { isoAt, type Clock } from '../../util/clock';
import { newId } from '../../util/ids';
import type { AuditService } from '../audit/audit.service';
import type { CamerasRepo } from '../cameras/cameras.repo';
import type { DomainsService } from '../domains/domains.service';
import type { RequestContext } from '../request-context';
import type { GroupRow, GroupsRepo } from './groups.repo';

export interface GroupView {
  id: string;
  domainId: string;
  domainName: string;
  name: string;
  description: string;
  /** Members the caller can see. */
  cameraIds: string[];
  createdAt: string;
  updatedAt: string;
}

/** Camera groups: named sets of cameras within one branch of the organisation (e.g. "entrances"). */
export class GroupsService {
  constructor(
    private readonly repo: GroupsRepo,
    private readonly cameras: CamerasRepo,
    private readonly domains: DomainsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private async view(ctx: RequestContext, g: GroupRow): Promise<GroupView> {
    const members = await this.repo.members(g.id);
    return {
      id: g.id,
      domainId: g.domain_id,
      domainName: g.domain_name,
      name: g.name,
      description: g.description,
      cameraIds: members.filter((m) => ctx.access.can('cameras.read', m.domain_path)).map((m) => m.camera_id),
      createdAt: g.created_at,
      updatedAt: g.updated_at,
    };
  }

  private async require(ctx: RequestContext, id: string, manage: boolean): Promise<GroupRow> {
    const g = await this.repo.byId(id);
    if (!g || !ctx.access.can('cameras.read', g.domain_path)) throw notFound('camera group', id);
    if (manage && !ctx.access.can('cameras.manage', g.domain_path)) throw forbidden(`You may not change group ${g.name}`);
    return g;
  }

  async list(ctx: RequestContext): Promise<GroupView[]> {
    const rows = await this.repo.within(ctx.access.scope('cameras.read'));
    return Promise.all(rows.map((g) => this.view(ctx, g)));
  }

  async get(ctx: RequestContext, id: string): Promise<GroupView> {
    return this.view(ctx, await this.require(ctx, id, false));
  }

  async create(ctx: RequestContext, input: { domainId: string; name: string; description?: string }): Promise<GroupView> {
    const domain = await this.domains.require(ctx, input.domainId, 'cameras.manage');
    const name = input.name.trim();
    if (await this.repo.nameTaken(domain.id, name)) throw new AppError('name_taken', `Domain ${domain.name} already has a group named ${name}`);
    const now = isoAt(this.clock.now());
    const id = newId('grp');
    await this.repo.insert({ id, domain_id: domain.id, name, description: input.description ?? '', created_at: now, updated_at: now });
    await this.audit.record(ctx.actor, { action: 'group.create', targetType: 'group', targetId: id, domainPath: domain.path, details: { name } });
    return this.get(ctx, id);
  }

  async update(ctx: RequestContext, id: string, patch: { name?: string; description?: string }): Promise<GroupView> {
    const g = await this.require(ctx, id, true);
    const name = patch.name?.trim();
    if (name !== undefined && (await this.repo.nameTaken(g.domain_id, name, id))) throw new AppError('name_taken', `A group named ${name} exists already`);
    await this.repo.update(id, {
      ...(name !== undefined ? { name } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      updated_at: isoAt(this.clock.now()),
    });
    await this.audit.record(ctx.actor, { action: 'group.update', targetType: 'group', targetId: id, domainPath: g.domain_path, details: patch });
    return this.get(ctx, id);
  }

  async delete(ctx: RequestContext, id: string): Promise<void> {
    const g = await this.require(ctx, id, true);
    await this.repo.delete(id);
    await this.audit.record(ctx.actor, { action: 'group.delete', targetType: 'group', targetId: id, domainPath: g.domain_path, details: { name: g.name } });
  }

  /** Sets the members the caller can see; members in domains the caller cannot see stay as they are. */
  async setCameras(ctx: RequestContext, id: string, cameraIds: string[]): Promise<GroupView> {
    const g = await this.require(ctx, id, true);
    const wanted = [...new Set(cameraIds)];
    for (const [i, cid] of wanted.entries()) {
      const cam = await this.cameras.byId(cid);
      if (!cam || !ctx.access.can('cameras.read', cam.domain_path)) {
        throw new AppError('validation_failed', `cameraIds/${i}: camera ${cid} does not exist`, [{ field: `cameraIds/${i}`, message: 'no such camera' }]);
      }
      if (!isWithin(cam.domain_path, g.domain_path)) {
        throw new AppError('validation_failed', `cameraIds/${i}: camera ${cam.name} lies outside the group's domain`, [{ field: `cameraIds/${i}`, message: 'camera outside the group domain' }]);
      }
    }
    const current = (await this.repo.members(id)).filter((m) => ctx.access.can('cameras.read', m.domain_path)).map((m) => m.camera_id);
    await this.repo.replaceMembers(id, current.filter((c) => !wanted.includes(c)), wanted.filter((c) => !current.includes(c)));
    await this.audit.record(ctx.actor, { action: 'group.members', targetType: 'group', targetId: id, domainPath: g.domain_path, details: { cameraIds: wanted } });
    return this.get(ctx, id);
  }
}
