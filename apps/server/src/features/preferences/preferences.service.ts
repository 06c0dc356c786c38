import { AppError, invalid } from '../../errors';
import { isoAt, type Clock } from '../../util/clock';
import type { RequestContext } from '../request-context';
import { encodePreference, isPreferenceKey } from './preference-key';
import type { PreferencesRepo } from './preferences.repo';

export interface PreferenceView {
  key: string;
  value: unknown;
  updatedAt: string;
}

/**
 * Per-user preferences: every signed-in principal reads and writes its own (an API token acts for its creator),
 * never anyone else's, so no domain permission is involved. Personal console state, not configuration: not audited.
 */
export class PreferencesService {
  constructor(
    private readonly repo: PreferencesRepo,
    private readonly clock: Clock,
  ) {}

  async get(ctx: RequestContext, key: string): Promise<PreferenceView> {
    const row = await this.repo.get(this.userOf(ctx), checkedKey(key));
    if (!row) throw new AppError('preference_not_set', `No preference ${key} is saved`);
    return { key: row.key, value: JSON.parse(row.value) as unknown, updatedAt: row.updated_at };
  }

  async put(ctx: RequestContext, key: string, value: unknown): Promise<PreferenceView> {
    const userId = this.userOf(ctx);
    checkedKey(key);
    const encoded = encodePreference(value);
    if (!encoded.ok) {
      if (encoded.reason.includes('bytes')) throw new AppError('preference_too_large', encoded.reason, [{ field: '/value', message: encoded.reason }]);
      throw invalid('/value', encoded.reason);
    }
    const updatedAt = isoAt(this.clock.now());
    await this.repo.put({ user_id: userId, key, value: encoded.text, updated_at: updatedAt });
    return { key, value: JSON.parse(encoded.text) as unknown, updatedAt };
  }

  async delete(ctx: RequestContext, key: string): Promise<void> {
    const removed = await this.repo.delete(this.userOf(ctx), checkedKey(key));
    if (!removed) throw new AppError('preference_not_set', `No preference ${key} is saved`);
  }

  private userOf(ctx: RequestContext): string {
    return ctx.access.principal.userId;
  }
}

function checkedKey(key: string): string {
  if (!isPreferenceKey(key)) throw invalid('/key', 'a key is 1 to 64 characters: a lower-case letter, then a-z 0-9 . _ -');
  return key;
}
