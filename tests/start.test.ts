import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findFreePort } from '@argus/media';

const root = path.resolve(import.meta.dirname, '..');
const PASSWORD = 'a-long-admin-password';

function argus(args: string[], env: Record<string, string>) {
  return spawnSync('npx', ['argus', ...args], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
}

function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${seen}`)), timeoutMs);
    const onData = (d: Buffer) => {
      seen += d.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        resolve(seen);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ${pattern}; output:\n${seen}`));
    });
  });
}

describe('the README commands: npx argus and npm start', () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'argus-start-'));
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  it('argus --help lists the commands', () => {
    const r = argus(['--help'], {});
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /setup-admin --user U --password P/);
    assert.equal(argus(['frobnicate'], {}).status, 2);
  });

  it('argus setup-admin creates the first administrator once', () => {
    const env = { ARGUS_DATA_DIR: dataDir };
    assert.equal(argus(['setup-admin', '--user', 'boss'], env).status, 2, 'password is required');
    const ok = argus(['setup-admin', '--user', 'boss', '--password', PASSWORD], env);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /created administrator boss/);
    const again = argus(['setup-admin', '--user', 'other', '--password', PASSWORD], env);
    assert.equal(again.status, 2);
    assert.match(again.stderr, /already exists/);
  });

  it('npm start serves the API, the console and the demo camera, and stops cleanly', async () => {
    const port = await findFreePort();
    const child = spawn('npm', ['start', '--silent'], { cwd: root, env: { ...process.env, ARGUS_DATA_DIR: dataDir, ARGUS_PORT: String(port) }, detached: true });
    try {
      const out = await waitForLine(child, /Argus is running at/, 120_000);
      assert.ok(!/setup/.test(out.split('Argus is running')[1] ?? ''), 'no setup link once an administrator exists');
      const base = `http://127.0.0.1:${port}`;
      assert.equal((await fetch(`${base}/api/health`)).status, 200);
      const page = await fetch(`${base}/`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<div id="root">|<html/i);
      const openapi = (await (await fetch(`${base}/api/openapi.json`)).json()) as { openapi: string };
      assert.match(openapi.openapi, /^3\./);
      const signIn = await fetch(`${base}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'boss', password: PASSWORD }) });
      assert.equal(signIn.status, 200);
      const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
      const cams = (await (await fetch(`${base}/api/cameras`, { headers: { cookie } })).json()) as { items: Array<{ name: string; kind: string; tags: string[]; id: string }> };
      const demo = cams.items.find((c) => c.tags.includes('demo'));
      assert.ok(demo, 'the demo camera is registered on first start');
      assert.equal(demo.kind, 'file');
      const probe = (await (await fetch(`${base}/api/cameras/${demo.id}/probe`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' })).json()) as { ok: boolean };
      assert.equal(probe.ok, true, 'the demo clip is a real, playable video');
      const metrics = await (await fetch(`${base}/metrics`)).text();
      assert.match(metrics, /argus_http_requests_total\{method="GET",route="\/api\/health",status="200"\} 1/);
      assert.match(metrics, /argus_process_cpu_seconds_total/);
      assert.equal((await fetch(`${base}/api/health/live`)).status, 200);
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        let output = '';
        child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
        const exited = new Promise<void>((r) => child.on('exit', () => r()));
        process.kill(-child.pid!, 'SIGTERM');
        await exited;
        assert.match(output, /SIGTERM: stopping Argus/);
        await assert.rejects(fetch(`http://127.0.0.1:${port}/api/health/live`), 'nothing listens any more');
      }
    }
  });

  it('refuses bad configuration and a missing ffmpeg with one clear message', () => {
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], { cwd: root, env: { ...process.env, ARGUS_DATA_DIR: dataDir, ...env }, encoding: 'utf8', timeout: 60_000 });
    const badPort = run({ ARGUS_PORT: '99999', ARGUS_LOG_LEVEL: 'chatty' });
    assert.equal(badPort.status, 2);
    assert.match(badPort.stderr, /server\.port: .*ARGUS_PORT/);
    assert.match(badPort.stderr, /server\.logLevel/);
    const noFfmpeg = run({ ARGUS_FFMPEG_PATH: '/nonexistent/ffmpeg', ARGUS_PORT: '0' });
    assert.equal(noFfmpeg.status, 2);
    assert.match(noFfmpeg.stderr, /ffmpeg\/ffprobe not found.*apt-get install ffmpeg/);
    assert.equal(noFfmpeg.stderr.trim().split('\n').length, 1, 'one line, no stack trace');
  });
});
