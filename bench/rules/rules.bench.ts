/**
 * `npm run bench:rules`: 8 analysed cameras (RTSP test cameras over vtest.avi, real time) on a real Argus server
 * (SQLite, the real event center), each with an intrusion task over the whole picture. The cameras are added first and
 * the tasks once all of them record (as on a site, where cameras run long before a task is set up); the run then
 * includes the tasks' own start-up (decoders, model, warm-up, first inferences). Measures the event latency
 * from frame capture (`capturedAtMs`: for live jobs on the shared stream, the arrival of the fragment holding the
 * frame) to `EventSink.publish` resolved (the event is stored), p50/p95 over every event published during the run,
 * and p95 after the first 30 s. Last line: `event latency p95: <s>s with <n> cameras`.
 * ARGUS_BENCH_CAMERAS (default 8), ARGUS_BENCH_SECONDS (default 60), ARGUS_BENCH_FPS (default 3).
 */
import { startTestRtspServer } from '@argus/media';
import { startTestServer } from '../../apps/server/test/support/harness';
import type { TasksModule } from '../../apps/server/src/features/tasks/tasks.module';

const VTEST = '/usr/share/doc/opencv-doc/examples/data/vtest.avi';
const CAMERAS = Number(process.env.ARGUS_BENCH_CAMERAS ?? 8);
const SECONDS = Number(process.env.ARGUS_BENCH_SECONDS ?? 60);
const FPS = Number(process.env.ARGUS_BENCH_FPS ?? 3);
const WARM_S = 30;
const RULES = {
  zones: [{ name: 'all', polygon: [[0.01, 0.01], [0.99, 0.01], [0.99, 0.99], [0.01, 0.99]] }],
  lines: [],
  rules: [{ type: 'intrusion', zone: 'all', classes: ['person'], minSeconds: 0 }],
};

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const mounts = Object.fromEntries(Array.from({ length: CAMERAS }, (_, i) => [`/cam${i}`, VTEST]));
const rtsp = await startTestRtspServer({ mounts });
const t = await startTestServer();
try {
  const tasks = t.server.container.modules.find((m) => m.name === 'tasks') as TasksModule;
  const d = (await t.admin.post<{ id: string }>('/api/domains', { parentId: t.rootDomainId, name: 'bench' })).body;
  // The cameras first, as on a real site: they are recording (and so feed the live upstream) before any task starts.
  const cameraIds: string[] = [];
  for (let i = 0; i < CAMERAS; i++) {
    cameraIds.push((await t.admin.post<{ id: string }>('/api/cameras', { domainId: d.id, name: `cam${i}`, kind: 'rtsp', mainUrl: rtsp.url(`/cam${i}`) })).body.id);
  }
  const recordingSince = Date.now();
  for (;;) {
    const states = await Promise.all(cameraIds.map(async (id) => (await t.admin.get<{ state: { status: string } }>(`/api/cameras/${id}/recording-state`)).body.state.status));
    if (states.every((st) => st === 'recording')) break;
    if (Date.now() - recordingSince > 60_000) throw new Error(`cameras not recording after 60 s: ${states.join(', ')}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  console.log(`${CAMERAS} cameras recording after ${((Date.now() - recordingSince) / 1000).toFixed(1)}s; starting the tasks`);
  for (const [i, id] of cameraIds.entries()) {
    const r = await t.admin.post('/api/tasks', { name: `intrusion ${i}`, cameraIds: [id], rules: RULES, params: { fps: FPS } });
    if (r.status !== 201) throw new Error(`task ${i}: ${r.status} ${r.text}`);
  }
  const started = Date.now();
  let seen = 0;
  let atWarm: number | null = null;
  while (Date.now() - started < SECONDS * 1000) {
    await new Promise((r) => setTimeout(r, 10_000));
    const s = tasks.runtime.publisher.stats();
    const img = tasks.runtime.images.stats();
    const degraded = tasks.runtime.allJobs().filter((j) => j.currentStride > 1).length;
    const fresh = s.latenciesMs.slice(0, Math.max(0, Math.min(s.latenciesMs.length, s.published - seen))).sort((a, b) => a - b);
    seen = s.published;
    if (atWarm === null && Date.now() - started >= WARM_S * 1000) atWarm = s.published;
    const encode = [...img.encodeMs].sort((a, b) => a - b);
    console.log(`t=${Math.round((Date.now() - started) / 1000)}s published=${s.published} failed=${s.failed} dropped=${s.dropped} queued=${s.queued} degradedJobs=${degraded} ` +
      `window p95=${(quantile(fresh, 0.95) / 1000).toFixed(3)}s images written=${img.written} dropped=${img.dropped} failed=${img.failed} encode p50=${quantile(encode, 0.5).toFixed(0)}ms`);
  }
  const s = tasks.runtime.publisher.stats();
  const lat = [...s.latenciesMs].sort((a, b) => a - b);
  const running = tasks.runtime.allJobs().map((j) => j.status(true, FPS));
  console.log(`cameras=${CAMERAS} fps=${FPS} events=${s.published} failed=${s.failed} dropped=${s.dropped} running=${running.filter((x) => x.state === 'running' || x.state === 'degraded').length} degraded=${running.filter((x) => x.state === 'degraded').length}`);
  console.log(`inference p95 per job (ms): ${running.map((x) => x.inferenceP95Ms?.toFixed(0) ?? '-').join(' ')}`);
  const warm = s.latenciesMs.slice(0, Math.max(0, s.published - (atWarm ?? s.published))).sort((a, b) => a - b);
  console.log(`event latency p95 after the first ${WARM_S}s (start-up: decoders, model, first inferences): ${(quantile(warm, 0.95) / 1000).toFixed(3)}s over ${warm.length} events`);
  const fired = [...s.firedLagsMs].sort((a, b) => a - b);
  console.log(`analysis part (capture → firing): p50 ${(quantile(fired, 0.5) / 1000).toFixed(3)}s p95 ${(quantile(fired, 0.95) / 1000).toFixed(3)}s; the rest is the publish`);
  console.log(`event latency p50: ${(quantile(lat, 0.5) / 1000).toFixed(3)}s over ${lat.length} events`);
  console.log(`event latency p95: ${(quantile(lat, 0.95) / 1000).toFixed(3)}s with ${CAMERAS} cameras`);
} finally {
  await t.close();
  await rtsp.stop();
}
