import pg from 'pg';

/** PostgreSQL for tests: ARGUS_TEST_POSTGRES_URL or the local server. In CI its absence fails; locally it skips. */
export const POSTGRES_URL = process.env.ARGUS_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function postgresAvailable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (err) {
    const why = `PostgreSQL at ${POSTGRES_URL} is not reachable: ${(err as Error).message}`;
    if (process.env.CI) throw new Error(why);
    return why;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

export function uniqueSchema(prefix: string): string {
  return `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}
