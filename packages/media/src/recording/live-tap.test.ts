/**
 * The recorder's live tap with real ffmpeg: one run writes segments AND short live fragments on fd 3; a sink that
 * throws or a stream the splitter refuses never disturbs the recording; a restart starts a new init.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { findMediaTools, type MediaTools } from '../media-tools';
import type { SplitFragment, SplitInit } from '../live/fmp4-splitter';
import { buildRecorderArgs } from './ffmpeg-args';
import { buildLiveTapOutputArgs } from './live-tap-args';
import { LiveTapReader, type LiveTapSink } from './live-tap';
import { cachedClip, collectingRecorder, waitFor } from './test-support';

const VTEST = '/usr/share/doc/opencv-doc/examples/data/vtest.avi';

function sink(opts: { throwOnFragment?: boolean } = {}): LiveTapSink & { inits: SplitInit[]; frags: SplitFragment[]; runs: number; ends: string[] } {
  const s = {
    fragmentMs: 100,
    inits: [] as SplitInit[],
    frags: [] as SplitFragment[],
    runs: 0,
    ends: [] as string[],
    onRunStart: () => void (s.runs += 1),
    onInit: (i: SplitInit) => void s.inits.push(i),
    onFragment: (f: SplitFragment) => {
      s.frags.push(f);
      if (opts.throwOnFragment === true) throw new Error('sink bug');
    },
    onRunEnd: (why: string) => void s.ends.push(why),
  };
  return s;
}

describe('live tap: pure parts', () => {
  it('adds a video-only fMP4 output on pipe:3 after the segment output', () => {
    const tap = buildLiveTapOutputArgs(100);
    assert.deepEqual(tap.slice(-3), ['-flush_packets', '1', 'pipe:3']);
    assert.ok(tap.includes('-an'));
    assert.equal(tap[tap.indexOf('-frag_duration') + 1], '100000');
    const paths = { segmentList: '/w/list.csv', segmentPattern: '/w/seg-%06d.mp4', sessionRecord: '/w/s.json' } as never;
    const target = { kind: 'file', input: '/x.mp4', display: '/x.mp4', secrets: [], hasCredentials: false } as never;
    const base = buildRecorderArgs({ target, segmentSeconds: 2, ioTimeoutMs: 5000, loopFiles: true, audio: 'copy', paths });
    const withTap = buildRecorderArgs({ target, segmentSeconds: 2, ioTimeoutMs: 5000, loopFiles: true, audio: 'copy', paths, liveTapFragmentMs: 100 });
    assert.deepEqual(withTap, [...base, ...tap], 'the recording output is unchanged; the tap follows it');
  });

  it('keeps draining after a split error and counts the discarded bytes', () => {
    const s = sink();
    const reader = new LiveTapReader(s);
    const pipe = new PassThrough();
    reader.attach(pipe);
    pipe.write(Buffer.from('this is certainly not an mp4 stream at all!'));
    pipe.write(Buffer.alloc(1000));
    const st = reader.stats;
    assert.match(st.error ?? '', /box|header/);
    assert.equal(st.bytes, 1043);
    assert.equal(st.discardedBytes, 1043);
    assert.equal(s.frags.length, 0);
  });
});

describe('live tap on a real recording run', () => {
  let tools: MediaTools;
  let dir: string;
  let clip: string;
  before(async () => {
    tools = await findMediaTools();
    dir = await mkdtemp(path.join(tmpdir(), 'argus-live-tap-'));
    clip = await cachedClip(tools, { source: VTEST, seconds: 6, fps: 10, audio: false, scale: '384:288' });
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('one ffmpeg writes segments and live fragments; a crash restarts both with a new init', async () => {
    const live = sink();
    const { recorder, segments } = await collectingRecorder(
      { sourceId: 'cam-tap', input: { url: clip }, workDir: path.join(dir, 'a'), segmentSeconds: 1, stallTimeoutSeconds: 5, backoff: { initialMs: 100, maxMs: 200 }, loopFiles: true, live },
      { tools, parentDeathSignal: false },
    );
    recorder.start();
    try {
      await waitFor('2 segments and 2 s of live', () => segments.length >= 2 && live.frags.reduce((n, f) => n + f.durationS, 0) >= 2, 30_000);
      assert.equal(recorder.stats().sessions, 1);
      assert.equal(live.runs, 1);
      assert.equal(live.inits.length, 1);
      assert.match(live.inits[0]!.mime, /^video\/mp4; codecs="/);
      assert.equal(live.frags[0]!.keyframe, true, 'the first live fragment starts at a key frame');
      assert.ok(live.frags.every((f) => f.durationS <= 0.1 + 0.1 + 1e-6), 'short live fragments (≈ fragmentMs, at most one frame more)');
      recorder.crashCurrentRunForTest();
      await waitFor('a second run with its own init', () => live.inits.length >= 2 && recorder.stats().sessions >= 2, 20_000);
      assert.equal(live.ends.length, 1, 'the first run ended');
      const before2 = segments.length;
      await waitFor('recording goes on', () => segments.length > before2, 20_000);
    } finally {
      await recorder.close();
    }
    assert.ok(live.ends.at(-1)!.length > 0);
  });

  it('a throwing sink does not disturb the recording', async () => {
    const live = sink({ throwOnFragment: true });
    const { recorder, segments } = await collectingRecorder(
      { sourceId: 'cam-bad', input: { url: clip }, workDir: path.join(dir, 'b'), segmentSeconds: 1, stallTimeoutSeconds: 5, backoff: { initialMs: 100, maxMs: 200 }, loopFiles: true, live },
      { tools, parentDeathSignal: false },
    );
    recorder.start();
    try {
      await waitFor('3 segments', () => segments.length >= 3, 30_000);
      assert.equal(recorder.stats().sessions, 1, 'no restart: the pipe is drained after the sink failed');
      assert.equal(live.frags.length, 1, 'the sink got nothing after it threw');
    } finally {
      await recorder.close();
    }
  });
});
