/**
 * Camera-drop soak (a script, not a test): `node --expose-gc --import tsx bench/recording/soak.ts`
 * SOAK_DROPS (default 100) short outages spread over SOAK_CAMERAS (default 4) real RTSP cameras, each recorded by a
 * SourceRecorder. Checks after every outage that recording resumed; at the end that the only gaps are the outages,
 * that no ffmpeg is left (or was ever doubled), and prints memory (RSS, heap) along the way to show it stays flat.
 * Exits 1 when a check fails.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findMediaTools } from '../../packages/media/src/media-tools';
import {
  cachedClip,
  type Collected,
  collectingRecorder,
  ffmpegChildren,
  segmentGaps,
  sharedClip,
  waitFor,
} from '../../packages/media/src/recording/test-support';
import { startTestRtspServer, type TestRtspServer } from '../../packages/media/src/testing/rtsp-test-server';

const DROPS = Number(process.env.SOAK_DROPS ?? 100);
const CAMERAS = Number(process.env.SOAK_CAMERAS ?? 4);
const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const mib = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MiB`;

interface Outage {
  stopAt: number;
  upAt: number;
  resumedAt: number;
}

const failures: string[] = [];
const check = (ok: boolean, what: string): void => {
  if (!ok) failures.push(what);
};

let dropsDone = 0;
const memory: { drops: number; rss: number; heap: number }[] = [];

function sampleMemory(): void {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  memory.push({ drops: dropsDone, rss: m.rss, heap: m.heapUsed });
  log(`after ${String(dropsDone).padStart(3)} drops: RSS ${mib(m.rss)}, heap ${mib(m.heapUsed)}`);
}

async function dropRepeatedly(server: TestRtspServer, rec: Collected, drops: number): Promise<Outage[]> {
  const outages: Outage[] = [];
  const recordingAfter = (t: number) => () => rec.states.find((s) => s.status === 'recording' && s.at >= t);
  await waitFor('first recording', recordingAfter(0), 30_000);
  for (let i = 0; i < drops; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 1000 + Math.random() * 1500));
    const stopAt = Date.now();
    await server.restart();
    const upAt = Date.now();
    const resumed = await waitFor(`recording again after drop ${i + 1}`, recordingAfter(upAt), 20_000, 50);
    outages.push({ stopAt, upAt, resumedAt: resumed.at });
    dropsDone += 1;
    if (dropsDone % 20 === 0) sampleMemory();
  }
  const sessions = new Set(rec.segments.map((s) => s.sessionId)).size;
  await waitFor('a segment after the last drop', () => new Set(rec.segments.map((s) => s.sessionId)).size > sessions, 20_000, 100);
  return outages;
}

async function main(): Promise<number> {
  const people = sharedClip('videos/intel_people-detection.mp4');
  if (people.file === undefined) {
    log(`skipped: ${people.skip}`);
    return 0;
  }
  const started = Date.now();
  const tools = await findMediaTools();
  const clip = await cachedClip(tools, { source: people.file, seconds: 8, fps: 12, audio: false });
  const dir = await mkdtemp(path.join(tmpdir(), 'argus-soak-'));
  const servers = await Promise.all(Array.from({ length: CAMERAS }, () => startTestRtspServer({ mounts: { cam: clip } })));
  const recs = await Promise.all(
    servers.map((server, i) =>
      collectingRecorder(
        {
          sourceId: `soak-${i}`, input: { url: server.url('cam') }, workDir: path.join(dir, `cam${i}`),
          segmentSeconds: 2, stallTimeoutSeconds: 3, backoff: { initialMs: 200, maxMs: 1000 }, loopFiles: false,
          // Keep memory honest: the consumer forgets the files (the records stay for the gap check).
          onSegment: async () => undefined,
        },
        { tools, killGraceMs: 3000 },
      ),
    ),
  );
  let maxPerCamera = 0;
  const sampler = setInterval(() => {
    void Promise.all(servers.map((s) => ffmpegChildren(`:${s.port}/`))).then((lists) => {
      maxPerCamera = Math.max(maxPerCamera, ...lists.map((l) => l.length));
    });
  }, 250);
  try {
    for (const r of recs) r.recorder.start();
    sampleMemory();
    const perCamera = Array.from({ length: CAMERAS }, (_, i) => Math.floor(DROPS / CAMERAS) + (i < DROPS % CAMERAS ? 1 : 0));
    const outages = await Promise.all(servers.map((server, i) => dropRepeatedly(server, recs[i]!, perCamera[i]!)));
    await Promise.all(recs.map((r) => r.recorder.close()));
    clearInterval(sampler);
    sampleMemory();

    const resumeMs: number[] = [];
    for (const [i, rec] of recs.entries()) {
      const camOutages = outages[i]!;
      const sessions = new Set(rec.segments.map((s) => s.sessionId)).size;
      check(sessions === camOutages.length + 1, `camera ${i}: ${sessions} runs for ${camOutages.length} outages`);
      let change = 0;
      for (const gap of segmentGaps(rec.segments)) {
        if (!gap.newSession) {
          check(Math.abs(gap.gapMs) <= 1, `camera ${i}: gap of ${gap.gapMs} ms inside a run`);
          continue;
        }
        const outage = camOutages[change];
        change += 1;
        if (outage === undefined) {
          failures.push(`camera ${i}: a gap without an outage`);
          continue;
        }
        const prevEnd = gap.at - gap.gapMs;
        check(gap.gapMs > -100, `camera ${i}: runs overlap by ${-gap.gapMs} ms`);
        check(prevEnd >= outage.stopAt - 600 && prevEnd <= outage.upAt + 100, `camera ${i}: recorded up to ${prevEnd - outage.stopAt} ms after a stop`);
        check(gap.at >= outage.upAt - 100 && gap.at <= outage.resumedAt + 100, `camera ${i}: resumed ${gap.at - outage.upAt} ms after the camera was back`);
        resumeMs.push(gap.at - outage.upAt);
      }
      check(change === camOutages.length, `camera ${i}: ${change} gaps for ${camOutages.length} outages`);
      const stats = rec.recorder.stats();
      log(`camera ${i}: ${rec.segments.length} segments, ${stats.sessions} runs, repaired ${stats.segmentsRepaired}, discarded ${stats.segmentsDiscarded}, ` +
        `handover errors ${stats.handoverErrors}`);
    }
    // Worst case: the test camera stalls a session at connect → killed after stallTimeoutSeconds (3 s), then the
    // backoff (≤ 1 s) and a new connection: about 5 s. Anything slower is a failure.
    for (const ms of resumeMs) check(ms < 6000, `recording resumed ${ms} ms after the camera was back`);
    check(maxPerCamera <= 1, `up to ${maxPerCamera} ffmpeg at once for one camera`);
    const left = await ffmpegChildren();
    check(left.length === 0, `${left.length} ffmpeg processes left (states: ${left.map((p) => p.state).join(',')})`);
    const sorted = [...resumeMs].sort((a, b) => a - b);
    const first = memory[1] ?? memory[0]!;
    const last = memory.at(-1)!;
    log(`\n${dropsDone} drops over ${CAMERAS} cameras in ${Math.round((Date.now() - started) / 1000)} s; camera back → recording again: ` +
      `median ${sorted[sorted.length >> 1]} ms, p95 ${sorted[Math.floor(sorted.length * 0.95)]} ms, max ${sorted.at(-1)} ms`);
    log(`memory after ${first.drops} drops: RSS ${mib(first.rss)}, heap ${mib(first.heap)}; after ${last.drops}: RSS ${mib(last.rss)}, heap ${mib(last.heap)}`);
    log(failures.length === 0 ? 'soak: OK' : `soak: ${failures.length} problem(s):\n  ${failures.slice(0, 20).join('\n  ')}`);
    return failures.length === 0 ? 0 : 1;
  } finally {
    clearInterval(sampler);
    await Promise.all(recs.map((r) => r.recorder.close()));
    await Promise.all(servers.map((s) => s.stop()));
    await rm(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
