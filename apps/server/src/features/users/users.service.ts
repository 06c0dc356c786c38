import { isWithin, roleFitsWithin, type Access, type Role } from '@argus/domain';
import { AppError, forbidden, invalid, notFound } from '../../errors';
import { hashPassword, verifyPassword } from '../../security/passwords';
import { isoAt, type Clock } from '../../util/clock';
import { newId } from '../../util/ids';
import type { AuditService } from '../audit/audit.service';
import type { DomainsRepo } from '../domains/domains.repo';
import type { RequestContext } from '../request-context';
import { checkPassword } from './password-policy';
import { userView, type UserView } from './user-view';
import type { GrantRow, UserRow, UsersRepo } from './users.repo';

export interface GrantInput {
  domainId: string;
  role: Role;
}

/** True when every grant lies in the caller's scope for the permission; grant-less users need the root scope. */
function covers(access: Access, grants: readonly GrantRow[], permission: 'users.read' | 'users.manage', rootPath: string): boolean {
  const scope = access.scope(permission);
  if (grants.length === 0) return scope.includes(rootPath);
  if (permission === 'users.read') return grants.some((g) => scope.some((p) => isWithin(g.domainPath, p)));
  return grants.every((g) => scope.some((p) => isWithin(g.domainPath, p)));
}

/**
 * Users and their grants. A manager may see users who hold a grant in their scope, and change a user only when
 * all of that user's grants lie in their users.manage scope; nobody grants a role beyond their own rights.
 */
export class UsersService {
  constructor(
    private readonly repo: UsersRepo,
    private readonly domains: DomainsRepo,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly passwordMinLength: number,
  ) {}

  private async rootPath(): Promise<string> {
    const root = await this.domains.root();
    if (!root) throw new AppError('not_ready', 'The organisation has no root domain yet');
    return root.path;
  }

  async list(ctx: RequestContext): Promise<UserView[]> {
    if (!ctx.access.hasAnywhere('users.read')) throw forbidden('You have no right to list users');
    const [users, grants, root] = await Promise.all([this.repo.all(), this.repo.grants(), this.rootPath()]);
    return users
      .filter((u) => covers(ctx.access, grants.filter((g) => g.userId === u.id), 'users.read', root))
      .map((u) => this.visibleView(ctx, u, grants.filter((g) => g.userId === u.id)));
  }

  /** A user's grants as the caller may see them: their own all, others' only inside the caller's users.read scope. */
  private visibleView(ctx: RequestContext, user: UserRow, grants: readonly GrantRow[]): UserView {
    const self = ctx.access.principal.userId === user.id;
    const scope = ctx.access.scope('users.read');
    return userView(user, grants.filter((g) => self || scope.some((p) => isWithin(g.domainPath, p))));
  }

  /** Domain an entry about this user is filed under, so auditors of that domain see it (null: organisation-wide). */
  private static auditDomain(grants: readonly GrantRow[]): string | null {
    return grants[0]?.domainPath ?? null;
  }

  private async load(ctx: RequestContext, id: string, permission: 'users.read' | 'users.manage') {
    const user = await this.repo.byId(id);
    const grants = user ? await this.repo.grants([id]) : [];
    const root = await this.rootPath();
    const self = ctx.access.principal.userId === id;
    if (!user || (!self && !covers(ctx.access, grants, 'users.read', root))) throw notFound('user', id);
    if (permission === 'users.manage' && !covers(ctx.access, grants, 'users.manage', root)) {
      throw forbidden('You may not change this user: some of their rights lie outside your domains');
    }
    return { user, grants, root };
  }

  async get(ctx: RequestContext, id: string): Promise<UserView> {
    const { user, grants } = await this.load(ctx, id, 'users.read');
    return this.visibleView(ctx, user, grants);
  }

  /** Checks each grant: domain exists, lies in the caller's users.manage scope, and the role fits the caller's rights. */
  private async checkGrants(access: Access, grants: readonly GrantInput[]): Promise<Map<string, { role: Role; path: string }>> {
    const out = new Map<string, { role: Role; path: string }>();
    for (const [i, g] of grants.entries()) {
      const domain = await this.domains.byId(g.domainId);
      if (!domain || (!access.can('domains.read', domain.path) && !access.can('users.manage', domain.path))) {
        throw invalid(`grants/${i}/domainId`, `domain ${g.domainId} does not exist`);
      }
      if (!access.can('users.manage', domain.path)) throw forbidden(`You may not grant rights on domain ${domain.name}`);
      if (!roleFitsWithin(g.role, access.permissionsAt(domain.path))) {
        throw forbidden(`You may not grant ${g.role} on ${domain.name}: it exceeds your own rights there`);
      }
      if (out.has(g.domainId)) throw invalid(`grants/${i}/domainId`, 'one role per domain');
      out.set(g.domainId, { role: g.role, path: domain.path });
    }
    return out;
  }

