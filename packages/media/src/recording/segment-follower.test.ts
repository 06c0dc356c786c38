/**
 * Live view from the segment being written, with a real ffmpeg recorder: nothing is read and nothing is watched while
 * nobody listens; a listener gets the init and the last GOP at once, then fragments as ffmpeg writes them, across
 * segment rollovers without a new init; a run restart brings a new init; letting go leaves no fd or watcher behind.
 */
import assert from 'node:assert/strict';
import { readdir, readFile, readlink, stat } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SplitFragment, SplitInit } from '../live/fmp4-splitter';
import { findMediaTools, type MediaTools } from '../media-tools';
import type { LiveTapSink } from './live-tap';
import { cachedClip, collectingRecorder, waitFor } from './test-support';

const VTEST = '/usr/share/doc/opencv-doc/examples/data/vtest.avi';

interface Got {
  at: number;
  frag: SplitFragment;
}

/** A live sink like the server's RecorderFeed: demand on while "someone watches". */
function sink(fragmentMs = 100) {
  const watchers = new Set<(wanted: boolean) => void>();
  const s = {
    fragmentMs,
    wanted: false,
    /** Each init with the number of fragments received before it. */
    inits: [] as { at: number; init: SplitInit; fragsBefore: number }[],
    frags: [] as Got[],
    runs: 0,
    ends: [] as string[],
    onRunStart: () => void (s.runs += 1),
    onInit: (init: SplitInit) => void s.inits.push({ at: performance.now(), init, fragsBefore: s.frags.length }),
    onFragment: (frag: SplitFragment) => void s.frags.push({ at: performance.now(), frag }),
    onRunEnd: (why: string) => void s.ends.push(why),
    watchDemand(fn: (wanted: boolean) => void) {
      watchers.add(fn);
      fn(s.wanted);
      return () => void watchers.delete(fn);
    },
    want(wanted: boolean) {
      s.wanted = wanted;
      for (const fn of [...watchers]) fn(wanted);
    },
    seconds: (from = 0) => s.frags.slice(from).reduce((n, g) => n + g.frag.durationS, 0),
  } satisfies LiveTapSink & Record<string, unknown>;
  return s;
}

/**
 * Open fds of this process on segment files of `dir` (also once moved to the collecting consumer's `${dir}-store`, or
 * deleted), and inotify watches on `dir` itself (from /proc/self/fdinfo).
 */
async function heldOn(dir: string): Promise<{ fds: number; watches: number }> {
  const ino = (await stat(dir)).ino.toString(16);
  let fds = 0;
  let watches = 0;
  for (const fd of await readdir('/proc/self/fd')) {
    const target = await readlink(`/proc/self/fd/${fd}`).catch(() => '');
    if (target.startsWith(dir) && /\.mp4( \(deleted\))?$/.test(target)) fds += 1;
    if (target === 'anon_inode:inotify') {
      const info = await readFile(`/proc/self/fdinfo/${fd}`, 'utf8').catch(() => '');
      watches += info.split('\n').filter((l) => l.startsWith('inotify ') && new RegExp(`\\bino:${ino}\\b`).test(l)).length;
    }
  }
  return { fds, watches };
}

