/**
 * One overhead measurement: N recorders and N bare ffmpeg copies record the cameras at the same time over the
 * same window. CPU in ns: every ffmpeg from /proc/<pid>/task/<tid>/schedstat, this Node process from
 * process.cpuUsage() (all its threads) minus its idle rate measured before (the runtime ticking over with nothing
 * to record), i.e. what the recorders cost Node.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { RecorderStats } from '../../packages/media/src/recording/source-recorder';
import { type BareHandle, closeRecorders, type RecorderHandle, recorderPids, sleep, startBare, startRecorders, waitUntil } from './bench-fleet';
import type { FleetOptions } from './bench-fleet';
import { countLostSegments } from './lost-segments';
import { runNsOf } from './proc-cpu';

/** Per stream over the window: what woke Node, and Node's time per segment. */
export interface NodeBreakdown {
  /** Wake-ups per second per stream, by cause. */
  perSecond: { progress: number; list: number; stderr: number; live: number; segments: number };
  /** ms per segment: read + SHA-256 + box analysis (synchronous: CPU), and onSegment (blob put etc., wall time). */
  msPerSegment: { inspect: number; deliver: number };
  /** What the listeners got (listen phase): fragments and MB per second per stream. */
  live: { fragmentsPerS: number; mbPerS: number; inits: number } | null;
}

export interface OverheadResult {
  n: number;
  liveTap: boolean;
  listen: boolean;
  wallS: number;
  /** Cores per stream. */
  bareFfmpeg: number;
  recorderFfmpeg: number;
  /** This Node process above its idle rate, per recorder. */
  nodePerStream: number;
  /** Cores of the whole Node process (idle rate included). */
  nodeTotal: number;
  segments: number;
  lost: number;
  gone: number;
  breakdown: NodeBreakdown;
}

interface Snapshot {
  stats: RecorderStats[];
  received: { fragments: number; bytes: number; inits: number }[];
}

function snapshot(recs: readonly RecorderHandle[]): Snapshot {
  return { stats: recs.map((r) => r.recorder.stats()), received: recs.map((r) => ({ ...r.received })) };
}

/** Sums over the recorders of `f(after) - f(before)`. */
function delta(a: Snapshot, b: Snapshot, f: (s: RecorderStats) => number): number {
  return b.stats.reduce((sum, s, i) => sum + f(s) - f(a.stats[i]!), 0);
}

function breakdownOf(a: Snapshot, b: Snapshot, wallS: number, segments: number, listen: boolean): NodeBreakdown {
  const n = b.stats.length;
  const rate = (f: (s: RecorderStats) => number): number => delta(a, b, f) / wallS / n;
  // The follower's counters restart with each run; a run restart in the window is rare (and counted as lost).
  const live = (s: RecorderStats): number => s.liveFollower?.wakeups ?? 0;
  const got = (k: 'fragments' | 'bytes' | 'inits'): number => b.received.reduce((sum, r, i) => sum + r[k] - a.received[i]![k], 0);
  return {
    perSecond: {
      progress: rate((s) => s.wakeups.progress),
      list: rate((s) => s.wakeups.list),
      stderr: rate((s) => s.wakeups.stderr),
      live: rate(live),
      segments: segments / wallS / n,
    },
    msPerSegment: {
      inspect: segments === 0 ? NaN : delta(a, b, (s) => s.handoverMs.inspect) / segments,
      deliver: segments === 0 ? NaN : delta(a, b, (s) => s.handoverMs.deliver) / segments,
    },
    live: listen ? { fragmentsPerS: got('fragments') / wallS / n, mbPerS: got('bytes') / 1e6 / wallS / n, inits: got('inits') } : null,
  };
}

export const pct = (cores: number, digits = 3): string => `${(cores * 100).toFixed(digits)} %`;
const cpuNs = (u: NodeJS.CpuUsage): number => (u.user + u.system) * 1000;

/** Node's own rate with nothing recording (cores): the intercept every phase subtracts. */
export async function nodeIdleRate(windowS: number): Promise<number> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await sleep(windowS * 1000);
  return cpuNs(process.cpuUsage(c0)) / 1e9 / ((performance.now() - t0) / 1000);
}

