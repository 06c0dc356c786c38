import type { Migration, MigrationProvider } from 'kysely';
import * as spine from './0001-spine';

/** Versioned migrations, applied in name order. Append; never edit one that has shipped. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-spine': spine,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};
