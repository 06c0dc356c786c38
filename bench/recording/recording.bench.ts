/**
 * Recording benchmark (≤ 5 minutes): `node --import tsx bench/recording/recording.bench.ts`
 *
 * A real RTSP camera (tools/rtsp-test-server, GStreamer) serves a 1080p H.264 clip (cut from
 * intel_worker-zone-detection_10s.mp4: key frame every second, 12 fps) to every client. Where there are two CPUs,
 * the camera server is pinned to CPU 0 and this process (SourceRecorders, and every ffmpeg it starts) to CPU 1,
 * so "one core" is literally one core.
 *
 * 1. Overhead: N SourceRecorders and N bare `ffmpeg -c copy -f segment` processes (same muxer options, no
 *    supervision) record the camera at the same time, over the same window. CPU time from /proc/<pid>/stat
 *    (utime+stime): the recorders' ffmpegs plus all of this Node process's own CPU (process.cpuUsage, which also
 *    carries the harness: conservative), against the bare ffmpegs.
 * 2. Streams per core: N recorders for N = 8, 16, 32, … until a segment is lost (a sequence gap, a restart or a
 *    wall-clock gap) or the core is saturated (≥ 90 % busy); the answer is the largest N with zero lost segments
 *    and the core not saturated.
 * "lost segments" on the last line counts the windows behind the two figures (overhead phase and the accepted levels).
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
const OVERHEAD_WINDOW_S = Number(process.env.BENCH_OVERHEAD_WINDOW_S ?? 40);
const RAMP = (process.env.BENCH_RAMP ?? '8,16,32,48,64').split(',').map(Number);
const RAMP_WINDOW_S = Number(process.env.BENCH_RAMP_WINDOW_S ?? 16);
const IDLE_BASELINE_S = 8;
const BUDGET_MS = Number(process.env.BENCH_BUDGET_S ?? 285) * 1000;
const started = Date.now();

const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cpuSeconds = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1e6;

interface RecorderHandle {
  recorder: SourceRecorder;
  segments: ClosedSegment[];
}

function startRecorders(tools: MediaTools, url: string, dir: string, count: number, tag: string): RecorderHandle[] {
  return Array.from({ length: count }, (_, i) => {
    const segments: ClosedSegment[] = [];
    const recorder = new SourceRecorder(
      {
        sourceId: `${tag}-${i}`,
        input: { url },
        workDir: path.join(dir, `${tag}-${i}`),
        segmentSeconds: SEGMENT_SECONDS,
        stallTimeoutSeconds: 10,
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
    return { recorder, segments };
  });
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

/** This process's CPU while it records nothing (the Node runtime and tsx idling), in CPU seconds per second. */
async function idleBaseline(seconds: number): Promise<number> {
  const u0 = process.cpuUsage();
  const t0 = performance.now();
  await sleep(seconds * 1000);
  return cpuSeconds(process.cpuUsage(u0)) / ((performance.now() - t0) / 1000);
}

