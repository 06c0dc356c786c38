import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { findFreePort } from '@argus/media';
import { stopChild } from '../stop-child';

const repoRoot = path.resolve(import.meta.dirname, '../../../../..');
const serverDir = path.join(repoRoot, 'apps/server');

/** A whole Argus server as a child process (npm start's entry) with its own data dir, for kill -9 tests. */
export class ServerProcess {
  child: ChildProcess | null = null;
  port = 0;
  output = '';

  constructor(
    readonly dataDir: string,
    readonly config: Record<string, unknown>,
  ) {}

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Creates the first administrator through the CLI (before the first start). */
  setupAdmin(user: string, password: string): void {
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(serverDir, 'src/cli/argus.ts'), 'setup-admin', '--user', user, '--password', password], {
      cwd: repoRoot,
      env: { ...process.env, ARGUS_DATA_DIR: this.dataDir, ARGUS_CONFIG: '' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (r.status !== 0) throw new Error(`setup-admin failed: ${r.stderr}${r.stdout}`);
  }

  async start(): Promise<void> {
    if (!this.port) this.port = await findFreePort();
    const file = path.join(this.dataDir, 'argus-test-config.json');
    await writeFile(file, JSON.stringify({ ...this.config, dataDir: this.dataDir, server: { port: this.port, logLevel: 'warn' }, demo: { enabled: false } }));
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(serverDir, 'src/main.ts')], { cwd: repoRoot, env: { ...process.env, ARGUS_CONFIG: file } });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start; output:\n${this.output}`)), 120_000);
      const onData = (d: Buffer) => {
        this.output += d.toString();
        if (this.output.includes('Argus is running at')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code}; output:\n${this.output}`));
      });
    });
    this.output = '';
  }

  /** SIGKILL: no shutdown hooks run, nothing is flushed. */
  async kill9(): Promise<void> {
    const c = this.child;
    this.child = null;
    await stopChild(c, 'SIGKILL');
  }

  async stop(): Promise<void> {
    const c = this.child;
    this.child = null;
    await stopChild(c, 'SIGTERM', 15_000);
  }
}

/** Signs in and returns a small JSON client. */
export async function apiClient(base: string, username: string, password: string) {
  const res = await fetch(`${base}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const call = async (method: string, url: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const r = await fetch(base + url, { method, headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  };
  return { post: (u: string, b: unknown = {}) => call('POST', u, b), get: (u: string) => call('GET', u) };
}