export async function overheadPhase(fleet: Omit<FleetOptions, 'tag'>, n: number, windowS: number, nodeIdle: number, fps: number): Promise<OverheadResult> {
  const tag = fleet.listen === true ? 'watched' : fleet.liveTap ? 'tap' : 'plain';
  const bare: BareHandle[] = [];
  for (let i = 0; i < n; i += 1) {
    const d = path.join(fleet.dir, `${tag}-bare-${i}`);
    await mkdir(d, { recursive: true });
    bare.push(startBare(fleet.tools, fleet.url(n + i), d));
  }
  const recs = await startRecorders({ ...fleet, tag }, n);
  const ready = await waitUntil(() => recs.every((r) => r.segments.length >= 1), 40_000);
  if (!ready) process.stdout.write('warning: not every recorder produced a segment during warm-up\n');
  await sleep(2000); // past the first segments' start-up work
  const recPids = recorderPids(recs);
  const barePids = bare.map((b) => b.pid);
  const segsBefore = recs.map((r) => r.segments.length);
  const sessionsBefore = recs.map((r) => r.recorder.stats().sessions);
  const t0 = { rec: await runNsOf(recPids), bare: await runNsOf(barePids), node: process.cpuUsage(), wall: performance.now(), snap: snapshot(recs) };
  await sleep(windowS * 1000);
  const t1 = { rec: await runNsOf(recPids), bare: await runNsOf(barePids), node: process.cpuUsage(t0.node), wall: performance.now(), snap: snapshot(recs) };
  const wallS = (t1.wall - t0.wall) / 1000;
  const segments = recs.reduce((sum, r, i) => sum + r.segments.length - segsBefore[i]!, 0);
  const restarts = recs.reduce((sum, r, i) => sum + r.recorder.stats().sessions - sessionsBefore[i]!, 0);
  await Promise.all([closeRecorders(recs), ...bare.map((b) => b.stop())]);
  const lost = recs.reduce((sum, r) => sum + countLostSegments(r.segments, 1000 / fps).lost, 0) + restarts;
  const nodeTotal = cpuNs(t1.node) / 1e9 / wallS;
  return {
    n,
    liveTap: fleet.liveTap,
    listen: fleet.listen === true,
    wallS,
    bareFfmpeg: (t1.bare.ns - t0.bare.ns) / 1e9 / wallS / n,
    recorderFfmpeg: (t1.rec.ns - t0.rec.ns) / 1e9 / wallS / n,
    nodePerStream: (nodeTotal - nodeIdle) / n,
    nodeTotal,
    segments,
    lost,
    gone: t1.rec.gone + t1.bare.gone,
    breakdown: breakdownOf(t0.snap, t1.snap, wallS, segments, fleet.listen === true),
  };
}

export function ratioOf(r: OverheadResult): number {
  return (r.recorderFfmpeg + r.nodePerStream) / r.bareFfmpeg;
}

export function describeOverhead(r: OverheadResult): string[] {
  return [
    `bare ffmpeg copy:   ${pct(r.bareFfmpeg)} of a core per stream`,
    `recorder's ffmpeg:  ${pct(r.recorderFfmpeg)} of a core per stream (${((r.recorderFfmpeg / r.bareFfmpeg - 1) * 100).toFixed(1)} % above bare)`,
    `Node per recorder:  ${pct(r.nodePerStream)} of a core (whole process ${pct(r.nodeTotal)} minus its idle rate; ` +
      `${r.segments} segments read, hashed, parsed, ingested${r.listen ? ', live view followed by one listener each' : r.liveTap ? ', live view on, nobody watching' : ''})`,
    `ratio:              ${ratioOf(r).toFixed(3)}x bare  (processes gone during the window: ${r.gone}; lost segments: ${r.lost})`,
    ...describeBreakdown(r.breakdown),
  ];
}

function describeBreakdown(b: NodeBreakdown): string[] {
  const w = b.perSecond;
  const total = w.progress + w.list + w.stderr + w.live + w.segments;
  const lines = [
    `Node per stream:    ${total.toFixed(2)} wake-ups/s (progress heartbeat ${w.progress.toFixed(2)}, segment list ${w.list.toFixed(2)}, ` +
      `segment hand-over ${w.segments.toFixed(2)}, live follower ${w.live.toFixed(2)}, stderr ${w.stderr.toFixed(2)}; plus one shared watchdog tick/s for all); ` +
      `per segment ${b.msPerSegment.inspect.toFixed(2)} ms read+SHA-256+parse (CPU), ${b.msPerSegment.deliver.toFixed(2)} ms blob put (wall)`,
  ];
  if (b.live) lines.push(`live listeners:     ${b.live.fragmentsPerS.toFixed(1)} fragments/s, ${b.live.mbPerS.toFixed(3)} MB/s per stream; inits in the window: ${b.live.inits}`);
  return lines;
}
