import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SplitFragment, SplitInit } from '@argus/media';
import { RecorderFeeds } from './recorder-feeds';

const init = (tag: number): SplitInit => ({ kind: 'init', data: Buffer.from([0, 0, 0, 8, tag]), mime: 'video/mp4; codecs="avc1.640028"', codecs: 'avc1.640028', videoCodec: 'h264', width: 640, height: 480, timescale: 90000 });
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
  it('the demand follows the listener; only a listener\'s fragments after an init are passed on; a new run brings a new init', () => {
    const feeds = new RecorderFeeds(100);
    const feed = feeds.open('cam_a');
    const demand: boolean[] = [];
    const unwatch = feed.watchDemand((w) => demand.push(w));
    assert.deepEqual(demand, [false], 'the current demand at once');
    feed.onRunStart();
    feed.onInit(init(1)); // nobody attached: dropped, the recorder does not even read while the demand is off
    feed.onFragment(frag(true));
    const x = listener();
    const detach = feed.attach(x);
    assert.deepEqual(demand, [false, true]);
    assert.deepEqual(x.l.states, ['connecting']);
    assert.equal(x.l.inits.length, 0, 'nothing cached: the recorder\'s follower sends the init and the GOP now');
    feed.onFragment(frag(true)); // before the init: cannot be played
    assert.equal(x.l.frags.length, 0);
    feed.onInit(init(1));
    const k = frag(true);
    const d = frag(false);
    feed.onFragment(k);
    feed.onFragment(d);
    assert.deepEqual(x.l.states, ['connecting', 'live']);
    assert.deepEqual(x.l.frags, [k, d]);
    feed.onRunEnd('ffmpeg exited (1)');
    feed.onRunStart();
    feed.onFragment(frag(false)); // the new run's init has not come yet
    feed.onInit(init(2));
    const k2 = frag(true);
    feed.onFragment(k2);
    assert.deepEqual(x.l.states, ['connecting', 'live', 'failing:ffmpeg exited (1)', 'connecting', 'live']);
    assert.equal(x.l.inits[1]!.data[4], 2);
    assert.deepEqual(x.l.frags, [k, d, k2]);
    assert.equal(feed.runs, 2);
    detach();
    assert.deepEqual(demand, [false, true, false]);
    feed.onFragment(frag(false));
    assert.equal(x.l.frags.length, 3, 'nothing after detaching');
    const y = listener();
    feed.attach(y);
    assert.deepEqual(demand, [false, true, false, true], 'a later listener turns it on again');
    unwatch();
    feed.close();
    assert.deepEqual(demand, [false, true, false, true], 'an unsubscribed watcher hears nothing more');
  });

  it('closing a watched feed turns the demand off', () => {
    const feed = new RecorderFeeds(100).open('cam_b');
    const demand: boolean[] = [];
    feed.watchDemand((w) => demand.push(w));
    feed.attach(listener());
    feed.close();
    assert.deepEqual(demand, [false, true, false]);
    const late: boolean[] = [];
    feed.watchDemand((w) => late.push(w));
    assert.deepEqual(late, [false], 'a closed feed wants nothing');
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
