import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findFreePort, REPO_ROOT, requireSharedFile, runProcess, startTestRtspServer, type TestRtspServer } from '@argus/media';
import { openDb } from '../src/adapters/db';
import { SegmentIndexRepo } from '../src/features/recordings/segment-index.repo';
import { decodesCleanly, eventually } from './support/recording/http';

const CLIP = 'videos/intel_one-by-one-person-detection.mp4';
const PASSWORD = 'crash-test-password';

/**
 * kill -9 of the server while it records, then a restart on the same data folder: every indexed segment plays,
 * the index and the blob store hold the same segments, nothing broken is indexed, recording goes on.
 */
describe('recording survives kill -9 of the server', () => {
  let rtsp: TestRtspServer | undefined;
  let dataDir: string;
  let child: ChildProcess | null = null;
  let base: string;
  const env = () => ({
    ...process.env,
    ARGUS_DATA_DIR: dataDir,
    ARGUS_DEMO: 'false',
    ARGUS_LOG_LEVEL: 'warn',
    ARGUS_RECORDING_SEGMENT_SECONDS: '2',
  });

  async function startServer(port: number): Promise<ChildProcess> {
    const c = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'apps/server/src/main.ts')], {
      cwd: REPO_ROOT,
      env: { ...env(), ARGUS_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    c.stdout?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-8000)));
    c.stderr?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-8000)));
    base = `http://127.0.0.1:${port}`;
    await eventually(`the server on ${port} (output: ${out})`, async () => (await fetch(`${base}/api/health/live`)).status === 200, 60_000, 200);
    return c;
  }

  const signIn = async () => {
    const r = await fetch(`${base}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) });
    return (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  };
  const api = async (cookie: string, method: string, url: string, body?: unknown) => {
    const r = await fetch(`${base}${url}`, { method, headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    return { status: r.status, body: await r.json() };
  };

  before(async (ctx) => {
    const clip = requireSharedFile(CLIP, ctx as never);
    if (!clip) return;
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'argus-crash-'));
    rtsp = await startTestRtspServer({ mounts: { yard: clip } });
    const setup = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'apps/server/src/cli/argus.ts'), 'setup-admin', '--user', 'admin', '--password', PASSWORD], { cwd: REPO_ROOT, env: env(), encoding: 'utf8' });
    assert.equal(setup.status, 0, setup.stderr);
  });
  after(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child?.once('exit', r));
    }
    await rtsp?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('indexes only sound segments after a crash, and keeps recording', async (ctx) => {
    if (!rtsp) return ctx.skip('no clip');
    child = await startServer(await findFreePort());
    let cookie = await signIn();
    const cam = await api(cookie, 'POST', '/api/cameras', { domainId: (await api(cookie, 'GET', '/api/domains')).body[0].id, name: 'Yard', kind: 'rtsp', mainUrl: rtsp.url('yard') });
    assert.equal(cam.status, 201, JSON.stringify(cam.body));
    const cameraId: string = cam.body.id;
    const segmentsNow = async () => {
      const r = await api(cookie, 'GET', `/api/cameras/${cameraId}/recordings?from=${Date.now() - 3_600_000}&to=${Date.now() + 60_000}`);
      return r.status === 200 ? (r.body.segments as number) : 0;
    };
    await eventually('4 segments before the crash', async () => (await segmentsNow()) >= 4, 40_000, 250);
    // Kill in the middle of a segment: ffmpeg is writing one, and maybe one waits for the hand-over.
    await new Promise((r) => setTimeout(r, 900));
    const before = await segmentsNow();
    child.kill('SIGKILL');
    await new Promise((r) => child?.once('exit', r));

    child = await startServer(await findFreePort());
    cookie = await signIn();
    await eventually('recording to continue after the restart', async () => (await segmentsNow()) >= before + 3, 40_000, 250);
    const state = await api(cookie, 'GET', `/api/cameras/${cameraId}/recording-state`);
    assert.equal(state.body.state.status, 'recording');
    const newest = state.body.lastSegmentEndMs as number;
    const pl = `${base}/api/cameras/${cameraId}/playback.m3u8?from=${newest - 3_600_000}&to=${newest}`;
    const played = await decodesCleanly(pl, cookie);
    assert.ok(played.ok, played.stderr);

    child.kill('SIGTERM');
    await new Promise((r) => child?.once('exit', r));
    child = null;
    assert.deepEqual(spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).stdout.split('\n').filter((l) => l.includes('ffmpeg') && l.includes(dataDir)), [], 'no ffmpeg left');

    // Index and blob store agree, and every indexed segment is sound.
    const db = await openDb({ url: '', dataDir });
    try {
      const idx = new SegmentIndexRepo(db.kysely);
      const segments = await idx.overlapping(cameraId, 0, Date.now() + 86_400_000);
      const blobRoot = path.join(dataDir, 'blobs');
      const listed = spawnSync('find', [path.join(blobRoot, 'rec', cameraId), '-type', 'f', '-name', '*.mp4'], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean);
      assert.deepEqual(listed.map((f) => path.relative(blobRoot, f)).sort(), segments.map((s) => s.storageKey).sort(), 'the blob store holds exactly the indexed segments');
      const sessions = new Set(segments.map((s) => s.sessionId));
      assert.ok(sessions.size >= 2, 'a session before and one after the crash');
      let recovered = 0;
      for (const s of segments) {
        const bytes = await readFile(path.join(blobRoot, s.storageKey));
        assert.equal(bytes.length, s.sizeBytes, s.storageKey);
        assert.equal(createHash('sha256').update(bytes).digest('hex'), s.sha256, s.storageKey);
        const probe = await runProcess('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path.join(blobRoot, s.storageKey)], { timeoutMs: 20_000 });
        assert.equal(probe.exitCode, 0, `${s.storageKey}: ${probe.stderr}`);
        assert.ok(Number(probe.stdout) > 0, `${s.storageKey} has a duration`);
        if (s.recovered) recovered++;
      }
      console.log(`crash: ${segments.length} segments in ${sessions.size} sessions, ${recovered} recovered after kill -9, all play and match the store`);
      assert.equal(spawnSync('find', [path.join(dataDir, 'recording-work'), '-name', '*.mp4'], { encoding: 'utf8' }).stdout.trim(), '', 'nothing left behind in the work folder');
    } finally {
      await db.close();
    }
  });
});
