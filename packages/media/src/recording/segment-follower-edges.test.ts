/**
 * The live follower against a simulated writer: real fragmented-MP4 bytes (written once by ffmpeg with the
 * recorder's muxer options) appended to the work folder piece by piece the way ffmpeg writes them, so every edge is
 * reached on purpose: a fragment cut mid-write, rollover with an identical init, a segment deleted while followed,
 * a segment gone before the follower reached it, a changed init, a run that ends mid-fragment.
 */
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Fmp4Splitter, type SplitFragment, type SplitInit } from '../live/fmp4-splitter';
import { findMediaTools } from '../media-tools';
import { runProcess } from '../run-process';
import { segmentFormatOptions } from './ffmpeg-args';
import { SegmentFollower } from './segment-follower';
import { cachedClip, waitFor } from './test-support';
import { segmentFileName } from './work-dir-layout';

const VTEST = '/usr/share/doc/opencv-doc/examples/data/vtest.avi';
const SOURCE = 'cam-edge';
const SESSION = 'mx1-0a0b0c0d';

/** A fragmented MP4 written by ffmpeg with the recorder's segment options (100 ms fragments). */
async function segmentBytes(dir: string, name: string, scale: string): Promise<Buffer> {
  const tools = await findMediaTools();
  const clip = await cachedClip(tools, { source: VTEST, seconds: 2, fps: 10, audio: false, scale });
  const out = path.join(dir, `${name}.mp4`);
  const opts = segmentFormatOptions(100_000).split(':').flatMap((kv) => {
    const [k, v] = kv.split('=');
    return [`-${k!}`, v!];
  });
  const run = await runProcess(tools.ffmpeg, ['-v', 'error', '-i', clip, '-map', '0:v:0', '-c', 'copy', '-f', 'mp4', ...opts, out], { timeoutMs: 60_000 });
  assert.equal(run.exitCode, 0, run.stderr);
  return readFileSync(out);
}

/** Offsets where each fragment (moof+mdat) ends, from the splitter's view of the whole file. */
function fragmentEnds(bytes: Buffer): { initEnd: number; ends: number[] } {
  const out = new Fmp4Splitter().push(bytes);
  const init = out.find((o): o is SplitInit => o.kind === 'init')!;
  let at = init.data.length;
  const ends: number[] = [];
  for (const o of out) {
    if (o.kind !== 'fragment') continue;
    at += o.data.length;
    ends.push(at);
  }
  return { initEnd: init.data.length, ends };
}

function sink() {
  const s = {
    fragmentMs: 100,
    inits: [] as SplitInit[],
    frags: [] as SplitFragment[],
    onInit: (i: SplitInit) => void s.inits.push(i),
    onFragment: (f: SplitFragment) => void s.frags.push(f),
  };
  return s;
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 50));

describe('live follower against a simulated ffmpeg', () => {
  let dir: string;
  let a: Buffer;
  let b: Buffer;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'argus-follow-edges-'));
    a = await segmentBytes(dir, 'a', '384:288');
    b = await segmentBytes(dir, 'b', '320:240');
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  for (const poll of [false, true]) {
    it(`follows appends, rolls over without a new init, survives deletion and a cut-off run (${poll ? 'polling' : 'inotify'})`, async () => {
      const work = path.join(dir, poll ? 'poll' : 'watch');
      await mkdir(work);
      const file = (seq: number): string => path.join(work, segmentFileName(SOURCE, SESSION, seq));
      const { initEnd, ends } = fragmentEnds(a);
      const frags = ends.length;
      const s = sink();
      const follower = new SegmentFollower({ workDir: work, sourceId: SOURCE, sessionId: SESSION, sink: s, poll });
      follower.start();
      assert.equal(s.inits.length, 0, 'nothing written yet');

      // Segment 0: the init and half of the first fragment, then the rest fragment by fragment.
      writeFileSync(file(0), a.subarray(0, initEnd + 20));
      await waitFor('the init', () => s.inits.length === 1, 5000, 10);
      assert.equal(s.frags.length, 0, 'a fragment cut mid-write is not handed on');
      appendFileSync(file(0), a.subarray(initEnd + 20, ends[2]));
      await waitFor('three fragments', () => s.frags.length === 3, 5000, 10);
      assert.equal(s.frags[0]!.keyframe, true);
      appendFileSync(file(0), a.subarray(ends[2]));
      await waitFor('all of segment 0', () => s.frags.length === frags, 5000, 10);

      // Segment 1 (the same codec configuration): no new init; segment 0 is handed over (deleted) meanwhile.
      writeFileSync(file(1), a.subarray(0, ends[0]));
      unlinkSync(file(0));
      await waitFor('the first fragment of segment 1', () => s.frags.length === frags + 1, 5000, 10);
      assert.equal(s.inits.length, 1, 'an identical init at rollover is not passed on');
      appendFileSync(file(1), a.subarray(ends[0]));
      await waitFor('all of segment 1', () => s.frags.length === 2 * frags, 5000, 10);

      // Segments 2 and 3 appear at once and 2 is gone before the follower gets to it: skipped, 3 is followed.
      writeFileSync(file(2), a);
      writeFileSync(file(3), a.subarray(0, ends[1]));
      unlinkSync(file(2));
      await waitFor('segment 3', () => s.frags.length === 2 * frags + 2, 5000, 10);
      assert.equal(follower.stats.skipped, 1);

      // Segment 4 with new codec parameters: a new init.
      writeFileSync(file(4), b);
      await waitFor('the new init', () => s.inits.length === 2, 5000, 10);
      assert.notEqual(s.inits[1]!.width, s.inits[0]!.width);

      // The run ends in the middle of a fragment of segment 5: what is complete goes on, the rest is dropped.
      const cut = fragmentEnds(b);
      writeFileSync(file(5), b.subarray(0, cut.ends[1]! - 7));
      await tick();
      const was = s.frags.length;
      follower.finish();
      assert.ok(s.frags.length - was <= 1, 'at most the one complete fragment left');
      assert.equal(s.frags.at(-1)!.data.length > 0, true);
      assert.equal(follower.holdsResources, false, 'no fd, watcher or timer after the run');
      assert.equal(follower.stats.errors, 0, JSON.stringify(follower.stats));
      follower.start();
      assert.equal(follower.holdsResources, false, 'a finished follower does not start again');
      for (let i = 1; i < s.frags.length; i += 1) assert.ok(s.frags[i]!.data.length > 0);
    });
  }

  it('stop() lets go at once; start() again starts over with an init and the last GOP', async () => {
    const work = path.join(dir, 'restart');
    await mkdir(work);
    const { ends } = fragmentEnds(a);
    writeFileSync(path.join(work, segmentFileName(SOURCE, SESSION, 0)), a);
    const s = sink();
    const follower = new SegmentFollower({ workDir: work, sourceId: SOURCE, sessionId: SESSION, sink: s });
    follower.start();
    assert.equal(s.inits.length, 1);
    assert.equal(s.frags[0]!.keyframe, true);
    assert.ok(s.frags.length < ends.length, 'only the last GOP of what is there');
    assert.ok(s.frags.slice(1).every((f) => !f.keyframe), 'from the LAST key frame');
    follower.stop();
    assert.equal(follower.holdsResources, false);
    const n = s.frags.length;
    follower.start();
    assert.equal(s.inits.length, 2, 'a new listener gets the init again');
    assert.equal(s.frags.length, 2 * n);
    follower.finish();
  });
});
