import type { Migration, MigrationProvider } from 'kysely';
import * as spine from './0001-spine';
import * as recordings from './0002-recordings';
import * as events from './0003-events';
import * as subscriptions from './0004-subscriptions';
import * as tasks from './0005-tasks';
import * as preferences from './0006-preferences';
import * as recordingPolicies from './0007-recording-policies';
import * as taskRuns from './0008-task-runs';

/** Versioned migrations, applied in name order. Append; never edit one that has shipped. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-spine': spine,
  '0002-recordings': recordings,
  '0003-events': events,
  '0004-subscriptions': subscriptions,
  '0005-tasks': tasks,
  '0006-preferences': preferences,
  '0007-recording-policies': recordingPolicies,
  '0008-task-runs': taskRuns,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};
