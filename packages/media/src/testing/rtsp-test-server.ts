/**
 * Starts tools/rtsp-test-server/server.py (Debian's python3 + GstRtspServer): real clips served as looping live
 * RTSP cameras on 127.0.0.1, for integration tests. stop() kills the whole process group and waits for it.
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import path from 'node:path';
import { REPO_ROOT } from './shared-data';

export const RTSP_TEST_SERVER_SCRIPT = path.join(REPO_ROOT, 'tools/rtsp-test-server/server.py');

export interface TestRtspServerOptions {
  /** Mount name ("cam1" or "/cam1") → video file. */
  mounts: Record<string, string>;
  /** 0 or undefined: the server picks a free port. */
  port?: number;
  user?: string;
  password?: string;
  /** Python with GStreamer bindings; default ARGUS_TEST_PYTHON or /usr/bin/python3 (Debian's, not pyenv's). */
  python?: string;
  /** How long to wait for READY (clips are loaded, non-H.264 ones transcoded once); default 60 s. */
  readyTimeoutMs?: number;
  /** Where transcoded clips are cached; default the server's own (in the temp dir). */
  cacheDir?: string;
}

export interface TestRtspServer {
  readonly port: number;
  /** rtsp://127.0.0.1:PORT/mount, with the server's credentials in it only when asked. */
  url(mount: string, opts?: { withCredentials?: boolean }): string;
  /** Idempotent: SIGTERM to the process group, SIGKILL after 5 s, resolves once it has exited. */
  stop(): Promise<void>;
  /** stop() then start again on the same port: a camera going down and coming back. */
  restart(): Promise<void>;
  /** The tail of the server's stderr, for assertion messages. */
  logs(): string;
}

type ServerChild = ChildProcessByStdio<null, Readable, Readable>;
interface Running {
  child: ServerChild;
  closed: Promise<void>;
}

const STOP_GRACE_MS = 5_000;
const BIND_RETRIES = 10;
const EXIT_CANNOT_LISTEN = 3;
const LOG_TAIL = 16 * 1024;

const normalizeMount = (mount: string): string => (mount.startsWith('/') ? mount : `/${mount}`);

function killGroup(child: ServerChild, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err; // ESRCH: the group is already gone
  }
}

class ServerHandle implements TestRtspServer {
  private running: Running | null = null;
  private stopping: Promise<void> | null = null;
  private log = '';

  constructor(
    private readonly opts: TestRtspServerOptions,
    public port: number,
  ) {}

  url(mount: string, opts: { withCredentials?: boolean } = {}): string {
    const auth =
      opts.withCredentials === true && this.opts.user !== undefined
        ? `${encodeURIComponent(this.opts.user)}:${encodeURIComponent(this.opts.password ?? '')}@`
        : '';
    return `rtsp://${auth}127.0.0.1:${this.port}${normalizeMount(mount)}`;
  }

  logs(): string {
    return this.log;
  }

  private appendLog(text: string): void {
    this.log = (this.log + text).slice(-LOG_TAIL);
  }

  private args(port: number): string[] {
    const args = [RTSP_TEST_SERVER_SCRIPT, '--host', '127.0.0.1', '--port', String(port)];
    for (const [mount, file] of Object.entries(this.opts.mounts)) args.push('--mount', `${normalizeMount(mount)}=${file}`);
    if (this.opts.user !== undefined) args.push('--user', this.opts.user, '--password', this.opts.password ?? '');
    if (this.opts.cacheDir !== undefined) args.push('--cache-dir', this.opts.cacheDir);
    return args;
  }

  /** Spawns the server once; resolves with the port from its READY line, or rejects with its exit code. */
  private spawnOnce(port: number): Promise<{ port: number } | { exitCode: number | null }> {
    const python = this.opts.python ?? process.env.ARGUS_TEST_PYTHON ?? '/usr/bin/python3';
    const child = spawn(python, this.args(port), { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
    this.running = { child, closed };
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => this.appendLog(chunk));
    const lines = createInterface({ input: child.stdout });
    const timeoutMs = this.opts.readyTimeoutMs ?? 60_000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        killGroup(child, 'SIGKILL');
        reject(new Error(`RTSP test server did not print READY within ${timeoutMs} ms. stderr:\n${this.log}`));
      }, timeoutMs);
      lines.on('line', (line) => {
        const match = /^READY rtsp:\/\/[^\s/]+:(\d+)/.exec(line);
        if (match?.[1] === undefined) return;
        clearTimeout(timer);
        resolve({ port: Number(match[1]) });
      });
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`cannot start the RTSP test server with ${python}: ${err.message}`));
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve({ exitCode: code });
      });
    });
  }

  async start(): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      const outcome = await this.spawnOnce(this.port);
      if ('port' in outcome) {
        this.port = outcome.port;
        this.stopping = null;
        return;
      }
      await this.running?.closed;
      this.running = null;
      // After a restart the old socket may linger for a moment: retry binding the same port briefly.
      if (outcome.exitCode === EXIT_CANNOT_LISTEN && this.port !== 0 && attempt < BIND_RETRIES) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        continue;
      }
      throw new Error(`RTSP test server exited with code ${String(outcome.exitCode)} before READY. stderr:\n${this.log}`);
    }
  }

  stop(): Promise<void> {
    this.stopping ??= this.stopRunning();
    return this.stopping;
  }

  private async stopRunning(): Promise<void> {
    const running = this.running;
    if (running === null) return;
    const { child, closed } = running;
    if (child.exitCode === null && child.signalCode === null) killGroup(child, 'SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), STOP_GRACE_MS);
    });
    const outcome = await Promise.race([closed.then(() => 'closed' as const), grace]);
    clearTimeout(timer);
    if (outcome === 'late') {
      // SIGTERM reached the whole group (server and any ffmpeg transcode it runs); force what is left.
      killGroup(child, 'SIGKILL');
      await closed;
    }
    this.running = null;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }
}

export async function startTestRtspServer(opts: TestRtspServerOptions): Promise<TestRtspServer> {
  if (Object.keys(opts.mounts).length === 0) throw new Error('startTestRtspServer needs at least one mount');
  const handle = new ServerHandle(opts, opts.port ?? 0);
  try {
    await handle.start();
  } catch (err) {
    await handle.stop();
    throw err;
  }
  return handle;
}