async function overheadPhase(tools: MediaTools, server: TestRtspServer, dir: string, hz: number): Promise<{ ratio: number; lost: number }> {
  const n = OVERHEAD_STREAMS;
  const idle = await idleBaseline(IDLE_BASELINE_S);
  log(`this Node process idle (runtime + tsx, no recorder): ${(idle * 100).toFixed(2)} % of a core`);
  log(`\n# Overhead: ${n} SourceRecorders and ${n} bare ffmpeg copies of the 1080p camera, ${OVERHEAD_WINDOW_S} s window`);
  const bareDirs = await Promise.all(Array.from({ length: n }, async (_, i) => {
    const d = path.join(dir, `bare-${i}`);
    await mkdir(d, { recursive: true });
    return d;
  }));
  const bare = bareDirs.map((d) => startBare(tools, server.url('cam'), d));
  const recs = startRecorders(tools, server.url('cam'), dir, n, 'ovh');
  const ready = await waitUntil(() => recs.every((r) => r.segments.length >= 1), 30_000);
  if (!ready) log('warning: not every recorder produced a segment during warm-up');
  const recPids = await recorderPids(recs);
  const barePids = bare.map((b) => b.pid);
  const t0 = { rec: await ticksOf(recPids), bare: await ticksOf(barePids), node: process.cpuUsage(), wall: performance.now() };
  const segsBefore = recs.map((r) => r.segments.length);
  await sleep(OVERHEAD_WINDOW_S * 1000);
  const t1 = { rec: await ticksOf(recPids), bare: await ticksOf(barePids), node: process.cpuUsage(t0.node), wall: performance.now() };
  const wallS = (t1.wall - t0.wall) / 1000;
  const recFfmpegS = (t1.rec.ticks - t0.rec.ticks) / hz;
  const bareS = (t1.bare.ticks - t0.bare.ticks) / hz;
  const nodeTotalS = cpuSeconds(t1.node);
  // The runtime's idle CPU is there whether it records or not: the recorders' share is what comes on top of it.
  const nodeS = Math.max(0, nodeTotalS - idle * wallS);
  const segs = recs.reduce((sum, r, i) => sum + r.segments.length - segsBefore[i]!, 0);
  await Promise.all([...recs.map((r) => r.recorder.close()), ...bare.map((b) => b.stop())]);
  const loss = recs.map((r) => countLostSegments(r.segments, 1000 / FPS));
  const lost = loss.reduce((sum, l) => sum + l.lost, 0) + recs.reduce((sum, r) => sum + r.recorder.stats().sessions - 1, 0);
  const ratio = (recFfmpegS + nodeS) / bareS;
  const pct = (s: number) => `${((100 * s) / wallS / n).toFixed(2)} % of a core per stream`;
  log(`bare ffmpeg copy:          ${bareS.toFixed(2)} s CPU  (${pct(bareS)})`);
  log(`recorders' ffmpeg:         ${recFfmpegS.toFixed(2)} s CPU  (${pct(recFfmpegS)})`);
  log(`recorders' Node process:   ${nodeS.toFixed(2)} s CPU  (${pct(nodeS)}; above its idle baseline; ${segs} segments read, hashed, parsed, handed over)`);
  log(`ratio (recorder ffmpeg + Node above idle) / bare: ${ratio.toFixed(3)}x; counting all of Node's CPU: ` +
    `${((recFfmpegS + nodeTotalS) / bareS).toFixed(3)}x; processes gone during window: ${t1.rec.gone + t1.bare.gone}; lost segments: ${lost}`);
  return { ratio, lost };
}

interface RampResult {
  n: number;
  lost: number;
  coreBusy: number;
  cameraBusy: number;
  segments: number;
  ok: boolean;
}

