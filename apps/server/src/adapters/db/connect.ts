import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './tables';
import { migrationProvider } from './migrations';

export type Dialect = 'sqlite' | 'postgres';

export interface DbOptions {
  /** '' (embedded file in dataDir), 'sqlite:<file>', 'sqlite::memory:' or a postgres:// URL. */
  url: string;
  dataDir: string;
  poolSize?: number;
  /** PostgreSQL schema to place the tables in (created when missing). */
  schema?: string;
}

export interface Db {
  kysely: Kysely<Database>;
  dialect: Dialect;
  /** Human description without credentials, for logs. */
  describe: string;
  /** PostgreSQL schema the tables live in, when one was configured. */
  schema?: string;
  ping(): Promise<void>;
  close(): Promise<void>;
}

function sqliteFile(url: string, dataDir: string): string {
  if (url === '') return path.join(dataDir, 'argus.db');
  const file = url.slice('sqlite:'.length);
  return file === ':memory:' ? file : path.resolve(file);
}

export function dialectOf(url: string): Dialect {
  if (url === '' || url.startsWith('sqlite:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgres';
  throw new Error(`database.url must be empty, sqlite:<file> or postgres://…, not ${url.replace(/\/\/[^@]*@/, '//***@')}`);
}

export async function openDb(options: DbOptions): Promise<Db> {
  const dialect = dialectOf(options.url);
  let kysely: Kysely<Database>;
  let describe: string;
  if (dialect === 'sqlite') {
    const file = sqliteFile(options.url, options.dataDir);
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    const database = new SqliteDatabase(file);
    database.pragma('journal_mode = WAL');
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 5000');
    database.pragma('synchronous = NORMAL');
    kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
    describe = `sqlite ${file}`;
  } else {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    if (options.schema) {
      const schema = options.schema;
      pool.on('connect', (client) => {
        client.query(`SET search_path TO "${schema}"`).catch((err: unknown) => {
          console.error(`cannot set search_path to ${schema}:`, err);
        });
      });
      const client = await pool.connect();
      try {
        await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
        await client.query(`SET search_path TO "${schema}"`);
      } finally {
        client.release();
      }
    }
    kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    describe = `postgres ${options.url.replace(/\/\/[^@]*@/, '//***@')}${options.schema ? ` schema ${options.schema}` : ''}`;
  }
  let closed = false;
  return {
    kysely,
    dialect,
    describe,
    ...(dialect === 'postgres' && options.schema ? { schema: options.schema } : {}),
    ping: async () => {
      await sql`select 1`.execute(kysely);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await kysely.destroy();
    },
  };
}

/** Applies pending migrations; throws with the failing migration's name. */
export async function migrate(db: Db): Promise<string[]> {
  // The migration bookkeeping tables live in the configured schema too: otherwise Kysely looks for its lock table
  // in whichever schema of the search path has one, and servers on separate schemas of one database collide.
  const migrator = new Migrator({ db: db.kysely, provider: migrationProvider, ...(db.schema ? { migrationTableSchema: db.schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const reason = error instanceof Error ? error.message : JSON.stringify(error);
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${reason}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
