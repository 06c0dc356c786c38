/**
 * Test helpers for real data: the shared datasets folder (ARGUS_SHARED_DATASETS, default ../shared/datasets beside
 * the repository) and system files such as Debian's opencv-doc clips. When a file is missing, a test fails loudly
 * in CI (process.env.CI set) and is skipped with a clear message elsewhere.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is packages/media/src/testing/shared-data.ts). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Anything with node:test's `t.skip(message)`. */
export interface Skippable {
  skip(message?: string): void;
}

export function sharedDatasetsDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.ARGUS_SHARED_DATASETS;
  return fromEnv !== undefined && fromEnv !== '' ? path.resolve(fromEnv) : path.resolve(REPO_ROOT, '../shared/datasets');
}

function isCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/**
 * The absolute path of `file` if it exists. Otherwise: throws in CI, or calls t.skip with `why` and returns
 * undefined, so a test does `const f = requireFile(p, t, hint); if (f === undefined) return;`.
 */
export function requireFile(file: string, t: Skippable, why: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (existsSync(file)) return file;
  const message = `missing test data ${file}: ${why}`;
  if (isCi(env)) throw new Error(`${message} (CI is set, so this is an error, not a skip)`);
  t.skip(message);
  return undefined;
}

/** A file under the shared datasets folder (see requireFile). */
export function requireSharedFile(relPath: string, t: Skippable, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = sharedDatasetsDir(env);
  return requireFile(path.join(dir, relPath), t, `the shared datasets are not at ${dir}; set ARGUS_SHARED_DATASETS`, env);
}

/** A port on 127.0.0.1 that was free a moment ago (the OS picks it). */
export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close((err) => (err ? reject(err) : resolve(port)));
    });
  });
}