  async create(
    ctx: RequestContext,
    input: { username: string; displayName?: string; password: string; grants: GrantInput[] },
  ): Promise<UserView> {
    if (!ctx.access.hasAnywhere('users.manage')) throw forbidden('You have no right to create users');
    const username = input.username.trim().toLowerCase();
    checkPassword(input.password, username, this.passwordMinLength);
    if (input.grants.length === 0 && !ctx.access.scope('users.manage').includes(await this.rootPath())) {
      throw invalid('grants', 'give the user at least one role on a domain of yours');
    }
    const checked = await this.checkGrants(ctx.access, input.grants);
    if (await this.repo.byUsername(username)) throw new AppError('name_taken', `The user name ${username} is taken`);
    const now = isoAt(this.clock.now());
    const row: UserRow = {
      id: newId('usr'),
      username,
      display_name: input.displayName?.trim() || username,
      password_hash: await hashPassword(input.password),
      disabled: 0,
      created_at: now,
      updated_at: now,
      last_sign_in_at: null,
    };
    await this.repo.insert(row);
    await this.repo.replaceGrants(row.id, [], [...checked].map(([domainId, g]) => ({ id: newId('grt'), domainId, role: g.role, createdAt: now })));
    await this.audit.record(ctx.actor, {
      action: 'user.create',
      targetType: 'user',
      targetId: row.id,
      domainPath: [...checked.values()][0]?.path ?? null,
      details: { username, grants: input.grants },
    });
    return this.get(ctx, row.id);
  }

  async update(ctx: RequestContext, id: string, patch: { displayName?: string; disabled?: boolean }): Promise<UserView> {
    const { user, grants } = await this.load(ctx, id, 'users.manage');
    if (patch.disabled === true && ctx.access.principal.userId === id) throw new AppError('conflict', 'You cannot disable yourself');
    if (patch.disabled === true) await this.ensureNotLastRootAdmin(id);
    await this.repo.update(id, {
      ...(patch.displayName !== undefined ? { display_name: patch.displayName.trim() || user.username } : {}),
      ...(patch.disabled !== undefined ? { disabled: patch.disabled ? 1 : 0 } : {}),
      updated_at: isoAt(this.clock.now()),
    });
    if (patch.disabled === true) await this.repo.deleteSessionsOf(id);
    await this.audit.record(ctx.actor, { action: 'user.update', targetType: 'user', targetId: id, domainPath: UsersService.auditDomain(grants), details: patch });
    return this.get(ctx, id);
  }

  /** Sets the user's grants on domains inside the caller's scope; grants elsewhere are left untouched. */
  async setGrants(ctx: RequestContext, id: string, grants: GrantInput[]): Promise<UserView> {
    const user = await this.repo.byId(id);
    const existing = user ? await this.repo.grants([id]) : [];
    const root = await this.rootPath();
    if (!user || (ctx.access.principal.userId !== id && !covers(ctx.access, existing, 'users.read', root))) throw notFound('user', id);
    const scope = ctx.access.scope('users.manage');
    if (scope.length === 0) throw forbidden('You have no right to change grants');
    const checked = await this.checkGrants(ctx.access, grants);
    const removable = existing.filter((g) => scope.some((p) => isWithin(g.domainPath, p))).map((g) => g.domainId);
    const keepsRootAdmin = existing.some((g) => g.domainPath === root && g.role === 'administrator');
    const losesRootAdmin = keepsRootAdmin && checked.get(existing.find((g) => g.domainPath === root)?.domainId ?? '')?.role !== 'administrator';
    if (losesRootAdmin) await this.ensureNotLastRootAdmin(id);
    const now = isoAt(this.clock.now());
    await this.repo.replaceGrants(id, removable, [...checked].map(([domainId, g]) => ({ id: newId('grt'), domainId, role: g.role, createdAt: now })));
    const after = await this.repo.grants([id]);
    await this.audit.record(ctx.actor, { action: 'user.grants', targetType: 'user', targetId: id, domainPath: UsersService.auditDomain([...after, ...existing]), details: { grants } });
    // The caller may no longer see the user (all grants in their scope removed): answer with what they can see.
    return this.visibleView(ctx, user, after);
  }

  async setPassword(ctx: RequestContext, id: string, input: { password: string; currentPassword?: string }): Promise<void> {
    const self = ctx.access.principal.userId === id && ctx.access.principal.kind === 'user';
    const { user, grants } = self ? await this.load(ctx, id, 'users.read') : await this.load(ctx, id, 'users.manage');
    if (self) {
      if (!input.currentPassword || !(await verifyPassword(input.currentPassword, user.password_hash))) {
        throw invalid('currentPassword', 'is wrong');
      }
    }
    checkPassword(input.password, user.username, this.passwordMinLength);
    await this.repo.update(id, { password_hash: await hashPassword(input.password), updated_at: isoAt(this.clock.now()) });
    await this.repo.deleteSessionsOf(id);
    await this.audit.record(ctx.actor, { action: 'user.password', targetType: 'user', targetId: id, domainPath: UsersService.auditDomain(grants) });
  }

  async delete(ctx: RequestContext, id: string): Promise<void> {
    const { user, grants } = await this.load(ctx, id, 'users.manage');
    if (ctx.access.principal.userId === id) throw new AppError('conflict', 'You cannot delete yourself');
    await this.ensureNotLastRootAdmin(id);
    await this.repo.delete(id);
    await this.audit.record(ctx.actor, { action: 'user.delete', targetType: 'user', targetId: id, domainPath: UsersService.auditDomain(grants), details: { username: user.username } });
  }

  private async ensureNotLastRootAdmin(id: string): Promise<void> {
    const root = await this.rootPath();
    const [grants, users] = await Promise.all([this.repo.grants(), this.repo.all()]);
    const active = new Set(users.filter((u) => u.disabled === 0).map((u) => u.id));
    const admins = grants.filter((g) => g.domainPath === root && g.role === 'administrator' && active.has(g.userId));
    if (admins.length === 1 && admins[0]?.userId === id) {
      throw new AppError('conflict', 'This is the last active administrator of the whole organisation');
    }
  }
}