describe('live view follows the segment being written (real ffmpeg)', () => {
  let tools: MediaTools;
  let dir: string;
  let clip: string;
  before(async () => {
    tools = await findMediaTools();
    dir = await mkdtemp(path.join(tmpdir(), 'argus-follow-'));
    clip = await cachedClip(tools, { source: VTEST, seconds: 6, fps: 10, audio: false, scale: '384:288' });
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('reads nothing unwatched; follows at once, live, across rollovers and restarts; lets go when the listener leaves', async () => {
    const live = sink();
    const workDir = path.join(dir, 'a');
    const { recorder, segments } = await collectingRecorder(
      { sourceId: 'cam-follow', input: { url: clip }, workDir, segmentSeconds: 1, stallTimeoutSeconds: 5, backoff: { initialMs: 100, maxMs: 200 }, loopFiles: true, live },
      { tools, parentDeathSignal: false },
    );
    recorder.start();
    try {
      // 1. Nobody watches: recording goes on, the follower never reads or wakes, nothing is held on the work folder.
      await waitFor('2 segments', () => segments.length >= 2, 30_000);
      const idle = recorder.stats().liveFollower!;
      assert.deepEqual([idle.following, idle.starts, idle.wakeups, idle.reads, idle.bytes], [false, 0, 0, 0, 0]);
      assert.deepEqual(await heldOn(workDir), { fds: 0, watches: 0 });
      assert.equal(live.inits.length + live.frags.length, 0);
      assert.equal(live.runs, 1);
      for (const s of segments) assert.ok(s.durationMs > 0);

      // 2. A listener: the init and the current GOP at once, then fragments as ffmpeg writes them.
      const t0 = performance.now();
      live.want(true);
      assert.equal(live.inits.length, 1, 'the init comes synchronously with the demand');
      assert.equal(live.frags[0]?.frag.keyframe ?? true, true, 'the viewer starts at a key frame');
      const caughtUp = live.frags.length;
      assert.ok(caughtUp <= 10, `at most one GOP (1 s) of catch-up, got ${caughtUp} fragments`);
      assert.match(live.inits[0]!.init.mime, /^video\/mp4; codecs="avc1\./);
      assert.deepEqual(await heldOn(workDir), { fds: 1, watches: 1 });
      await waitFor('4 s of live video', () => live.seconds() >= 4, 30_000);
      const f = recorder.stats().liveFollower!;
      assert.ok(f.files >= 4, `rolled over into later segments (${f.files} files)`);
      assert.equal(live.inits.length, 1, 'no new init at segment rollovers of one run');
      const frags = live.frags.map((g) => g.frag);
      assert.ok(frags.every((x) => x.durationS <= 0.1 + 0.1 + 1e-6), 'live-length fragments (100 ms, at most one frame more)');
      for (let i = 1; i < frags.length; i += 1) {
        const gap = frags[i]!.decodeTimeS - (frags[i - 1]!.decodeTimeS + frags[i - 1]!.durationS);
        assert.ok(Math.abs(gap) < 1e-3, `fragment ${i}: continuous decode time across rollovers (gap ${gap} s)`);
      }
      // Latency: ffmpeg reads the file in real time (-re), so media time and arrival time advance together; each
      // fragment's delay beyond the best one is what the follower added (plus ffmpeg's pacing jitter).
      const liveOnes = live.frags.slice(caughtUp).filter((g) => g.at - t0 > 500);
      const delays = liveOnes.map((g) => g.at - (g.frag.decodeTimeS + g.frag.durationS) * 1000);
      const best = Math.min(...delays);
      const extra = delays.map((d) => d - best).sort((a, b) => a - b);
      const median = extra[Math.floor(extra.length / 2)]!;
      assert.ok(median <= 100, `median delay beyond the best ${median.toFixed(1)} ms (≤ one fragment)`);
      process.stdout.write(`live follow: ${liveOnes.length} fragments: delay beyond the best p50 ${median.toFixed(1)} ms, p90 ${extra[Math.floor(extra.length * 0.9)]!.toFixed(1)} ms; ${f.wakeups} wake-ups, ${f.reads} reads in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
      assert.ok(f.wakeups / ((performance.now() - t0) / 1000) < 100, `wake-ups per second bounded (${f.wakeups})`);

      // 3. A run restart (crash): a new run, a new init, fragments again; the crashed run left no fd behind.
      const initsBefore = live.inits.length;
      recorder.crashCurrentRunForTest();
      await waitFor('a second run with its own init', () => live.inits.length > initsBefore && recorder.stats().sessions >= 2, 20_000);
      assert.equal(live.ends.length, 1, 'the first run ended');
      assert.equal(live.runs, 2);
      const fromRestart = live.inits.at(-1)!.fragsBefore;
      await waitFor('1 s of video from the new run', () => live.seconds(fromRestart) >= 1, 20_000);
      assert.equal(live.frags[fromRestart]!.frag.keyframe, true);
      assert.deepEqual(await heldOn(workDir), { fds: 1, watches: 1 });

      // 4. The listener leaves: no fd, no watcher, nothing more is read.
      live.want(false);
      assert.deepEqual(await heldOn(workDir), { fds: 0, watches: 0 });
      const stopped = recorder.stats().liveFollower!;
      assert.equal(stopped.following, false);
      const got = live.frags.length;
      const segs = segments.length;
      await waitFor('recording goes on', () => segments.length >= segs + 2, 20_000);
      assert.equal(live.frags.length, got, 'nothing after the listener left');
      assert.equal(recorder.stats().liveFollower!.reads, stopped.reads);
    } finally {
      await recorder.close();
    }
    assert.deepEqual(await heldOn(workDir), { fds: 0, watches: 0 });
  });

  it('a throwing sink does not disturb the recording', async () => {
    const live = sink();
    live.onFragment = () => {
      throw new Error('sink bug');
    };
    live.want(true);
    const { recorder, segments } = await collectingRecorder(
      { sourceId: 'cam-bad', input: { url: clip }, workDir: path.join(dir, 'b'), segmentSeconds: 1, stallTimeoutSeconds: 5, backoff: { initialMs: 100, maxMs: 200 }, loopFiles: true, live },
      { tools, parentDeathSignal: false },
    );
    recorder.start();
    try {
      await waitFor('3 segments', () => segments.length >= 3, 30_000);
      assert.equal(recorder.stats().sessions, 1, 'no restart');
      const f = recorder.stats().liveFollower!;
      assert.ok(f.errors > 0 && f.lastError === 'sink bug', JSON.stringify(f));
      assert.ok(f.files >= 2, 'it keeps following');
    } finally {
      await recorder.close();
    }
  });
});
