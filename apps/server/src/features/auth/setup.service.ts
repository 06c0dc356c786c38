import type { Kysely } from 'kysely';
import { AppError } from '../../errors';
import { hashPassword } from '../../security/passwords';
import { hashSecret, newSecret, SETUP_TOKEN_PREFIX } from '../../security/tokens';
import { isoAt, type Clock } from '../../util/clock';
import { newId } from '../../util/ids';
import type { Database } from '../../adapters/db';
import type { AuditService } from '../audit/audit.service';
import type { DomainsService } from '../domains/domains.service';
import { SYSTEM_ACTOR, type Actor } from '../request-context';
import { checkPassword } from '../users/password-policy';
import type { UsersRepo } from '../users/users.repo';
import { timingSafeEqual } from 'node:crypto';

const SETUP_KEY = 'setup_token_hash';

/**
 * First run: there is no default password. While no user exists, each start issues a fresh one-time setup token
 * (only its hash is stored); creating the first administrator consumes it and closes setup for good.
 */
export class SetupService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly users: UsersRepo,
    private readonly domains: DomainsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly passwordMinLength: number,
  ) {}

  async needsSetup(): Promise<boolean> {
    return (await this.users.count()) === 0;
  }

  /** Issues a new setup token when setup is open; returns null once an administrator exists. */
  async issueToken(): Promise<string | null> {
    if (!(await this.needsSetup())) {
      await this.db.deleteFrom('system_state').where('key', '=', SETUP_KEY).execute();
      return null;
    }
    const token = newSecret(SETUP_TOKEN_PREFIX);
    await this.db.deleteFrom('system_state').where('key', '=', SETUP_KEY).execute();
    await this.db.insertInto('system_state').values({ key: SETUP_KEY, value: hashSecret(token) }).execute();
    return token;
  }

  async completeWithToken(token: string, input: { username: string; password: string; displayName?: string }, actor: Actor) {
    const stored = await this.db.selectFrom('system_state').select('value').where('key', '=', SETUP_KEY).executeTakeFirst();
    if (!(await this.needsSetup())) throw new AppError('setup_closed');
    const given = Buffer.from(hashSecret(token));
    if (!stored || given.length !== stored.value.length || !timingSafeEqual(given, Buffer.from(stored.value))) {
      await this.audit.record(actor, { action: 'setup.create-admin', targetType: 'user', outcome: 'denied' });
      throw new AppError('setup_token_invalid');
    }
    return this.createFirstAdmin(input, actor);
  }

  /** For `argus setup-admin`: no token, but only while no user exists. */
  async createFirstAdmin(input: { username: string; password: string; displayName?: string }, actor: Actor = SYSTEM_ACTOR) {
    if (!(await this.needsSetup())) throw new AppError('setup_closed');
    const username = input.username.trim().toLowerCase();
    checkPassword(input.password, username, this.passwordMinLength);
    const root = await this.domains.ensureRoot();
    const now = isoAt(this.clock.now());
    const id = newId('usr');
    const passwordHash = await hashPassword(input.password);
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('users')
        .values({
          id,
          username,
          display_name: input.displayName?.trim() || username,
          password_hash: passwordHash,
          disabled: 0,
          created_at: now,
          updated_at: now,
          last_sign_in_at: null,
        })
        .execute();
      await trx.insertInto('role_grants').values({ id: newId('grt'), user_id: id, domain_id: root.id, role: 'administrator', created_at: now }).execute();
      await trx.deleteFrom('system_state').where('key', '=', SETUP_KEY).execute();
    });
    await this.audit.record(actor, { action: 'setup.create-admin', targetType: 'user', targetId: id, details: { username } });
    return { id, username };
  }
}
