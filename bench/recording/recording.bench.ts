/**
 * Recording benchmark (≤ 5 minutes): `node --import tsx bench/recording/recording.bench.ts`
 *
 * Real RTSP cameras (tools/rtsp-test-server, GStreamer; several processes, ≤ 16 clients each) serve a 1080p H.264
 * clip (cut from intel_worker-zone-detection_10s.mp4: 12 fps, a key frame every second) to every client. Where
 * there are two CPUs, the camera servers are pinned to CPU 0 and this process (SourceRecorders, and every ffmpeg it
 * starts) to CPU 1, so "one core" is literally one core.
 *
 * 1. Overhead: N SourceRecorders and N bare `ffmpeg -c copy -f segment` processes (the same fragmented-MP4 muxer
 *    options, no supervision, no progress pipe) record the cameras at the same time over the same window. CPU time
 *    of each ffmpeg from /proc/<pid>/stat (utime+stime); the Node side from process.cpuUsage() (all threads).
 * 2. Streams per core: N recorders for N = 16, 32, 64, … until a segment is lost (a sequence gap, a restart or a
 *    wall-clock gap in the window) or the recording core is ≥ 90 % busy (ffmpegs + the whole Node process); the
 *    answer is the largest N with zero lost segments.
 * The recorder's own Node cost is the slope of this process's CPU against the number of recorders (least squares
 * over every level): the intercept is the runtime idling (node + tsx), there whether anything records or not.
 * overhead = (recorder's ffmpeg + Node slope) / bare ffmpeg, per stream; the ratio with all of Node's CPU at the
 * overhead level is printed too. "lost segments" counts the windows behind both figures.
 * The last line is `recording overhead: <ratio>x bare ffmpeg copy; streams per core: <n>; lost segments: <n>`.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, unlink } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { findMediaTools, type MediaTools } from '../../packages/media/src/media-tools';
import { segmentFormatOptions } from '../../packages/media/src/recording/ffmpeg-args';
import { SourceRecorder } from '../../packages/media/src/recording/source-recorder';
import { cachedClip } from '../../packages/media/src/recording/test-support';
import type { ClosedSegment } from '../../packages/media/src/recording/types';
import { startTestRtspServer, type TestRtspServer } from '../../packages/media/src/testing/rtsp-test-server';
import { sharedDatasetsDir } from '../../packages/media/src/testing/shared-data';
import { countLostSegments } from './lost-segments';
import { clockTicksPerSecond, findChildren, pin, ticksOf } from './proc-cpu';

const SEGMENT_SECONDS = 2;
const FPS = 12;
const OVERHEAD_STREAMS = Number(process.env.BENCH_OVERHEAD_STREAMS ?? 8);
const OVERHEAD_WINDOW_S = Number(process.env.BENCH_OVERHEAD_WINDOW_S ?? 30);
const RAMP = (process.env.BENCH_RAMP ?? '16,32,64,96,128').split(',').map(Number);
/** One GStreamer camera process serves at most this many clients (beyond ~50 it stalls sessions by itself). */
const CLIENTS_PER_CAMERA = 16;
const CAMERAS = Math.ceil(Math.max(OVERHEAD_STREAMS * 2, ...RAMP) / CLIENTS_PER_CAMERA);
const RAMP_WINDOW_S = Number(process.env.BENCH_RAMP_WINDOW_S ?? 16);
const BUDGET_MS = Number(process.env.BENCH_BUDGET_S ?? 285) * 1000;
const started = Date.now();

const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cpuSeconds = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1e6;
const pct = (cores: number): string => `${(cores * 100).toFixed(2)} %`;

interface RecorderHandle {
  recorder: SourceRecorder;
  segments: ClosedSegment[];
}

/** Starts `count` recorders, 50 ms apart (the GStreamer test camera stalls some sessions when dozens connect at once). */
async function startRecorders(tools: MediaTools, url: (i: number) => string, dir: string, count: number, tag: string): Promise<RecorderHandle[]> {
  const handles: RecorderHandle[] = [];
  for (let i = 0; i < count; i += 1) {
    const segments: ClosedSegment[] = [];
    const recorder = new SourceRecorder(
      {
        sourceId: `${tag}-${i}`,
        input: { url: url(i) },
        workDir: path.join(dir, `${tag}-${i}`),
        segmentSeconds: SEGMENT_SECONDS,
        stallTimeoutSeconds: 5,
        backoff: { initialMs: 500, maxMs: 5000 },
        loopFiles: false,
        async onSegment(segment) {
          segments.push(segment);
          await unlink(segment.file); // the consumer took it
        },
      },
      { tools, killGraceMs: 5000 },
    );
    recorder.start();
    handles.push({ recorder, segments });
    await sleep(50);
  }
  return handles;
}

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

