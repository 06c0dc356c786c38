/**
 * npm run bench:live — live view cost and latency, all measured in this run (≤ 5 minutes).
 *
 * CPU: a real RTSP test camera (GStreamer serving vtest.avi). Baseline: bare `ffmpeg -c copy` remux of the camera to
 * fragmented MP4 (the same arguments the live remux uses), output discarded. Then the Argus server (in this
 * process) with 1 and with 50 WebSocket viewers (in a child process, not billed): server CPU = this process's
 * process.cpuUsage() + the remux ffmpeg's /proc ticks. Per camera = server with 1 viewer; per viewer = the extra
 * of 50 over 1, divided by 49. Percent of one core.
 *
 * Latency: a clock camera (bench/live/clock-camera.ts) burns its capture time into every frame; headless Debian
 * Chromium plays the stream with MSE (our WebSocket), with hls.js and with WebRTC (H.264 RTP, werift on the server)
 * and reads the time back from each presented frame (requestVideoFrameCallback + canvas): glass-to-glass minus the
 * camera's own encoder, on one machine. That is measured twice: on a camera that is not recorded (live view runs its
 * own remux) and on a recorded one (a second server with recording on: live view is fed by the recorder's ffmpeg, see
 * docs/live.md). LIVE_BENCH_RECORDER=0 skips the second.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { buildLiveRemuxArgs, findMediaTools, OPENCV_VTEST_PATH, resolveMediaTarget, startTestRtspServer } from '../../packages/media/src/index';
import { startServer } from '../../apps/server/src/boot';
import { launchChromium } from '../../tests/e2e/browser';
import { clockTicksPerSecond, findChildren, processTicks } from '../recording/proc-cpu';
import { startClockCamera } from './clock-camera';
import { PAGE_SCRIPT } from './page-probe';

const MEASURE_S = Number(process.env.LIVE_BENCH_MEASURE_S ?? 12);
const VIEWERS = Number(process.env.LIVE_BENCH_VIEWERS ?? 50);
const LATENCY_S = Number(process.env.LIVE_BENCH_LATENCY_S ?? 15);
const RECORDER_PHASE = process.env.LIVE_BENCH_RECORDER !== '0';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (cpuS: number, wallS: number) => (100 * cpuS) / wallS;

function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

type Api = (method: string, url: string, body?: unknown) => Promise<any>;
type Server = Awaited<ReturnType<typeof startServer>>;
type Browser = Awaited<ReturnType<typeof launchChromium>>;
interface Latencies {
  mse: number[];
  hls: number[];
  webrtc: number[];
}

async function signIn(server: Server): Promise<{ cookie: string; api: Api }> {
  await server.container.setup.createFirstAdmin({ username: 'admin', password: 'bench-password-123' });
  const res = await fetch(`${server.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'bench-password-123' }) });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const api: Api = async (method, url, body) => {
    const r = await fetch(server.url + url, { method, headers: { cookie, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (r.status >= 300) throw new Error(`${method} ${url}: ${r.status} ${await r.text()}`);
    return r.json();
  };
  return { cookie, api };
}

/** Glass-to-glass latency of one camera over MSE, HLS and WebRTC; `ingest` is what its live upstream must use. */
async function measureLatency(browser: Browser, url: string, cookie: string, api: Api, camId: string, ingest: 'remux' | 'recorder'): Promise<Latencies> {
  const context = await browser.newContext();
  const u = new URL(url);
  await context.addCookies([{ name: cookie.split('=')[0]!, value: cookie.slice(cookie.indexOf('=') + 1), domain: u.hostname, path: '/' }]);
  const page = await context.newPage();
  await page.goto(`${url}/api/health/live`);
  await page.addScriptTag({ path: createRequire(import.meta.url).resolve('hls.js/dist/hls.min.js') });
  await page.addScriptTag({ content: PAGE_SCRIPT });
  const label = ingest === 'remux' ? '' : ' (recorded camera: fed by the recorder)';
  // warm the upstream up first (ffmpeg probing), so start-up is not counted as latency
  await page.evaluate(async ([ws]) => (window as any).__mse(ws, 1), [(await api('POST', `/api/cameras/${camId}/live`, { transport: 'mse' })).wsUrl]);
  const up = ((await api('GET', '/api/live/stats')).upstreams as any[]).find((x) => x.cameraId === camId);
  if (up?.ingest !== ingest) throw new Error(`the live upstream is fed by ${String(up?.ingest)}, expected ${ingest}`);
  const mse: number[] = await page.evaluate(async ([ws, s]) => (window as any).__mse(ws, s), [(await api('POST', `/api/cameras/${camId}/live`, {})).wsUrl, LATENCY_S] as const);
  console.log(`MSE latency${label}: n=${mse.length} p50=${(quantile(mse, 0.5) / 1000).toFixed(3)} s p95=${(quantile(mse, 0.95) / 1000).toFixed(3)} s`);
  const hlsLive = await api('POST', `/api/cameras/${camId}/live`, { transport: 'hls' });
  const hls: number[] = await page.evaluate(async ([h, s]) => (window as any).__hls(h, s), [hlsLive.hlsUrl, LATENCY_S] as const);
  console.log(`HLS latency${label}: n=${hls.length} p50=${(quantile(hls, 0.5) / 1000).toFixed(3)} s p95=${(quantile(hls, 0.95) / 1000).toFixed(3)} s`);
  let webrtc: number[] = [];
  try {
    const rtcLive = await api('POST', `/api/cameras/${camId}/live`, { transport: 'webrtc' });
    webrtc = await page.evaluate(async ([w, s]) => (window as any).__webrtc(w, s), [rtcLive.webrtcUrl, LATENCY_S] as const);
    console.log(`WebRTC latency${label}: n=${webrtc.length} p50=${(quantile(webrtc, 0.5) / 1000).toFixed(3)} s p95=${(quantile(webrtc, 0.95) / 1000).toFixed(3)} s`);
  } catch (err) {
    console.log(`WebRTC latency${label}: failed: ${(err as Error).message.split('\n')[0]}`);
  }
  await context.close();
  return { mse, hls, webrtc };
}

