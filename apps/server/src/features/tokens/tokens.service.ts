import type { Kysely } from 'kysely';
import { roleFitsWithin, type Role } from '@argus/domain';
import type { Database } from '../../adapters/db';
import { AppError, forbidden, notFound } from '../../errors';
import { API_TOKEN_PREFIX, hashSecret, newSecret } from '../../security/tokens';
import { isoAt, type Clock } from '../../util/clock';
import { newId } from '../../util/ids';
import type { AuditService } from '../audit/audit.service';
import type { DomainsService } from '../domains/domains.service';
import type { RequestContext } from '../request-context';

export interface TokenView {
  id: string;
  name: string;
  prefix: string;
  domainId: string;
  domainName: string;
  role: Role;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** API tokens for integrations: one role on one domain, shown once, stored hashed, revocable, optionally expiring. */
export class TokensService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly domains: DomainsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private query() {
    return this.db
      .selectFrom('api_tokens')
      .innerJoin('domains', 'domains.id', 'api_tokens.domain_id')
      .select([
        'api_tokens.id',
        'api_tokens.name',
        'api_tokens.prefix',
        'api_tokens.domain_id',
        'domains.name as domain_name',
        'domains.path as domain_path',
        'api_tokens.role',
        'api_tokens.user_id',
        'api_tokens.created_at',
        'api_tokens.expires_at',
        'api_tokens.revoked_at',
        'api_tokens.last_used_at',
      ]);
  }

  private static view(r: {
    id: string; name: string; prefix: string; domain_id: string; domain_name: string; role: string;
    created_at: string; expires_at: string | null; revoked_at: string | null; last_used_at: string | null;
  }): TokenView {
    return {
      id: r.id,
      name: r.name,
      prefix: r.prefix,
      domainId: r.domain_id,
      domainName: r.domain_name,
      role: r.role as Role,
      createdAt: r.created_at,
      expiresAt: r.expires_at,
      revokedAt: r.revoked_at,
      lastUsedAt: r.last_used_at,
    };
  }

  /** A user sees their tokens; a token sees only itself (not its creator's other tokens). */
  async listOwn(ctx: RequestContext): Promise<TokenView[]> {
    const { principal } = ctx.access;
    let q = this.query().where('api_tokens.user_id', '=', principal.userId);
    if (principal.kind === 'token') q = q.where('api_tokens.id', '=', principal.tokenId ?? '');
    const rows = await q.orderBy('api_tokens.created_at', 'desc').execute();
    return rows.map((r) => TokensService.view(r));
  }

  async create(
    ctx: RequestContext,
    input: { name: string; domainId: string; role: Role; expiresInDays?: number },
  ): Promise<{ token: string; info: TokenView }> {
    if (ctx.access.principal.kind !== 'user') throw forbidden('API tokens cannot create API tokens; sign in as a user');
    const domain = await this.domains.require(ctx, input.domainId, 'tokens.manage');
    if (!roleFitsWithin(input.role, ctx.access.permissionsAt(domain.path))) {
      throw forbidden(`A token cannot hold ${input.role} on ${domain.name}: it exceeds your own rights there`);
    }
    const now = this.clock.now();
    const token = newSecret(API_TOKEN_PREFIX);
    const id = newId('tok');
    await this.db
      .insertInto('api_tokens')
      .values({
        id,
        name: input.name.trim(),
        token_hash: hashSecret(token),
        prefix: token.slice(0, API_TOKEN_PREFIX.length + 4),
        user_id: ctx.access.principal.userId,
        domain_id: domain.id,
        role: input.role,
        created_at: isoAt(now),
        expires_at: input.expiresInDays ? isoAt(now + input.expiresInDays * 86_400_000) : null,
        revoked_at: null,
        last_used_at: null,
      })
      .execute();
    await this.audit.record(ctx.actor, { action: 'token.create', targetType: 'token', targetId: id, domainPath: domain.path, details: { name: input.name, role: input.role } });
    const row = await this.query().where('api_tokens.id', '=', id).executeTakeFirstOrThrow();
    return { token, info: TokensService.view(row) };
  }

  /** The owner may revoke a token; so may anyone who manages users on the token's domain. */
  async revoke(ctx: RequestContext, id: string): Promise<TokenView> {
    const row = await this.query().where('api_tokens.id', '=', id).executeTakeFirst();
    const { principal } = ctx.access;
    const own = row?.user_id === principal.userId && (principal.kind === 'user' || row.id === principal.tokenId);
    if (!row || (!own && !ctx.access.can('users.read', row.domain_path))) throw notFound('token', id);
    if (!own && !ctx.access.can('users.manage', row.domain_path)) throw forbidden('You may not revoke this token');
    if (row.revoked_at) throw new AppError('conflict', 'The token is already revoked');
    const at = isoAt(this.clock.now());
    await this.db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).execute();
    await this.audit.record(ctx.actor, { action: 'token.revoke', targetType: 'token', targetId: id, domainPath: row.domain_path });
    return TokensService.view({ ...row, revoked_at: at });
  }
}
