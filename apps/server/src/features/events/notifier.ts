import type { Kysely } from 'kysely';
import type { Database } from '../../adapters/db';
import type { Clock } from '../../util/clock';
import { newTimeOrderedId } from '../../util/ids';

export interface NotificationInput {
  kind: string;
  title: string;
  targetType: string;
  targetId: string;
}

/** In-app notifications (assignment of events and tickets); read through GET /api/me/notifications. */
export class Notifier {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async notify(userId: string, n: NotificationInput): Promise<void> {
    const now = this.clock.now();
    await this.db
      .insertInto('notifications')
      .values({ id: newTimeOrderedId('ntf', now), user_id: userId, kind: n.kind, title: n.title.slice(0, 300), target_type: n.targetType, target_id: n.targetId, created_at: new Date(now).toISOString(), read_at: null })
      .execute();
  }
}
