/**
 * What the recorder's live tap costs (≈ 1.5 minutes): `node --import tsx packages/media/src/recording/live-tap.bench.ts`
 *
 * One real RTSP test camera (GStreamer) serves the recording benchmark's 1080p H.264 clip (12 fps, a key frame every
 * second). Three phases of N SourceRecorders each, one after the other over the same window: plain, with the live tap
 * (fMP4 on fd 3, split in this process, nobody watching: fragments dropped after the GOP cache), plain again (the
 * noise of this shared machine). CPU per stream: each ffmpeg from /proc/<pid>/stat, this process from
 * process.cpuUsage(). The last line: `live tap cost: ffmpeg <ratio>x, ffmpeg+node <ratio>x plain recording`.
 */
import { availableParallelism, tmpdir } from 'node:os';
import { mkdtemp, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import { findMediaTools, type MediaTools } from '../media-tools';
import { startTestRtspServer } from '../testing/rtsp-test-server';
import { sharedDatasetsDir } from '../testing/shared-data';
import type { SplitFragment } from '../live/fmp4-splitter';
import type { LiveTapSink } from './live-tap';
import { SourceRecorder } from './source-recorder';
import { cachedClip, readProcStat } from './test-support';

const N = Number(process.env.BENCH_STREAMS ?? 8);
const WINDOW_S = Number(process.env.BENCH_WINDOW_S ?? 20);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line: string): void => void process.stdout.write(`${line}\n`);

/** Like the server's RecorderFeed with nobody attached: split, keep the current GOP, drop the rest. */
function discardingSink(): LiveTapSink & { fragments: number } {
  let gop: SplitFragment[] = [];
  const s = {
    fragmentMs: 100,
    fragments: 0,
    onRunStart: () => undefined,
    onInit: () => void (gop = []),
    onFragment: (f: SplitFragment) => {
      s.fragments += 1;
      gop = f.keyframe ? [f] : [...gop, f];
    },
    onRunEnd: () => undefined,
  };
  return s;
}

interface Phase {
  ffmpegCpuS: number;
  nodeCpuS: number;
  segments: number;
  fragments: number;
}

async function phase(tools: MediaTools, url: string, dir: string, tap: boolean, tag: string): Promise<Phase> {
  const sinks = Array.from({ length: N }, () => discardingSink());
  let segments = 0;
  const recorders = sinks.map(
    (sink, i) =>
      new SourceRecorder(
        {
          sourceId: `${tag}-${i}`,
          input: { url },
          workDir: path.join(dir, `${tag}-${i}`),
          segmentSeconds: 2,
          stallTimeoutSeconds: 5,
          backoff: { initialMs: 500, maxMs: 5000 },
          loopFiles: false,
          async onSegment(s) {
            segments += 1;
            await unlink(s.file);
          },
          ...(tap ? { live: sink } : {}),
        },
        { tools, parentDeathSignal: false },
      ),
  );
  for (const r of recorders) {
    r.start();
    await sleep(50);
  }
  const deadline = Date.now() + 30_000;
  while (recorders.some((r) => r.currentState.status !== 'recording') && Date.now() < deadline) await sleep(100);
  await sleep(2000); // past the connection set-up
  const pids = recorders.map((r) => r.stats().pid).filter((p): p is number => p !== null);
  const ticks = async (): Promise<number> => (await Promise.all(pids.map(readProcStat))).reduce((n, p) => n + (p?.cpuTicks ?? 0), 0);
  const t0 = await ticks();
  const c0 = process.cpuUsage();
  const s0 = segments;
  const f0 = sinks.reduce((n, s) => n + s.fragments, 0);
  await sleep(WINDOW_S * 1000);
  const t1 = await ticks();
  const c1 = process.cpuUsage(c0);
  const result = {
    ffmpegCpuS: (t1 - t0) / 100,
    nodeCpuS: (c1.user + c1.system) / 1e6,
    segments: segments - s0,
    fragments: sinks.reduce((n, s) => n + s.fragments, 0) - f0,
  };
  await Promise.all(recorders.map((r) => r.close()));
  return result;
}

async function main(): Promise<void> {
  const tools = await findMediaTools();
  const source = path.join(sharedDatasetsDir(), 'videos/intel_worker-zone-detection_10s.mp4');
  const clip = await cachedClip(tools, { source, seconds: 10, fps: 12, audio: false });
  log(`# live tap cost — ffmpeg ${tools.version}, ${availableParallelism()} CPUs, ${N} streams, ${WINDOW_S} s per phase, 1080p 12 fps`);
  const camera = await startTestRtspServer({ mounts: { cam: clip } });
  const dir = await mkdtemp(path.join(tmpdir(), 'argus-live-tap-bench-'));
  try {
    const per = (p: Phase) => ({ ffmpeg: p.ffmpegCpuS / WINDOW_S / N, node: p.nodeCpuS / WINDOW_S / N });
    const a = await phase(tools, camera.url('cam'), dir, false, 'plain1');
    const b = await phase(tools, camera.url('cam'), dir, true, 'tap');
    const c = await phase(tools, camera.url('cam'), dir, false, 'plain2');
    for (const [name, p] of [['plain', a], ['tap', b], ['plain again', c]] as const) {
      const q = per(p);
      log(`${name.padEnd(12)} ffmpeg ${(q.ffmpeg * 100).toFixed(2)} % of a core per stream, node ${(q.node * 100).toFixed(2)} % per stream (whole process / N), ${p.segments} segments, ${p.fragments} live fragments`);
    }
    const plain = { ffmpeg: (per(a).ffmpeg + per(c).ffmpeg) / 2, node: (per(a).node + per(c).node) / 2 };
    const tap = per(b);
    log(`live tap cost: ffmpeg ${(tap.ffmpeg / plain.ffmpeg).toFixed(2)}x, ffmpeg+node ${((tap.ffmpeg + tap.node) / (plain.ffmpeg + plain.node)).toFixed(2)}x plain recording`);
  } finally {
    await camera.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