async function main(): Promise<void> {
  const tools = await findMediaTools();
  const hz = await clockTicksPerSecond();
  const rtsp = await startTestRtspServer({ mounts: { vtest: OPENCV_VTEST_PATH } });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'argus-live-bench-'));
  const cleanup: Array<() => Promise<unknown>> = [() => rtsp.stop(), () => rm(dataDir, { recursive: true, force: true })];
  try {
    // ---- baseline: bare ffmpeg remux of the same camera ----
    const target = resolveMediaTarget(rtsp.url('vtest'));
    if (!target.ok) throw new Error(target.message);
    const bare = spawn(tools.ffmpeg, buildLiveRemuxArgs({ target: target.target, fragmentMs: 100, ioTimeoutMs: 10_000, loopFiles: true }), { stdio: ['ignore', 'pipe', 'ignore'] });
    let bareBytes = 0;
    bare.stdout.on('data', (c: Buffer) => (bareBytes += c.length));
    await sleep(3000);
    const b0 = (await processTicks(bare.pid!)) ?? 0;
    const bw0 = performance.now();
    await sleep(MEASURE_S * 1000);
    const bareCpu = pct(((await processTicks(bare.pid!)) ?? 0) - b0, ((performance.now() - bw0) / 1000) * hz);
    bare.kill('SIGTERM');
    console.log(`baseline bare ffmpeg -c copy remux: ${bareCpu.toFixed(2)}% of a core (${(bareBytes / 1e6).toFixed(1)} MB out)`);

    // ---- the server ----
    const server = await startServer(
      { env: {}, overrides: { dataDir, 'server.port': 0, 'server.logLevel': 'silent', 'demo.enabled': false, 'recording.enabled': false, 'live.idleGraceSeconds': 60 } },
      { logger: false },
    );
    cleanup.unshift(() => server.close());
    const { cookie, api } = await signIn(server);
    const root = await server.container.domains.ensureRoot();
    const cam = await api('POST', '/api/cameras', { domainId: root.id, name: 'Bench', kind: 'rtsp', mainUrl: rtsp.url('vtest') });

    const measureServer = async (n: number): Promise<{ cpu: number; received: string; upstreams: number }> => {
      const paths: string[] = [];
      for (let i = 0; i < n; i += 1) paths.push((await api('POST', `/api/cameras/${cam.id}/live`, {})).wsUrl);
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'viewers-child.ts'), server.url, cookie, ...paths], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      await sleep(4000);
      const remux = await findChildren(process.pid, 'frag_duration');
      const u0 = process.cpuUsage();
      const f0 = (await processTicks(remux[0] ?? -1)) ?? 0;
      const w0 = performance.now();
      await sleep(MEASURE_S * 1000);
      const wallS = (performance.now() - w0) / 1000;
      const u = process.cpuUsage(u0);
      const f1 = (await processTicks(remux[0] ?? -1)) ?? 0;
      const stats = await api('GET', '/api/live/stats');
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      const cpu = pct((u.user + u.system) / 1e6, wallS) + pct((f1 - f0) / hz, wallS);
      return { cpu, received: out.trim().split('\n').pop() ?? '', upstreams: stats.upstreams.length };
    };
    const one = await measureServer(1);
    console.log(`server, 1 viewer: ${one.cpu.toFixed(2)}% of a core (node + remux ffmpeg), upstreams=${one.upstreams}, client got ${one.received}`);
    const many = await measureServer(VIEWERS);
    console.log(`server, ${VIEWERS} viewers: ${many.cpu.toFixed(2)}% of a core, upstreams=${many.upstreams}, clients got ${many.received}`);
    const perViewer = Math.max(0, (many.cpu - one.cpu) / (VIEWERS - 1));
    console.log(`cpu per live camera: ${one.cpu.toFixed(2)}% (bare ffmpeg remux: ${bareCpu.toFixed(2)}%, ratio ${(one.cpu / Math.max(0.01, bareCpu)).toFixed(2)}x); cpu per viewer: ${perViewer.toFixed(3)}%`);

    // ---- latency in Chromium ----
    const clockCam = await startClockCamera(tools.ffmpeg);
    cleanup.unshift(() => clockCam.close());
    const browser = await launchChromium();
    cleanup.unshift(() => browser.close());
    const ccam = await api('POST', '/api/cameras', { domainId: root.id, name: 'Clock', kind: 'http', mainUrl: clockCam.url });
    const remuxed = await measureLatency(browser, server.url, cookie, api, ccam.id, 'remux');
    const fmt = (xs: number[]) => (xs.length ? (quantile(xs, 0.95) / 1000).toFixed(2) : 'n/a');
    let recorded: Latencies | null = null;
    if (RECORDER_PHASE) {
      // A second server that records the clock camera: its live view is fed by the recorder's ffmpeg.
      const recDir = await mkdtemp(path.join(os.tmpdir(), 'argus-live-bench-rec-'));
      cleanup.unshift(() => rm(recDir, { recursive: true, force: true }));
      const rec = await startServer(
        { env: {}, overrides: { dataDir: recDir, 'server.port': 0, 'server.logLevel': 'silent', 'demo.enabled': false, 'recording.enabled': true, 'live.idleGraceSeconds': 60 } },
        { logger: false },
      );
      cleanup.unshift(() => rec.close());
      const r = await signIn(rec);
      const rroot = await rec.container.domains.ensureRoot();
      const rcam = await r.api('POST', '/api/cameras', { domainId: rroot.id, name: 'Clock', kind: 'http', mainUrl: clockCam.url });
      const t0 = Date.now();
      while ((await r.api('GET', `/api/cameras/${rcam.id}/recording-state`)).state?.status !== 'recording') {
        if (Date.now() - t0 > 30_000) throw new Error('the clock camera did not start recording');
        await sleep(250);
      }
      recorded = await measureLatency(browser, rec.url, r.cookie, r.api, rcam.id, 'recorder');
    }
    console.log(`live latency p95: mse=${fmt(remuxed.mse)}s hls=${fmt(remuxed.hls)}s webrtc=${fmt(remuxed.webrtc)}s` +
      (recorded ? `; recorded camera: mse=${fmt(recorded.mse)}s hls=${fmt(recorded.hls)}s webrtc=${fmt(recorded.webrtc)}s` : '') +
      `; cpu per viewer: ${perViewer.toFixed(3)}%`);
  } finally {
    for (const c of cleanup) await c().catch((err: unknown) => console.error(`cleanup: ${(err as Error).message}`));
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
