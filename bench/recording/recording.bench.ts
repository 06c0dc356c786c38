/**
 * Recording benchmark (≤ 5 minutes): `npm run bench:recording`
 *
 * Real RTSP cameras (tools/rtsp-test-server, GStreamer; several processes, ≤ 16 clients each) serve a 1080p H.264
 * clip (cut from intel_worker-zone-detection_10s.mp4: 12 fps, a key frame every second) to every client. Where
 * there are two CPUs, the camera servers are pinned to CPU 0 and this process (SourceRecorders, and every ffmpeg it
 * starts) to CPU 1, so "one core" is literally one core.
 *
 * The recorders run as the server runs them (bench-fleet.ts): the server's default segment length (4 s) and stall
 * timeout (10 s, hence a 2 s progress heartbeat), live view on (its default: segments cut into 100 ms fragments,
 * a RecorderFeed per recorder) with nobody watching, every segment hashed, parsed and ingested into a local-disk
 * blob store. CPU is measured in ns (overhead-phase.ts): each ffmpeg from /proc/<pid>/task/<tid>/schedstat, this Node
 * process from process.cpuUsage() minus its idle rate measured first.
 * 1. Overhead, as the server runs: N recorders (live view on, nobody watching) and N bare `ffmpeg -c copy -f segment`
 *    processes (the fragmented-MP4 muxer options of a recording without live view: 1 s fragments; no supervision,
 *    no progress pipe) at the same time over the same window.
 * 2. The same with live view off (1 s fragments, no feed): the difference is what live view costs unwatched.
 * 3. The same with one listener attached to every recorder's feed (every camera watched): the recorder follows its
 *    segment files (segment-follower.ts); the difference to phase 1 is what a watched camera costs.
 * 4. Streams per core: N recorders (live view on) for N in BENCH_RAMP until a segment is lost (a sequence gap, a
 *    restart or a wall-clock gap in the window) or the recording core is ≥ 90 % busy (ffmpegs + the whole Node
 *    process); the answer is the largest N with zero lost segments.
 * overhead = (recorder's ffmpeg + Node per recorder) / bare ffmpeg, per stream, from phase 1. "lost segments"
 * counts every window measured. Each phase also prints what woke Node per stream (wake-ups per second by cause) and
 * Node's time per segment (overhead-phase.ts).
 * The last line is `recording overhead: <ratio>x bare ffmpeg copy; streams per core: <n>; lost segments: <n>`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { findMediaTools, type MediaTools } from '../../packages/media/src/media-tools';
import { cachedClip } from '../../packages/media/src/recording/test-support';
import { startTestRtspServer, type TestRtspServer } from '../../packages/media/src/testing/rtsp-test-server';
import { sharedDatasetsDir } from '../../packages/media/src/testing/shared-data';
import { closeRecorders, recorderPids, SERVER_DEFAULTS, sleep, startRecorders, waitUntil } from './bench-fleet';
import { countLostSegments } from './lost-segments';
import { describeOverhead, nodeIdleRate, type OverheadResult, overheadPhase, pct, ratioOf } from './overhead-phase';
import { findChildren, pin, runNsOf, schedstatAvailable } from './proc-cpu';

const SEGMENT_SECONDS = SERVER_DEFAULTS.segmentSeconds;
const FPS = 12;
const OVERHEAD_STREAMS = Number(process.env.BENCH_OVERHEAD_STREAMS ?? 16);
const OVERHEAD_WINDOW_S = Number(process.env.BENCH_OVERHEAD_WINDOW_S ?? 60);
const PLAIN_WINDOW_S = Number(process.env.BENCH_PLAIN_WINDOW_S ?? 20);
const WATCHED_WINDOW_S = Number(process.env.BENCH_WATCHED_WINDOW_S ?? 20);
const IDLE_WINDOW_S = 5;
const RAMP = (process.env.BENCH_RAMP ?? '48,96,128').split(',').map(Number).filter((n) => n > 0);
/** One GStreamer camera process serves at most this many clients (beyond ~50 it stalls sessions by itself). */
const CLIENTS_PER_CAMERA = 16;
const CAMERAS = Math.ceil(Math.max(OVERHEAD_STREAMS * 2, ...RAMP) / CLIENTS_PER_CAMERA);
const RAMP_WINDOW_S = Number(process.env.BENCH_RAMP_WINDOW_S ?? 16);
const BUDGET_MS = Number(process.env.BENCH_BUDGET_S ?? 270) * 1000;
const started = Date.now();

const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

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

async function rampLevel(tools: MediaTools, url: (i: number) => string, cameraPids: number[], dir: string, n: number): Promise<RampResult> {
  const recs = await startRecorders({ tools, url, dir, tag: `n${n}`, liveTap: true }, n);
  // Start-up is not measured (a session the test camera stalls at connect is restarted after stallTimeoutSeconds);
  // a recorder still without a segment then shows up as not covering the window.
  await waitUntil(() => recs.every((r) => r.segments.length >= 1), 40_000);
  await sleep(2000);
  const pids = recorderPids(recs);
  const sessionsBefore = recs.map((r) => r.recorder.stats().sessions);
  const t0 = { rec: await runNsOf(pids), node: process.cpuUsage(), cam: await runNsOf(cameraPids), wall: performance.now() };
  const from = Date.now();
  await sleep(RAMP_WINDOW_S * 1000);
  const to = Date.now();
  const t1 = { rec: await runNsOf(pids), node: process.cpuUsage(t0.node), cam: await runNsOf(cameraPids), wall: performance.now() };
  await closeRecorders(recs);
  const wallS = (t1.wall - t0.wall) / 1000;
  const ffmpeg = (t1.rec.ns - t0.rec.ns) / 1e9 / wallS;
  const node = (t1.node.user + t1.node.system) / 1e6 / wallS;
  // Everything on the recording core: the ffmpegs and the whole Node process (idle runtime included).
  const coreBusy = ffmpeg + node;
  const cameraBusy = cameraPids.length === 0 ? NaN : (t1.cam.ns - t0.cam.ns) / 1e9 / wallS;
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
  log(`N=${String(n).padStart(3)}: recording core ${pct(coreBusy, 2)} busy (ffmpeg ${pct(ffmpeg, 2)}, Node ${pct(node, 2)}), ` +
    `camera servers ${pct(cameraBusy, 2)}, ${segments} segments in window, lost ${lost}${ok ? '' : '  ← limit'}`);
  return { n, lost, ffmpeg, node, coreBusy, cameraBusy, segments, ok };
}

