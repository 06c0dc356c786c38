/**
 * node --import tsx bench/live/webrtc-cpu.bench.ts — server CPU per WebRTC viewer (werift: RTP packetisation, SRTP,
 * UDP in the server's Node process) against per WebSocket viewer, both measured in this run on the same real RTSP
 * camera (vtest.avi). Viewers run in child processes (not billed). Server CPU = this process's process.cpuUsage();
 * the shared remux ffmpeg is the same for both and left out. Short: LIVE_BENCH_MEASURE_S (8) s per step.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { OPENCV_VTEST_PATH, startTestRtspServer } from '../../packages/media/src/index';
import { startServer } from '../../apps/server/src/boot';

const MEASURE_S = Number(process.env.LIVE_BENCH_MEASURE_S ?? 8);
const VIEWERS = Number(process.env.LIVE_BENCH_WEBRTC_VIEWERS ?? 10);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const rtsp = await startTestRtspServer({ mounts: { vtest: OPENCV_VTEST_PATH } });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'argus-webrtc-bench-'));
  const server = await startServer(
    { env: {}, overrides: { dataDir, 'server.port': 0, 'server.logLevel': 'silent', 'demo.enabled': false, 'recording.enabled': false, 'live.idleGraceSeconds': 60 } },
    { logger: false },
  );
  try {
    await server.container.setup.createFirstAdmin({ username: 'admin', password: 'bench-password-123' });
    const signIn = await fetch(`${server.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'bench-password-123' }) });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    const api = async (method: string, url: string, body?: unknown) => {
      const r = await fetch(server.url + url, { method, headers: { cookie, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      if (r.status >= 300) throw new Error(`${method} ${url}: ${r.status} ${await r.text()}`);
      return r.json();
    };
    const root = await server.container.domains.ensureRoot();
    const cam = await api('POST', '/api/cameras', { domainId: root.id, name: 'Bench', kind: 'rtsp', mainUrl: rtsp.url('vtest') });

    const measure = async (transport: 'mse' | 'webrtc', n: number): Promise<{ cpuPct: number; got: string }> => {
      const urls: string[] = [];
      for (let i = 0; i < n; i += 1) {
        const live = await api('POST', `/api/cameras/${cam.id}/live`, { transport });
        urls.push(transport === 'mse' ? live.wsUrl : live.webrtcUrl);
      }
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, transport === 'mse' ? 'viewers-child.ts' : 'webrtc-viewers-child.ts'), server.url, cookie, ...urls], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      for (let i = 0; i < 300 && !out.includes('ready'); i += 1) await sleep(100);
      await sleep(3000);
      const u0 = process.cpuUsage();
      const w0 = performance.now();
      await sleep(MEASURE_S * 1000);
      const u = process.cpuUsage(u0);
      const wallS = (performance.now() - w0) / 1000;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await sleep(1000);
      return { cpuPct: (100 * (u.user + u.system)) / 1e6 / wallS, got: out.trim().split('\n').pop() ?? '' };
    };
    const ws1 = await measure('mse', 1);
    const wsN = await measure('mse', VIEWERS);
    const rtc1 = await measure('webrtc', 1);
    const rtcN = await measure('webrtc', VIEWERS);
    const per = (a: { cpuPct: number }, b: { cpuPct: number }) => Math.max(0, (b.cpuPct - a.cpuPct) / (VIEWERS - 1));
    console.log(`websocket: 1 viewer ${ws1.cpuPct.toFixed(2)}%, ${VIEWERS} viewers ${wsN.cpuPct.toFixed(2)}% of a core (clients got ${wsN.got})`);
    console.log(`webrtc:    1 viewer ${rtc1.cpuPct.toFixed(2)}%, ${VIEWERS} viewers ${rtcN.cpuPct.toFixed(2)}% of a core (clients got ${rtcN.got})`);
    const wsPer = per(ws1, wsN);
    const rtcPer = per(rtc1, rtcN);
    console.log(`server cpu per viewer (node only): websocket=${wsPer.toFixed(3)}% webrtc=${rtcPer.toFixed(3)}% (ratio ${(rtcPer / Math.max(0.001, wsPer)).toFixed(1)}x)`);
  } finally {
    await server.close();
    await rtsp.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
