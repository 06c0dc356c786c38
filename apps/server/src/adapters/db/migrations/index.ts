import type { Migration, MigrationProvider } from 'kysely';
import * as spine from './0001-spine';
import * as recordings from './0002-recordings';

/** Versioned migrations, applied in name order. Append; never edit one that has shipped. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-spine': spine,
  '0002-recordings': recordings,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};
