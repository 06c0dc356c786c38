import { childPath, depthOf, isWithin, rootPath, type Permission } from '@argus/domain';
import { AppError, forbidden, notFound } from '../../errors';
import { isoAt, type Clock } from '../../util/clock';
import { newId } from '../../util/ids';
import type { AuditService } from '../audit/audit.service';
import type { RequestContext } from '../request-context';
import type { DomainRow, DomainsRepo } from './domains.repo';

export interface DomainView {
  id: string;
  parentId: string | null;
  name: string;
  description: string;
  path: string;
  depth: number;
  createdAt: string;
  updatedAt: string;
}

export function domainView(r: DomainRow): DomainView {
  return {
    id: r.id,
    parentId: r.parent_id,
    name: r.name,
    description: r.description,
    path: r.path,
    depth: depthOf(r.path),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The organisation tree: company → region → store … Rights on a domain hold for its whole subtree. */
export class DomainsService {
  constructor(
    private readonly repo: DomainsRepo,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Creates the root domain if the tree is empty; returns it. */
  async ensureRoot(name = 'Organisation'): Promise<DomainRow> {
    const existing = await this.repo.root();
    if (existing) return existing;
    const id = newId('dom');
    const now = isoAt(this.clock.now());
    const row: DomainRow = { id, parent_id: null, name, path: rootPath(id), description: '', created_at: now, updated_at: now };
    await this.repo.insert(row);
    return row;
  }

  async rootPath(): Promise<string> {
    return (await this.ensureRoot()).path;
  }

  /** Loads a domain the caller holds `permission` on; otherwise not_found (existence is not leaked) or forbidden. */
  async require(ctx: RequestContext, id: string, permission: Permission): Promise<DomainRow> {
    const row = await this.repo.byId(id);
    if (!row || (!ctx.access.can('domains.read', row.path) && !ctx.access.can(permission, row.path))) {
      throw notFound('domain', id);
    }
    if (!ctx.access.can(permission, row.path)) throw forbidden(`You have no ${permission} right on domain ${row.name}`);
    return row;
  }

  async list(ctx: RequestContext): Promise<DomainView[]> {
    return (await this.repo.within(ctx.access.scope('domains.read'))).map(domainView);
  }

  async get(ctx: RequestContext, id: string): Promise<DomainView> {
    return domainView(await this.require(ctx, id, 'domains.read'));
  }

  async create(ctx: RequestContext, input: { parentId: string; name: string; description?: string }): Promise<DomainView> {
    const parent = await this.require(ctx, input.parentId, 'domains.manage');
    const name = input.name.trim();
    if (await this.repo.siblingNamed(parent.id, name)) throw new AppError('name_taken', `${parent.name} already has a sub-domain named ${name}`);
    const id = newId('dom');
    const now = isoAt(this.clock.now());
    const row: DomainRow = {
      id,
      parent_id: parent.id,
      name,
      path: childPath(parent.path, id),
      description: input.description ?? '',
      created_at: now,
      updated_at: now,
    };
    await this.repo.insert(row);
    await this.audit.record(ctx.actor, { action: 'domain.create', targetType: 'domain', targetId: id, domainPath: row.path, details: { name } });
    return domainView(row);
  }

  async update(
    ctx: RequestContext,
    id: string,
    patch: { name?: string; description?: string; parentId?: string },
  ): Promise<DomainView> {
    const row = await this.require(ctx, id, 'domains.manage');
    const now = isoAt(this.clock.now());
    if (patch.parentId !== undefined && patch.parentId !== row.parent_id) {
      if (row.parent_id === null) throw new AppError('conflict', 'The root domain cannot be moved');
      const oldParent = await this.require(ctx, row.parent_id, 'domains.manage');
      const newParent = await this.require(ctx, patch.parentId, 'domains.manage');
      if (isWithin(newParent.path, row.path)) throw new AppError('conflict', 'A domain cannot move below itself');
      if (await this.repo.siblingNamed(newParent.id, patch.name?.trim() ?? row.name)) {
        throw new AppError('name_taken', `${newParent.name} already has a sub-domain named ${row.name}`);
      }
      await this.repo.move(id, newParent.id, row.path, childPath(newParent.path, id), now);
      await this.audit.record(ctx.actor, {
        action: 'domain.move',
        targetType: 'domain',
        targetId: id,
        domainPath: childPath(newParent.path, id),
        details: { from: oldParent.id, to: newParent.id },
      });
    }
    const name = patch.name?.trim();
    if (name !== undefined && name !== row.name) {
      const parentId = patch.parentId ?? row.parent_id;
      const clash = await this.repo.siblingNamed(parentId, name);
      if (clash && clash.id !== id) throw new AppError('name_taken', `A sibling domain is already named ${name}`);
    }
    if (name !== undefined || patch.description !== undefined) {
      await this.repo.update(id, {
        ...(name !== undefined ? { name } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        updated_at: now,
      });
      await this.audit.record(ctx.actor, { action: 'domain.update', targetType: 'domain', targetId: id, domainPath: row.path, details: { name, description: patch.description } });
    }
    const updated = await this.repo.byId(id);
    if (!updated) throw notFound('domain', id);
    return domainView(updated);
  }

  async delete(ctx: RequestContext, id: string): Promise<void> {
    const row = await this.require(ctx, id, 'domains.manage');
    if (row.parent_id === null) throw new AppError('conflict', 'The root domain cannot be deleted');
    await this.require(ctx, row.parent_id, 'domains.manage');
    const usage = await this.repo.usage(id);
    if (usage.children + usage.cameras + usage.groups > 0) {
      throw new AppError(
        'domain_not_empty',
        `Domain ${row.name} still holds ${usage.children} sub-domain(s), ${usage.cameras} camera(s) and ${usage.groups} group(s)`,
        undefined,
        { usage },
      );
    }
    await this.repo.delete(id);
    await this.audit.record(ctx.actor, { action: 'domain.delete', targetType: 'domain', targetId: id, domainPath: row.path, details: { name: row.name } });
  }
}
