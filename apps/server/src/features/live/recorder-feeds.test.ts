import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SplitFragment, SplitInit } from '@argus/media';
import { RecorderFeeds } from './recorder-feeds';

const init = (tag: number): SplitInit => ({ kind: 'init', data: Buffer.from([tag]), mime: 'video/mp4; codecs="avc1.640028"', codecs: 'avc1.640028', videoCodec: 'h264', width: 640, height: 480, timescale: 90000 });
let t = 0;
const frag = (keyframe: boolean): SplitFragment => ({ kind: 'fragment', data: Buffer.alloc(10), keyframe, decodeTimeS: (t += 0.1), durationS: 0.1, sampleCount: 1 });

function listener() {
  const l = { states: [] as string[], inits: [] as SplitInit[], frags: [] as SplitFragment[] };
  return {
    l,
    onState: (s: string, why: string | null) => void l.states.push(why ? `${s}:${why}` : s),
    onInit: (i: SplitInit) => void l.inits.push(i),
    onFragment: (f: SplitFragment) => void l.frags.push(f),
  };
}

describe('RecorderFeeds', () => {
  it('a late listener gets the state, the init and the current GOP; a new run brings a new init', () => {
    const feeds = new RecorderFeeds(100);
    const feed = feeds.open('cam_a');
    feed.onRunStart();
    feed.onInit(init(1));
    feed.onFragment(frag(false)); // before the first key frame: not kept
    const k = frag(true);
    const d = frag(false);
    feed.onFragment(k);
    feed.onFragment(d);
    const x = listener();
    const detach = feed.attach(x);
    assert.deepEqual(x.l.states, ['live']);
    assert.equal(x.l.inits.length, 1);
    assert.deepEqual(x.l.frags, [k, d]);
    feed.onRunEnd('ffmpeg exited (1)');
    feed.onRunStart();
    feed.onInit(init(2));
    const k2 = frag(true);
    feed.onFragment(k2);
    assert.deepEqual(x.l.states, ['live', 'failing:ffmpeg exited (1)', 'connecting', 'live']);
    assert.equal(x.l.inits[1]!.data[0], 2);
    assert.equal(x.l.frags.at(-1), k2);
    assert.equal(feed.runs, 2);
    detach();
    feed.onFragment(frag(false));
    assert.equal(x.l.frags.length, 3, 'nothing after detaching');
  });

  it('tells watchers when a camera\'s feed appears and goes away; close() is idempotent', () => {
    const feeds = new RecorderFeeds(100);
    const seen: string[] = [];
    feeds.watch((id) => seen.push(`${id}:${feeds.get(id) ? 'on' : 'off'}`));
    const a = feeds.open('cam_a');
    const b = feeds.open('cam_a'); // a restarted recorder replaces the old feed
    assert.equal(a.isClosed, true);
    assert.equal(feeds.get('cam_a'), b);
    b.close();
    b.close();
    assert.equal(feeds.get('cam_a'), undefined);
    assert.deepEqual(seen, ['cam_a:on', 'cam_a:on', 'cam_a:off']);
    b.onInit(init(3)); // a closed feed ignores a late tap
    const x = listener();
    b.attach(x);
    assert.equal(x.l.inits.length, 0);
  });
});
