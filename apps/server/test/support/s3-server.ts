import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { access, constants, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

export interface TestS3Server {
  /** `http://127.0.0.1:<port>`; use path-style addressing. */
  endpoint: string;
  bucket: string;
  region: string;
  /**
   * s3rver knows one access key id (S3RVER) and does not verify SigV4 signatures, so the secret is not checked:
   * the helper hands out a random one, which lets tests assert that the secret never leaks into messages.
   */
  accessKeyId: string;
  secretAccessKey: string;
  /**
   * Writes objects straight into s3rver's folder (its on-disk layout: `<bucket>/<key>._S3rver_object`; it derives the
   * ETag, size and time itself). Setup for tests that need thousands of objects: s3rver takes ~5 ms per PutObject.
   */
  seed(objects: Iterable<readonly [key: string, body: Buffer]>): Promise<void>;
  /** Stops the server (kills its process) and removes its folder. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Runs s3rver in a child process. A process of its own because (1) s3rver signs ListObjectsV2 continuation tokens
 * with DES, which Node 17+ only has with --openssl-legacy-provider (without it every truncated listing is a 500),
 * (2) its synchronous directory walks then do not stall the test's event loop, and (3) stopping it is as real as a
 * server going away. The child exits when its stdin closes, so it never outlives the test process.
 */
const RUNNER = `
const [s3rverPath, directory, bucket] = process.argv.slice(1);
const S3rver = require(s3rverPath);
const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
server.run().then(
  (address) => process.stdout.write(JSON.stringify({ port: address.port }) + '\\n'),
  (err) => { console.error(err); process.exit(1); },
);
// Orphaned (the test process died): remove the folder too. A normal stop() removes it after the exit.
const orphaned = () => { require('fs').rmSync(directory, { recursive: true, force: true }); process.exit(0); };
process.stdin.on('end', orphaned);
process.stdin.on('error', orphaned);
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));
`;

const require = createRequire(import.meta.url);

/**
 * A real S3-protocol HTTP server (s3rver 3.x) on 127.0.0.1, on a free port, storing into a fresh temp folder, with one
 * bucket. For adapter tests; not a conformance oracle (see the limitations listed in s3-blob-store.test.ts).
 */
export async function startS3Server(options: { bucket?: string } = {}): Promise<TestS3Server> {
  const bucket = options.bucket ?? 'argus-test';
  const directory = await mkdtemp(path.join(await fastTempRoot(), 'argus-s3rver-'));
  let started: { port: number; child: ReturnType<typeof spawn> };
  try {
    started = await launch(['--openssl-legacy-provider'], directory, bucket).catch((err: Error) =>
      // A Node built without the legacy provider: s3rver still runs, only truncated listings fail.
      /openssl-legacy-provider|bad option/i.test(err.message) ? launch([], directory, bucket) : Promise.reject(err),
    );
  } catch (err) {
    await rm(directory, { recursive: true, force: true });
    throw err;
  }
  const { port, child } = started;
  let stopping: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    region: 'us-east-1',
    accessKeyId: 'S3RVER',
    secretAccessKey: `s3rver-secret-${randomBytes(12).toString('hex')}`,
    seed: async (objects) => {
      const queue = [...objects];
      const made = new Map<string, Promise<unknown>>();
      const writeOne = async ([key, body]: readonly [string, Buffer]): Promise<void> => {
        const parts = key.split('/');
        const name = parts.pop();
        if (!name || parts.some((p) => p === '..' || p === '.' || p === '')) throw new Error(`cannot seed key ${key}`);
        const dir = path.join(directory, bucket, ...parts);
        if (!made.has(dir)) made.set(dir, mkdir(dir, { recursive: true }));
        await made.get(dir);
        const file = path.join(dir, `${name}._S3rver_object`);
        await writeFile(file, body);
        // s3rver computes a missing .md5 lazily, on the first listing, at ~3 ms per object.
        await writeFile(`${file}.md5`, createHash('md5').update(body).digest('hex'));
      };
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          for (let next = queue.shift(); next; next = queue.shift()) await writeOne(next);
        }),
      );
    },
    stop: () => {
      stopping ??= (async () => {
        try {
          await terminate(child);
        } finally {
          await rm(directory, { recursive: true, force: true });
        }
      })();
      return stopping;
    },
  };
}

function launch(flags: string[], directory: string, bucket: string): Promise<{ port: number; child: ReturnType<typeof spawn> }> {
  const child = spawn(process.execPath, [...flags, '-e', RUNNER, require.resolve('s3rver'), directory, bucket], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(new Error('s3rver did not start within 15 s')), 15_000);
    const fail = (error: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', fail);
    child.once('exit', (code, signal) => fail(new Error(`s3rver exited (${code ?? signal}) before it was ready: ${err.trim()}`)));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        // Never keep the test process alive; the child exits on its own when our stdin end closes.
        child.unref();
        for (const s of [child.stdin, child.stdout, child.stderr]) (s as unknown as { unref?: () => void } | null)?.unref?.();
        resolve({ port: (JSON.parse(line) as { port: number }).port, child });
      }
    });
  });
}

function terminate(child: ReturnType<typeof spawn>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** s3rver keeps 2-3 files per object; on tmpfs (/dev/shm) that is several times faster than on a disk-backed /tmp. */
async function fastTempRoot(): Promise<string> {
  try {
    await access('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return os.tmpdir();
  }
}