async function rampLevel(tools: MediaTools, server: TestRtspServer, serverPid: number | null, dir: string, n: number, hz: number): Promise<RampResult> {
  const recs = startRecorders(tools, server.url('cam'), dir, n, `n${n}`);
  const ready = await waitUntil(() => recs.every((r) => r.segments.length >= 1), 40_000);
  const pids = await recorderPids(recs);
  const t0 = { rec: await ticksOf(pids), node: process.cpuUsage(), cam: serverPid === null ? null : await ticksOf([serverPid]), wall: performance.now() };
  const from = Date.now();
  await sleep(RAMP_WINDOW_S * 1000);
  const to = Date.now();
  const t1 = { rec: await ticksOf(pids), node: process.cpuUsage(t0.node), cam: serverPid === null ? null : await ticksOf([serverPid]), wall: performance.now() };
  await Promise.all(recs.map((r) => r.recorder.close()));
  const wallS = (t1.wall - t0.wall) / 1000;
  // Everything on the recording core: the ffmpegs and the whole Node process (idle runtime included).
  const coreBusy = ((t1.rec.ticks - t0.rec.ticks) / hz + cpuSeconds(t1.node)) / wallS;
  const cameraBusy = t0.cam === null || t1.cam === null ? NaN : (t1.cam.ticks - t0.cam.ticks) / hz / wallS;
  let lost = ready ? 0 : n;
  let segments = 0;
  for (const r of recs) {
    // Segments that overlap the window: their sequence must be gapless, one run, no wall-clock gap, and they must
    // cover the window.
    const inWindow = r.segments.filter((s) => s.startMs + s.durationMs > from && s.startMs < to);
    const report = countLostSegments(inWindow, 1000 / FPS);
    segments += report.segments;
    lost += report.lost;
    const covered = inWindow.length === 0 ? 0 : Math.min(to, inWindow.at(-1)!.startMs + inWindow.at(-1)!.durationMs) - Math.max(from, inWindow[0]!.startMs);
    if (covered < (to - from) - 2 * SEGMENT_SECONDS * 1000) lost += 1;
    if (r.recorder.stats().sessions > 1) lost += r.recorder.stats().sessions - 1;
  }
  const ok = lost === 0 && coreBusy < 0.9;
  log(`N=${String(n).padStart(3)}: core busy ${(coreBusy * 100).toFixed(1)} %, camera server ${(cameraBusy * 100).toFixed(1)} % of its CPU, ` +
    `${segments} segments in window, lost ${lost}${ok ? '' : '  ← limit'}`);
  return { n, lost, coreBusy, cameraBusy, segments, ok };
}

async function main(): Promise<void> {
  const tools = await findMediaTools();
  const hz = await clockTicksPerSecond();
  const source = path.join(sharedDatasetsDir(), 'videos/intel_worker-zone-detection_10s.mp4');
  log(`# Recording benchmark — ffmpeg ${tools.version}, ${availableParallelism()} CPUs, Node ${process.version}`);
  const clip = await cachedClip(tools, { source, seconds: 10, fps: FPS, audio: false });
  log(`camera clip: ${clip} (1920x1080 H.264, ${FPS} fps, key frame every second)`);
  const dir = await mkdtemp(path.join(tmpdir(), 'argus-recording-bench-'));
  const server = await startTestRtspServer({ mounts: { cam: clip } });
  let pinned = false;
  const serverPid = (await findChildren(process.pid, 'rtsp-test-server/server.py'))[0] ?? null;
  if (availableParallelism() >= 2 && serverPid !== null) {
    pinned = (await pin(serverPid, 0)) && (await pin(process.pid, 1));
  }
  log(pinned ? 'pinned: camera server → CPU 0; this process and its ffmpegs → CPU 1' : 'not pinned (one CPU or no taskset): figures are shares of the machine');
  let ratio = NaN;
  let streamsPerCore = 0;
  let lost = 0;
  try {
    const overhead = await overheadPhase(tools, server, dir, hz);
    ratio = overhead.ratio;
    lost += overhead.lost;
    log(`\n# Streams per core: ${RAMP_WINDOW_S} s window per level, ${SEGMENT_SECONDS} s segments`);
    for (const n of RAMP) {
      const remaining = BUDGET_MS - (Date.now() - started);
      if (remaining < (RAMP_WINDOW_S + 25) * 1000) {
        log(`N=${n}: skipped (time budget)`);
        break;
      }
      const result = await rampLevel(tools, server, serverPid, dir, n, hz);
      if (!result.ok) break; // this level does not count: the answer is the previous one
      lost += result.lost;
      streamsPerCore = n;
      if (result.cameraBusy > 0.9) {
        log(`the camera server is saturated at N=${n}: the recorder was not the limit (core ${(result.coreBusy * 100).toFixed(1)} % busy → ` +
          `about ${Math.floor(n / result.coreBusy)} streams would fill it)`);
        break;
      }
    }
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
  log(`\n(total ${Math.round((Date.now() - started) / 1000)} s)`);
  log(`recording overhead: ${ratio.toFixed(3)}x bare ffmpeg copy; streams per core: ${streamsPerCore}; lost segments: ${lost}`);
}

await main();
