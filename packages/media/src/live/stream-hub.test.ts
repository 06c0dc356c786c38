import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StreamHub, type HubFragment, type HubSubscriber } from './stream-hub';

const init = { data: new Uint8Array([1]), mime: 'video/mp4; codecs="avc1.640028"', width: 640, height: 480, videoCodec: 'h264' };
let t = 0;
const frag = (keyframe: boolean, size = 100): HubFragment => ({ data: new Uint8Array(size), keyframe, decodeTimeS: (t += 0.1), durationS: 0.1, receivedAtMs: 0 });

function recorder(backlog?: () => number): HubSubscriber & { inits: number; frags: HubFragment[]; ended: string | null } {
  const r = {
    inits: 0,
    frags: [] as HubFragment[],
    ended: null as string | null,
    onInit: () => void (r.inits += 1),
    onFragment: (f: HubFragment) => void r.frags.push(f),
    onEnd: (why: string) => void (r.ended = why),
    ...(backlog ? { backlogBytes: backlog } : {}),
  };
  return r;
}

describe('StreamHub', () => {
  it('starts a late joiner at the last key frame with the init first', () => {
    const hub = new StreamHub({ maxBacklogBytes: 1000 });
    hub.pushInit(init);
    const k = frag(true);
    const d1 = frag(false);
    hub.pushFragment(frag(false)); // before any key frame: not kept
    hub.pushFragment(k);
    hub.pushFragment(d1);
    const late = recorder();
    hub.subscribe(late);
    assert.equal(late.inits, 1);
    assert.deepEqual(late.frags, [k, d1]);
    assert.equal(hub.droppedTotal, 0, 'joining is not a drop');
  });

  it('drops for a slow subscriber only, until the next key frame, and counts it', () => {
    const hub = new StreamHub({ maxBacklogBytes: 250 });
    hub.pushInit(init);
    let backlog = 0;
    const slow = recorder(() => backlog);
    const fast = recorder(() => 0);
    const subSlow = hub.subscribe(slow);
    hub.subscribe(fast);
    hub.pushFragment(frag(true));
    backlog = 200; // the slow one stops reading
    hub.pushFragment(frag(false)); // 200 + 100 > 250: dropped
    backlog = 0; // it caught up, but must wait for a key frame
    hub.pushFragment(frag(false));
    const k2 = frag(true);
    hub.pushFragment(k2);
    assert.equal(fast.frags.length, 4);
    assert.equal(slow.frags.length, 2);
    assert.equal(slow.frags[1], k2);
    assert.equal(subSlow.dropped, 2);
    assert.equal(hub.droppedTotal, 2);
  });

  it('survives a throwing subscriber, reports subscriber counts and closes idempotently', () => {
    const counts: number[] = [];
    const hub = new StreamHub({ maxBacklogBytes: 1000, onSubscribersChanged: (n) => counts.push(n) });
    hub.pushInit(init);
    const bad = { ...recorder(), onFragment: () => { throw new Error('boom'); } };
    const good = recorder();
    hub.subscribe(bad);
    const s = hub.subscribe(good);
    hub.pushFragment(frag(true));
    assert.equal(good.frags.length, 1);
    assert.equal(hub.subscriberCount, 1);
    s.close();
    s.close();
    assert.deepEqual(counts, [1, 2, 1, 0]);
    const last = recorder();
    hub.subscribe(last);
    hub.close('bye');
    hub.close('again');
    assert.equal(last.ended, 'bye');
    const after = recorder();
    hub.subscribe(after);
    assert.equal(after.ended, 'bye');
  });
});