interface BareHandle {
  pid: number;
  exited: Promise<void>;
  stop(): Promise<void>;
}

/** The baseline: ffmpeg alone, stream copy into the same fragmented-MP4 segments, no supervision. */
function startBare(tools: MediaTools, url: string, dir: string): BareHandle {
  const args = [
    '-nostdin', '-hide_banner', '-nostats', '-loglevel', 'error',
    '-rtsp_transport', 'tcp', '-i', url,
    '-map', '0:v:0', '-c', 'copy',
    '-f', 'segment', '-segment_time', String(SEGMENT_SECONDS), '-segment_wrap', '4',
    '-segment_format', 'mp4', '-segment_format_options', segmentFormatOptions(),
    path.join(dir, 'bare-%02d.mp4'),
  ];
  const child = spawn(tools.ffmpeg, args, { stdio: 'ignore', detached: true });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const pid = child.pid!;
  return {
    pid,
    exited,
    async stop() {
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function recorderPids(handles: RecorderHandle[]): Promise<number[]> {
  return handles.map((h) => h.recorder.stats().pid).filter((p): p is number => p !== null);
}

interface OverheadResult {
  n: number;
  /** CPU (cores) per stream. */
  bareFfmpeg: number;
  recorderFfmpeg: number;
  /** This whole Node process (cores), recorders and runtime. */
  node: number;
  segments: number;
  lost: number;
}

async function overheadPhase(tools: MediaTools, url: (i: number) => string, dir: string, hz: number): Promise<OverheadResult> {
  const n = OVERHEAD_STREAMS;
  log(`\n# Overhead: ${n} SourceRecorders and ${n} bare ffmpeg copies of the 1080p camera, ${OVERHEAD_WINDOW_S} s window`);
  const bareDirs = await Promise.all(Array.from({ length: n }, async (_, i) => {
    const d = path.join(dir, `bare-${i}`);
    await mkdir(d, { recursive: true });
    return d;
  }));
  const bare = bareDirs.map((d, i) => startBare(tools, url(n + i), d));
  const recs = await startRecorders(tools, url, dir, n, 'ovh');
  const ready = await waitUntil(() => recs.every((r) => r.segments.length >= 1), 30_000);
  if (!ready) log('warning: not every recorder produced a segment during warm-up');
  await sleep(2000); // past the first segments' start-up work
  const recPids = await recorderPids(recs);
  const barePids = bare.map((b) => b.pid);
  const t0 = { rec: await ticksOf(recPids), bare: await ticksOf(barePids), node: process.cpuUsage(), wall: performance.now() };
  const segsBefore = recs.map((r) => r.segments.length);
  const sessionsBefore = recs.map((r) => r.recorder.stats().sessions);
  await sleep(OVERHEAD_WINDOW_S * 1000);
  const t1 = { rec: await ticksOf(recPids), bare: await ticksOf(barePids), node: process.cpuUsage(t0.node), wall: performance.now() };
  const wallS = (t1.wall - t0.wall) / 1000;
  const segments = recs.reduce((sum, r, i) => sum + r.segments.length - segsBefore[i]!, 0);
  const restarts = recs.reduce((sum, r, i) => sum + r.recorder.stats().sessions - sessionsBefore[i]!, 0);
  await Promise.all([...recs.map((r) => r.recorder.close()), ...bare.map((b) => b.stop())]);
  const lost = recs.reduce((sum, r) => sum + countLostSegments(r.segments, 1000 / FPS).lost, 0) + restarts;
  const result: OverheadResult = {
    n,
    bareFfmpeg: (t1.bare.ticks - t0.bare.ticks) / hz / wallS / n,
    recorderFfmpeg: (t1.rec.ticks - t0.rec.ticks) / hz / wallS / n,
    node: cpuSeconds(t1.node) / wallS,
    segments,
    lost,
  };
  log(`bare ffmpeg copy:        ${pct(result.bareFfmpeg)} of a core per stream`);
  log(`recorders' ffmpeg:       ${pct(result.recorderFfmpeg)} of a core per stream`);
  log(`this Node process:       ${pct(result.node)} of a core in all (runtime + ${n} recorders: ${segments} segments read, hashed, parsed, handed over)`);
  log(`processes gone during the window: ${t1.rec.gone + t1.bare.gone}; lost segments: ${lost}`);
  return result;
}

interface RampResult {
  n: number;
  lost: number;
  /** Cores: the recorders' ffmpegs, and this whole Node process. */
  ffmpeg: number;
  node: number;
  coreBusy: number;
  cameraBusy: number;
  segments: number;
  ok: boolean;
}

async function rampLevel(tools: MediaTools, url: (i: number) => string, cameraPids: number[], dir: string, n: number, hz: number): Promise<RampResult> {
  const recs = await startRecorders(tools, url, dir, n, `n${n}`);
  // Start-up is not measured (a session the test camera stalls at connect is restarted after stallTimeoutSeconds);
  // a recorder still without a segment then shows up as not covering the window.
  await waitUntil(() => recs.every((r) => r.segments.length >= 1), 40_000);
  await sleep(2000);
  const pids = await recorderPids(recs);
  const sessionsBefore = recs.map((r) => r.recorder.stats().sessions);
  const t0 = { rec: await ticksOf(pids), node: process.cpuUsage(), cam: await ticksOf(cameraPids), wall: performance.now() };
  const from = Date.now();
  await sleep(RAMP_WINDOW_S * 1000);
  const to = Date.now();
  const t1 = { rec: await ticksOf(pids), node: process.cpuUsage(t0.node), cam: await ticksOf(cameraPids), wall: performance.now() };
  await Promise.all(recs.map((r) => r.recorder.close()));
  const wallS = (t1.wall - t0.wall) / 1000;
  const ffmpeg = (t1.rec.ticks - t0.rec.ticks) / hz / wallS;
  const node = cpuSeconds(t1.node) / wallS;
  // Everything on the recording core: the ffmpegs and the whole Node process (idle runtime included).
  const coreBusy = ffmpeg + node;
  const cameraBusy = cameraPids.length === 0 ? NaN : (t1.cam.ticks - t0.cam.ticks) / hz / wallS;
  let lost = 0;
  let segments = 0;
  const why: string[] = [];
  for (const [i, r] of recs.entries()) {
    // Segments that overlap the window: gapless sequence, one run, no wall-clock gap, and they cover the window.
    const inWindow = r.segments.filter((s) => s.startMs + s.durationMs > from && s.startMs < to);
    const report = countLostSegments(inWindow, 1000 / FPS);
    segments += report.segments;
    lost += report.lost;
    if (report.lost > 0) why.push(`#${i}: ${report.lost} lost in window (restarts ${report.restarts}, largest gap ${report.maxGapMs} ms)`);
    const covered = inWindow.length === 0 ? 0 : Math.min(to, inWindow.at(-1)!.startMs + inWindow.at(-1)!.durationMs) - Math.max(from, inWindow[0]!.startMs);
    if (covered < (to - from) - 2 * SEGMENT_SECONDS * 1000) {
      lost += 1;
      why.push(`#${i}: covers ${covered} ms of the ${to - from} ms window`);
    }
    const stats = r.recorder.stats();
    const restarts = stats.sessions - sessionsBefore[i]!;
    if (restarts > 0 && report.restarts === 0) {
      lost += restarts;
      why.push(`#${i}: ${restarts} restart(s) in the window, last failure: ${stats.lastFailure ?? '-'}`);
    }
  }
  if (why.length > 0) log(`  ${why.slice(0, 6).join('\n  ')}${why.length > 6 ? `\n  … ${why.length - 6} more` : ''}`);
  const ok = lost === 0 && coreBusy < 0.9;
  log(`N=${String(n).padStart(3)}: recording core ${pct(coreBusy)} busy (ffmpeg ${pct(ffmpeg)}, Node ${pct(node)}), ` +
    `camera servers ${pct(cameraBusy)}, ${segments} segments in window, lost ${lost}${ok ? '' : '  ← limit'}`);
  return { n, lost, ffmpeg, node, coreBusy, cameraBusy, segments, ok };
}

/** Least-squares line y = a + b·x. */
function fitLine(points: { x: number; y: number }[]): { a: number; b: number } {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  const b = sxx === 0 ? 0 : points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / sxx;
  return { a: my - b * mx, b };
}

async function main(): Promise<void> {
  const tools = await findMediaTools();
  const hz = await clockTicksPerSecond();
  const source = path.join(sharedDatasetsDir(), 'videos/intel_worker-zone-detection_10s.mp4');
  log(`# Recording benchmark — ffmpeg ${tools.version}, ${availableParallelism()} CPUs, Node ${process.version}`);
  const clip = await cachedClip(tools, { source, seconds: 10, fps: FPS, audio: false });
  log(`camera clip: ${clip} (1920x1080 H.264, ${FPS} fps, key frame every second)`);
  const dir = await mkdtemp(path.join(tmpdir(), 'argus-recording-bench-'));
  const cameras: TestRtspServer[] = await Promise.all(Array.from({ length: CAMERAS }, () => startTestRtspServer({ mounts: { cam: clip } })));
  const url = (i: number): string => cameras[i % cameras.length]!.url('cam');
  let pinned = false;
  const cameraPids = await findChildren(process.pid, 'rtsp-test-server/server.py');
  if (availableParallelism() >= 2 && cameraPids.length === cameras.length) {
    pinned = (await Promise.all(cameraPids.map((pid) => pin(pid, 0)))).every(Boolean) && (await pin(process.pid, 1));
  }
  log(`${cameras.length} camera server processes (≤ ${CLIENTS_PER_CAMERA} clients each)`);
  log(pinned ? 'pinned: camera servers → CPU 0; this process and its ffmpegs → CPU 1' : 'not pinned (one CPU or no taskset): figures are shares of the machine');
  let ratio = NaN;
  let streamsPerCore = 0;
  let lost = 0;
  try {
    const overhead = await overheadPhase(tools, url, dir, hz);
    lost += overhead.lost;
    log(`\n# Streams per core: ${RAMP_WINDOW_S} s window per level, ${SEGMENT_SECONDS} s segments`);
    const points = [{ x: overhead.n, y: overhead.node }];
    let limit: RampResult | null = null;
    let last: RampResult | null = null;
    for (const n of RAMP) {
      const remaining = BUDGET_MS - (Date.now() - started);
      if (remaining < (RAMP_WINDOW_S + 30) * 1000) {
        log(`N=${n}: skipped (time budget)`);
        break;
      }
      const result = await rampLevel(tools, url, cameraPids, dir, n, hz);
      if (!result.ok) {
        limit = result; // this level does not count: the answer is the previous one
        break;
      }
      last = result;
      streamsPerCore = n;
      lost += result.lost;
      points.push({ x: n, y: result.node });
    }
    // The Node process's CPU grows linearly with the number of recorders; its intercept is the runtime idling
    // (node + tsx), which is there whether anything records or not. The slope is the recorder's own cost.
    const fit = fitLine(points);
    ratio = (overhead.recorderFfmpeg + fit.b) / overhead.bareFfmpeg;
    log(`\nNode process CPU = ${pct(fit.a)} + ${pct(fit.b)} per recorder (least squares over N = ${points.map((p) => p.x).join(', ')})`);
    log(`per 1080p stream: bare ffmpeg ${pct(overhead.bareFfmpeg)}, recorder ${pct(overhead.recorderFfmpeg)} ffmpeg + ${pct(fit.b)} Node ` +
      `= ${ratio.toFixed(3)}x; with all of Node's CPU at N=${overhead.n}: ${((overhead.recorderFfmpeg + overhead.node / overhead.n) / overhead.bareFfmpeg).toFixed(3)}x`);
    if (last !== null) {
      const perStream = last.coreBusy / last.n;
      log(`at N=${last.n} the recording core was ${pct(last.coreBusy)} busy: by CPU alone one core would take about ${Math.floor(0.9 / perStream)} streams`);
    }
    if (limit !== null && limit.coreBusy < 0.9) {
      log(`N=${limit.n} lost segments with the recording core ${pct(limit.coreBusy)} busy and the camera servers at ${pct(limit.cameraBusy)}: ` +
        'see the reasons above (sessions the GStreamer test camera stalled are the usual cause)');
    }
  } finally {
    await Promise.all(cameras.map((c) => c.stop()));
    await rm(dir, { recursive: true, force: true });
  }
  log(`\n(total ${Math.round((Date.now() - started) / 1000)} s)`);
  log(`recording overhead: ${ratio.toFixed(3)}x bare ffmpeg copy; streams per core: ${streamsPerCore}; lost segments: ${lost}`);
}

await main();
