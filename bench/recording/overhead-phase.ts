/**
 * One overhead measurement: N recorders and N bare ffmpeg copies record the cameras at the same time over the
 * same window. CPU in ns: every ffmpeg from /proc/<pid>/task/<tid>/schedstat, this Node process from
 * process.cpuUsage() (all its threads) minus its idle rate measured before (the runtime ticking over with nothing
 * to record), i.e. what the recorders cost Node.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type BareHandle, closeRecorders, recorderPids, sleep, startBare, startRecorders, waitUntil } from './bench-fleet';
import type { FleetOptions } from './bench-fleet';
import { countLostSegments } from './lost-segments';
import { runNsOf } from './proc-cpu';

export interface OverheadResult {
  n: number;
  liveTap: boolean;
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
  const tag = fleet.liveTap ? 'tap' : 'plain';
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
  const t0 = { rec: await runNsOf(recPids), bare: await runNsOf(barePids), node: process.cpuUsage(), wall: performance.now() };
  await sleep(windowS * 1000);
  const t1 = { rec: await runNsOf(recPids), bare: await runNsOf(barePids), node: process.cpuUsage(t0.node), wall: performance.now() };
  const wallS = (t1.wall - t0.wall) / 1000;
  const segments = recs.reduce((sum, r, i) => sum + r.segments.length - segsBefore[i]!, 0);
  const restarts = recs.reduce((sum, r, i) => sum + r.recorder.stats().sessions - sessionsBefore[i]!, 0);
  await Promise.all([closeRecorders(recs), ...bare.map((b) => b.stop())]);
  const lost = recs.reduce((sum, r) => sum + countLostSegments(r.segments, 1000 / fps).lost, 0) + restarts;
  const nodeTotal = cpuNs(t1.node) / 1e9 / wallS;
  return {
    n,
    liveTap: fleet.liveTap,
    wallS,
    bareFfmpeg: (t1.bare.ns - t0.bare.ns) / 1e9 / wallS / n,
    recorderFfmpeg: (t1.rec.ns - t0.rec.ns) / 1e9 / wallS / n,
    nodePerStream: (nodeTotal - nodeIdle) / n,
    nodeTotal,
    segments,
    lost,
    gone: t1.rec.gone + t1.bare.gone,
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
      `${r.segments} segments read, hashed, parsed, ingested${r.liveTap ? ', live tap drained into a RecorderFeed' : ''})`,
    `ratio:              ${ratioOf(r).toFixed(3)}x bare  (processes gone during the window: ${r.gone}; lost segments: ${r.lost})`,
  ];
}
