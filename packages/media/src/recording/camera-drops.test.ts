/**
 * Camera drops: four real RTSP cameras, each stopped and restarted 5 times (20 short outages) while a recorder
 * records it. Recording resumes within a few seconds each time, the only gaps are the outages, no ffmpeg is left
 * over or doubled, and memory stays flat. The 100-drop soak is bench/recording/soak.ts.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { findMediaTools } from '../media-tools';
import { startTestRtspServer, type TestRtspServer } from '../testing/rtsp-test-server';
import { cachedClip, type Collected, collectingRecorder, ffmpegChildren, segmentGaps, sharedClip, waitFor } from './test-support';

const CAMERAS = 4;
const DROPS_PER_CAMERA = 5;

interface Outage {
  stopAt: number;
  upAt: number;
  resumedAt: number;
}

async function dropRepeatedly(server: TestRtspServer, rec: Collected, drops: number): Promise<Outage[]> {
  const outages: Outage[] = [];
  const recordingAfter = (t: number) => () => rec.states.find((s) => s.status === 'recording' && s.at >= t);
  await waitFor('first recording', recordingAfter(0), 20_000);
  for (let i = 0; i < drops; i += 1) {
    // Let it record a little (1-2.5 s), then take the camera down and bring it back on the same port.
    await new Promise((resolve) => setTimeout(resolve, 1000 + Math.random() * 1500));
    const stopAt = Date.now();
    await server.restart();
    const upAt = Date.now();
    const resumed = await waitFor(`recording again after drop ${i + 1}`, recordingAfter(upAt), 15_000, 50);
    outages.push({ stopAt, upAt, resumedAt: resumed.at });
  }
  // One more segment after the last outage.
  const sessions = new Set(rec.segments.map((s) => s.sessionId)).size;
  await waitFor('a segment after the last drop', () => new Set(rec.segments.map((s) => s.sessionId)).size > sessions, 15_000, 100);
  return outages;
}

describe('camera drops', () => {
  const cleanup: (() => Promise<void>)[] = [];
  after(async () => {
    for (const fn of cleanup.reverse()) await fn();
  });

  it(`${CAMERAS * DROPS_PER_CAMERA} short outages: resumes within seconds, gaps only at outages, no leftover processes, flat memory`, async (t) => {
    const people = sharedClip('videos/intel_people-detection.mp4');
    if (people.file === undefined) return t.skip(people.skip);
    const tools = await findMediaTools();
    const clip = await cachedClip(tools, { source: people.file, seconds: 8, fps: 12, audio: false });
    const dir = await mkdtemp(path.join(tmpdir(), 'argus-drops-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));

    const servers = await Promise.all(Array.from({ length: CAMERAS }, () => startTestRtspServer({ mounts: { cam: clip } })));
    cleanup.push(async () => {
      await Promise.all(servers.map((s) => s.stop()));
    });
    const recs = await Promise.all(
      servers.map((server, i) =>
        collectingRecorder(
          {
            sourceId: `drop-${i}`, input: { url: server.url('cam') }, workDir: path.join(dir, `cam${i}`),
            segmentSeconds: 2, stallTimeoutSeconds: 3, backoff: { initialMs: 200, maxMs: 1000 }, loopFiles: false,
          },
          { tools, killGraceMs: 3000 },
        ),
      ),
    );
    cleanup.push(async () => {
      await Promise.all(recs.map((r) => r.recorder.close()));
    });

    // At most one ffmpeg per camera at any moment.
    let maxPerCamera = 0;
    const sampler = setInterval(() => {
      void Promise.all(servers.map((s) => ffmpegChildren(`:${s.port}/`))).then((lists) => {
        maxPerCamera = Math.max(maxPerCamera, ...lists.map((l) => l.length));
      });
    }, 200);
    for (const r of recs) r.recorder.start();
    await Promise.all(recs.map((r) => waitFor('recording', () => r.states.some((s) => s.status === 'recording'), 20_000)));
    const rssStart = process.memoryUsage().rss;
    const outages = await Promise.all(servers.map((server, i) => dropRepeatedly(server, recs[i]!, DROPS_PER_CAMERA)));
    const rssEnd = process.memoryUsage().rss;
    await Promise.all(recs.map((r) => r.recorder.close()));
    clearInterval(sampler);

    /** Camera back → first frame recorded again (what matters), and → 'recording' reported (after ffmpeg's probe). */
    const resumeMs: number[] = [];
    const stateMs: number[] = [];
    for (const [i, rec] of recs.entries()) {
      const cameraOutages = outages[i]!;
      const segments = rec.segments;
      const sessions = new Set(segments.map((s) => s.sessionId));
      assert.equal(sessions.size, DROPS_PER_CAMERA + 1, `camera ${i}: one ffmpeg run per outage (+1)`);
      let change = 0;
      for (const gap of segmentGaps(segments)) {
        if (!gap.newSession) {
          assert.ok(Math.abs(gap.gapMs) <= 1, `camera ${i}: gap of ${gap.gapMs} ms inside a run`);
          continue;
        }
        const outage = cameraOutages[change]!;
        change += 1;
        const prevEnd = gap.at - gap.gapMs;
        // The gap is the outage: the previous run recorded up to the stop, the next one from when the camera
        // came back (plus reconnecting).
        assert.ok(gap.gapMs > -100, `camera ${i}: runs overlap by ${-gap.gapMs} ms`);
        assert.ok(prevEnd >= outage.stopAt - 600 && prevEnd <= outage.upAt + 100, `camera ${i}: recorded up to ${prevEnd - outage.stopAt} ms after the stop`);
        assert.ok(gap.at >= outage.upAt - 100 && gap.at <= outage.resumedAt + 100, `camera ${i}: resumed ${gap.at - outage.upAt} ms after the camera was back`);
        resumeMs.push(gap.at - outage.upAt);
        stateMs.push(outage.resumedAt - outage.upAt);
      }
      assert.equal(change, DROPS_PER_CAMERA, `camera ${i}: every outage is one gap`);
      for (const s of segments) assert.equal(s.recovered, false);
    }
    for (const [i, rec] of recs.entries()) {
      for (const o of outages[i]!) {
        if (o.resumedAt - o.upAt < 4000) continue;
        const states = rec.states.filter((s) => s.at >= o.stopAt - 100 && s.at <= o.resumedAt + 100);
        t.diagnostic(`camera ${i} slow resume: ${JSON.stringify(states.map((s) => ({ ...s, at: s.at - o.upAt })))}`);
        t.diagnostic(`camera ${i} server log: ${servers[i]!.logs().slice(-1500)}`);
      }
    }
    // A camera that accepts but sends nothing is restarted after stallTimeoutSeconds (3 s): that bounds the worst case.
    for (const ms of resumeMs) assert.ok(ms < 5000, `recording resumed ${ms} ms after the camera was back`);
    assert.ok(maxPerCamera <= 1, `at most one ffmpeg per camera (saw ${maxPerCamera})`);
    await waitFor('no ffmpeg left', async () => (await ffmpegChildren()).length === 0, 5000);
    const growthMb = (rssEnd - rssStart) / 1024 / 1024;
    const stat = (xs: number[]): string => {
      const sorted = [...xs].sort((a, b) => a - b);
      return `median ${sorted[sorted.length >> 1]} ms, max ${sorted.at(-1)} ms`;
    };
    t.diagnostic(
      `${resumeMs.length} drops; camera back → recording again: ${stat(resumeMs)}; → 'recording' state: ${stat(stateMs)}; ` +
        `RSS ${Math.round(rssStart / 1048576)} → ${Math.round(rssEnd / 1048576)} MiB`,
    );
    assert.ok(growthMb < 40, `RSS grew by ${growthMb.toFixed(1)} MiB`);
  });
});
