import type { Kysely } from 'kysely';
import type { Database } from '../../adapters/db';

/**
 * Where people-counting samples come from: the tasks slice stores one sample per counting rule and interval in its
 * table `task_counts` (objects in the rule's zone). The event center reads it through this port; a sample carries the
 * camera's domain path so the report can keep to the caller's scope.
 */
export interface CountSample {
  atMs: number;
  count: number;
  domainPath: string;
}

export interface CountsSource {
  samples(q: { taskId?: string; ruleIndex?: number; fromMs: number; toMs: number }): Promise<CountSample[]>;
}

/** Reads `task_counts` (at most 200 000 samples per report). */
export function taskCountsSource(db: Kysely<Database>): CountsSource {
  return {
    samples: async (q) => {
      if (!q.taskId) return [];
      let query = db
        .selectFrom('task_counts')
        .innerJoin('cameras', 'cameras.id', 'task_counts.camera_id')
        .innerJoin('domains', 'domains.id', 'cameras.domain_id')
        .select(['task_counts.at_ms as at', 'task_counts.count as count', 'domains.path as path'])
        .where('task_counts.task_id', '=', q.taskId)
        .where('task_counts.at_ms', '>=', q.fromMs)
        .where('task_counts.at_ms', '<', q.toMs);
      if (q.ruleIndex !== undefined) query = query.where('task_counts.rule_index', '=', q.ruleIndex);
      const rows = await query.limit(200_000).execute();
      return rows.map((r) => ({ atMs: Number(r.at), count: Number(r.count), domainPath: r.path }));
    },
  };
}
