import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { migrate, openDb, type Db } from '../../src/adapters/db';
import { dropSchema, POSTGRES_URL, postgresAvailable, uniqueSchema } from './postgres';

/** A migrated database for a contract suite, or a reason to skip (PostgreSQL unreachable outside CI). */
export type OpenedDb = { db: Db; cleanup: () => Promise<void> } | string;

/** The dialects every metadata contract runs against, each opened fresh and migrated. */
export const CONTRACT_DATABASES: ReadonlyArray<{ name: 'sqlite' | 'postgres'; open: (label: string) => Promise<OpenedDb> }> = [
  {
    name: 'sqlite',
    open: async (label) => {
      const dir = await mkdtemp(path.join(os.tmpdir(), `argus-${label}-`));
      const db = await openDb({ url: '', dataDir: dir });
      await migrate(db);
      return { db, cleanup: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'postgres',
    open: async (label) => {
      const unavailable = await postgresAvailable();
      if (unavailable) return unavailable;
      const schema = uniqueSchema(`argus_${label.replace(/-/g, '_')}`);
      const db = await openDb({ url: POSTGRES_URL, dataDir: os.tmpdir(), schema });
      await migrate(db);
      return { db, cleanup: () => dropSchema(schema) };
    },
  },
];