/** What `a` costs per stream beyond `b`: ffmpeg (as a share of bare) and Node. */
function costLine(a: OverheadResult, b: OverheadResult): string {
  const ffmpeg = a.recorderFfmpeg / a.bareFfmpeg - b.recorderFfmpeg / b.bareFfmpeg;
  const node = a.nodePerStream - b.nodePerStream;
  return `ffmpeg ${ffmpeg >= 0 ? '+' : ''}${(ffmpeg * 100).toFixed(1)} % of bare, Node ${pct(node)} of a core (${((node / a.bareFfmpeg) * 100).toFixed(1)} % of bare)`;
}

async function main(): Promise<void> {
  const tools = await findMediaTools();
  if (!(await schedstatAvailable())) throw new Error('/proc/<pid>/task/<tid>/schedstat is not available (kernel without CONFIG_SCHED_INFO)');
  const source = path.join(sharedDatasetsDir(), 'videos/intel_worker-zone-detection_10s.mp4');
  log(`# Recording benchmark — ffmpeg ${tools.version}, ${availableParallelism()} CPUs, Node ${process.version}`);
  const clip = await cachedClip(tools, { source, seconds: 10, fps: FPS, audio: false });
  log(`camera clip: ${clip} (1920x1080 H.264, ${FPS} fps, key frame every second)`);
  log(`recorders as the server runs them: ${SEGMENT_SECONDS} s segments, stall timeout ${SERVER_DEFAULTS.stallTimeoutSeconds} s, ` +
    `live view on (${SERVER_DEFAULTS.liveFragmentMs} ms fragments, a RecorderFeed nobody watches), segments ingested into a local blob store`);
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
    const idle = await nodeIdleRate(IDLE_WINDOW_S);
    log(`\nthis Node process idle (nothing recording): ${pct(idle)} of a core (subtracted below)`);
    log(`\n# 1. Overhead as the server runs: ${OVERHEAD_STREAMS} recorders (live view on, nobody watching) and ${OVERHEAD_STREAMS} bare ffmpeg copies, ${OVERHEAD_WINDOW_S} s window`);
    const withTap = await overheadPhase({ tools, url, dir, liveTap: true }, OVERHEAD_STREAMS, OVERHEAD_WINDOW_S, idle, FPS);
    for (const line of describeOverhead(withTap)) log(line);
    lost += withTap.lost;
    ratio = ratioOf(withTap);
    if (PLAIN_WINDOW_S > 0) {
      log(`\n# 2. The same with live view off, ${PLAIN_WINDOW_S} s window`);
      const plain = await overheadPhase({ tools, url, dir, liveTap: false }, OVERHEAD_STREAMS, PLAIN_WINDOW_S, idle, FPS);
      for (const line of describeOverhead(plain)) log(line);
      lost += plain.lost;
      log(`live view on, nobody watching (phase 1 − phase 2): ${costLine(withTap, plain)}`);
    }
    if (WATCHED_WINDOW_S > 0) {
      log(`\n# 3. The same with one listener on every recorder (every camera watched live), ${WATCHED_WINDOW_S} s window`);
      const watched = await overheadPhase({ tools, url, dir, liveTap: true, listen: true }, OVERHEAD_STREAMS, WATCHED_WINDOW_S, idle, FPS);
      for (const line of describeOverhead(watched)) log(line);
      lost += watched.lost;
      log(`a watched camera (phase 3 − phase 1): ${costLine(watched, withTap)}; ratio while watched ${ratioOf(watched).toFixed(3)}x bare`);
    }
    log(`\n# 4. Streams per core: ${RAMP_WINDOW_S} s window per level, live view on, nobody watching`);
    let limit: RampResult | null = null;
    let last: RampResult | null = null;
    for (const n of RAMP) {
      const remaining = BUDGET_MS - (Date.now() - started);
      if (remaining < (RAMP_WINDOW_S + 30) * 1000) {
        log(`N=${n}: skipped (time budget)`);
        break;
      }
      const result = await rampLevel(tools, url, cameraPids, dir, n);
      if (!result.ok) {
        limit = result; // this level does not count: the answer is the previous one
        break;
      }
      last = result;
      streamsPerCore = n;
      lost += result.lost;
    }
    if (last !== null) {
      const perStream = last.coreBusy / last.n;
      log(`at N=${last.n} the recording core was ${pct(last.coreBusy, 2)} busy: by CPU alone one core would take about ${Math.floor(0.9 / perStream)} streams`);
    }
    if (limit !== null && limit.coreBusy < 0.9) {
      log(`N=${limit.n} lost segments with the recording core ${pct(limit.coreBusy, 2)} busy and the camera servers at ${pct(limit.cameraBusy, 2)}: ` +
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
