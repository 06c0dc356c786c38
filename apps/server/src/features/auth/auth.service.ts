import type { Kysely } from 'kysely';
import { Access, isRole, roleFitsWithin, type Grant } from '@argus/domain';
import type { Database } from '../../adapters/db';
import { AppError } from '../../errors';
import { dummyPasswordHash, verifyPassword } from '../../security/passwords';
import { FailureLimiter } from '../../security/rate-limiter';
import { API_TOKEN_PREFIX, hashSecret, newSecret } from '../../security/tokens';
import { isoAt, type Clock } from '../../util/clock';
import type { AuditService } from '../audit/audit.service';
import type { RequestContext } from '../request-context';
import type { UserRow, UsersRepo } from '../users/users.repo';

export interface AuthSettings {
  sessionTtlHours: number;
  sessionIdleMinutes: number;
  signInMaxFailures: number;
  signInWindowSeconds: number;
}

export interface SignedIn {
  sessionToken: string;
  expiresAt: string;
  user: UserRow;
}

const LAST_SEEN_RESOLUTION_MS = 60_000;

/** Sign-in, sessions and bearer tokens: turns a credential into a RequestContext. */
export class AuthService {
  private readonly perPair: FailureLimiter;
  private readonly perUser: FailureLimiter;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly users: UsersRepo,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly settings: AuthSettings,
  ) {
    const windowMs = settings.signInWindowSeconds * 1000;
    this.perPair = new FailureLimiter(settings.signInMaxFailures, windowMs);
    this.perUser = new FailureLimiter(settings.signInMaxFailures * 4, windowMs);
  }

  async signIn(username: string, password: string, ip: string, userAgent: string): Promise<SignedIn> {
    const now = this.clock.now();
    const name = username.trim().toLowerCase();
    const pairKey = `${name}|${ip}`;
    const wait = Math.max(this.perPair.retryAfterSeconds(pairKey, now), this.perUser.retryAfterSeconds(name, now));
    const actor = { id: null, name, kind: 'anonymous' as const, ip };
    if (wait > 0) {
      await this.audit.record(actor, { action: 'auth.sign-in', targetType: 'user', outcome: 'denied', details: { reason: 'rate_limited' } });
      throw new AppError('too_many_requests', `Too many failed sign-ins; try again in ${wait} s`, undefined, { retryAfterSeconds: wait });
    }
    const user = await this.users.byUsername(name);
    const ok = await verifyPassword(password, user?.password_hash ?? (await dummyPasswordHash()));
    if (!user || !ok || user.disabled) {
      this.perPair.recordFailure(pairKey, now);
      this.perUser.recordFailure(name, now);
      await this.audit.record(
        { ...actor, id: user?.id ?? null },
        { action: 'auth.sign-in', targetType: 'user', targetId: user?.id ?? null, outcome: 'failed', details: { reason: user?.disabled ? 'disabled' : 'bad_credentials' } },
      );
      throw new AppError('invalid_credentials');
    }
    this.perPair.reset(pairKey);
    const sessionToken = newSecret('');
    const expiresAt = isoAt(now + this.settings.sessionTtlHours * 3600_000);
    await this.db
      .insertInto('sessions')
      .values({
        id: hashSecret(sessionToken),
        user_id: user.id,
        created_at: isoAt(now),
        expires_at: expiresAt,
        last_seen_at: isoAt(now),
        ip,
        user_agent: userAgent.slice(0, 300),
      })
      .execute();
    await this.users.update(user.id, { last_sign_in_at: isoAt(now) });
    await this.audit.record({ id: user.id, name: user.username, kind: 'user', ip }, { action: 'auth.sign-in', targetType: 'user', targetId: user.id });
    return { sessionToken, expiresAt, user };
  }

  async signOut(ctx: RequestContext, sessionToken: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', hashSecret(sessionToken)).execute();
    await this.audit.record(ctx.actor, { action: 'auth.sign-out', targetType: 'user', targetId: ctx.actor.id });
  }

  async contextForSession(sessionToken: string, ip: string): Promise<RequestContext> {
    const id = hashSecret(sessionToken);
    const session = await this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    if (!session) throw new AppError('unauthenticated', 'The session is unknown; sign in');
    const now = this.clock.now();
    const idleLimit = Date.parse(session.last_seen_at) + this.settings.sessionIdleMinutes * 60_000;
    if (Date.parse(session.expires_at) <= now || idleLimit <= now) {
      await this.db.deleteFrom('sessions').where('id', '=', id).execute();
      throw new AppError('session_expired');
    }
    const user = await this.users.byId(session.user_id);
    if (!user || user.disabled) throw new AppError('session_expired', 'The account is disabled or gone; sign in again');
    if (now - Date.parse(session.last_seen_at) > LAST_SEEN_RESOLUTION_MS) {
      await this.db.updateTable('sessions').set({ last_seen_at: isoAt(now) }).where('id', '=', id).execute();
    }
    const grants = await this.grantsOf(user.id);
    return {
      access: new Access({ kind: 'user', userId: user.id, username: user.username }, grants),
      actor: { id: user.id, name: user.username, kind: 'user', ip },
    };
  }

  /** An API token acts with one role on one domain, and never beyond what its creator may still do there. */
  async contextForApiToken(token: string, ip: string): Promise<RequestContext> {
    const row = await this.db
      .selectFrom('api_tokens')
      .innerJoin('domains', 'domains.id', 'api_tokens.domain_id')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .select([
        'api_tokens.id',
        'api_tokens.name',
        'api_tokens.role',
        'api_tokens.expires_at',
        'api_tokens.revoked_at',
        'api_tokens.last_used_at',
        'api_tokens.domain_id',
        'api_tokens.user_id',
        'domains.path',
        'users.username',
        'users.disabled',
      ])
      .where('api_tokens.token_hash', '=', hashSecret(token))
      .executeTakeFirst();
    const now = this.clock.now();
    if (!row || row.revoked_at || row.disabled || (row.expires_at && Date.parse(row.expires_at) <= now) || !isRole(row.role)) {
      throw new AppError('token_invalid');
    }
    const creator = new Access({ kind: 'user', userId: row.user_id, username: row.username }, await this.grantsOf(row.user_id));
    if (!roleFitsWithin(row.role, creator.permissionsAt(row.path))) {
      throw new AppError('token_invalid', 'The API token exceeds what its creator may still do; create a new one');
    }
    if (!row.last_used_at || now - Date.parse(row.last_used_at) > LAST_SEEN_RESOLUTION_MS) {
      await this.db.updateTable('api_tokens').set({ last_used_at: isoAt(now) }).where('id', '=', row.id).execute();
    }
    const grant: Grant = { domainId: row.domain_id, domainPath: row.path, role: row.role };
    return {
      access: new Access({ kind: 'token', userId: row.user_id, username: row.username, tokenId: row.id }, [grant]),
      actor: { id: row.user_id, name: `${row.username} (token ${row.name})`, kind: 'token', ip },
    };
  }

  contextForBearer(secret: string, ip: string): Promise<RequestContext> {
    return secret.startsWith(API_TOKEN_PREFIX) ? this.contextForApiToken(secret, ip) : this.contextForSession(secret, ip);
  }

  async grantsOf(userId: string): Promise<Grant[]> {
    return (await this.users.grants([userId])).map(({ domainId, domainPath, role }) => ({ domainId, domainPath, role }));
  }

  /** Removes expired sessions; run now and then. */
  async purgeExpiredSessions(): Promise<number> {
    const r = await this.db.deleteFrom('sessions').where('expires_at', '<=', isoAt(this.clock.now())).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
