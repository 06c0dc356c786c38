import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RuleEngine } from './rule-engine';
import type { RuleFiring, RuleSetSpec, RuleSpec, TrackObservation } from './types';

const ZONE = { name: 'z', polygon: [[0.4, 0.4], [0.6, 0.4], [0.6, 0.6], [0.4, 0.6]] as [number, number][] };
const LINE = { name: 'l', from: [0, 0.5] as [number, number], to: [1, 0.5] as [number, number] };

/** A person whose box bottom-centre (the judged point) is at (x, y). */
function person(id: string, x: number, y: number, extra: Partial<TrackObservation> = {}): TrackObservation {
  return { trackId: id, className: 'person', confidence: 0.9, box: { x: x - 0.02, y: y - 0.1, w: 0.04, h: 0.1 }, ...extra };
}
function bag(id: string, cx: number, cy: number): TrackObservation {
  return { trackId: id, className: 'backpack', confidence: 0.8, box: { x: cx - 0.02, y: cy - 0.02, w: 0.04, h: 0.04 } };
}

/** Runs frames at 10 fps; `at(i)` gives the tracks of frame i. Returns the firings. */
function run(rules: RuleSpec[], frames: number, at: (i: number) => TrackObservation[], opts: { startMs?: number; fps?: number } = {}): RuleFiring[] {
  const spec: RuleSetSpec = { zones: [ZONE], lines: [LINE], rules };
  const e = new RuleEngine(spec);
  const fps = opts.fps ?? 10;
  const out: RuleFiring[] = [];
  for (let i = 0; i < frames; i += 1) out.push(...e.process({ timeS: i / fps, wallMs: (opts.startMs ?? 0) + (i / fps) * 1000, tracks: at(i) }).firings);
  return out;
}

describe('intrusion', () => {
  it('enter fires once when a track walks in, and once for a track appearing inside', () => {
    const f = run([{ type: 'intrusion', zone: 'z' }], 30, (i) => [person('a', 0.21 + i * 0.02, 0.5), ...(i >= 5 ? [person('b', 0.5, 0.45)] : [])]);
    assert.deepEqual(f.map((x) => [x.trackId, x.timeS]), [['b', 0.5], ['a', 1]]);
    assert.equal(f[0]!.type, 'intrusion');
    assert.equal(f[0]!.details.event, 'enter');
  });
  it('minSeconds needs that much continuous presence (video time)', () => {
    const f = run([{ type: 'intrusion', zone: 'z', minSeconds: 2 }], 40, (i) => (i < 15 || i > 18 ? [person('a', 0.5, 0.5)] : []));
    assert.deepEqual(f.map((x) => x.timeS), [2]);
    const short = run([{ type: 'intrusion', zone: 'z', minSeconds: 2 }], 15, () => [person('a', 0.5, 0.5)]);
    assert.equal(short.length, 0);
  });
  it('boundary jitter is one stay; a real re-entry after leaving is a new intrusion', () => {
    const jitter = run([{ type: 'intrusion', zone: 'z' }], 40, (i) => [person('a', i % 2 === 0 ? 0.59 : 0.61, 0.5)]);
    assert.equal(jitter.length, 1);
    const reentry = run([{ type: 'intrusion', zone: 'z' }], 60, (i) => [person('a', i < 10 || i >= 40 ? 0.5 : 0.9, 0.5)]);
    assert.deepEqual(reentry.map((x) => x.timeS), [0, 4]);
  });
  it('cooldown suppresses a re-entry by the same track but not another track', () => {
    const frames = (i: number) => [person('a', i < 10 || i >= 40 ? 0.5 : 0.9, 0.5), ...(i === 45 ? [person('b', 0.5, 0.5)] : [])];
    const f = run([{ type: 'intrusion', zone: 'z', cooldownSeconds: 10 }], 60, frames);
    assert.deepEqual(f.map((x) => [x.trackId, x.timeS]), [['a', 0], ['b', 4.5]]);
  });
  it('exit fires when a stay ends, with its duration', () => {
    const f = run([{ type: 'intrusion', zone: 'z', event: 'exit' }], 50, (i) => [person('a', i < 20 ? 0.5 : 0.9, 0.5)]);
    assert.equal(f.length, 1);
    assert.equal(f[0]!.details.event, 'exit');
    assert.ok(Math.abs((f[0]!.details.durationS as number) - 1.9) < 1e-9);
  });
  it('presence fires when the zone is occupied for minSeconds, re-arms when empty', () => {
    const f = run([{ type: 'intrusion', zone: 'z', event: 'presence', minSeconds: 1 }], 60, (i) => (i < 20 || i >= 30 ? [person(i < 20 ? 'a' : 'b', 0.5, 0.5)] : []));
    assert.deepEqual(f.map((x) => [x.trackId, x.timeS]), [['a', 1], ['b', 4]]);
  });
  it('filters by class, confidence and box area', () => {
    const rules: RuleSpec[] = [{ type: 'intrusion', zone: 'z', minConfidence: 0.5, minBoxArea: 0.003 }];
    const f = run(rules, 5, () => [
      person('low', 0.5, 0.5, { confidence: 0.3 }),
      { ...person('small', 0.5, 0.5), box: { x: 0.49, y: 0.45, w: 0.02, h: 0.05 } },
      { ...person('car', 0.5, 0.5), className: 'car' },
      person('ok', 0.5, 0.5),
    ]);
    assert.deepEqual(f.map((x) => x.trackId), ['ok']);
    assert.deepEqual(run([{ type: 'intrusion', zone: 'z', classes: ['car'] }], 2, () => [{ ...person('c', 0.5, 0.5), className: 'car' }]).map((x) => x.className), ['car']);
  });
});

describe('stays across tracker fragmentation', () => {
  it('a track that vanishes inside and a new id appearing nearby soon after is one stay (one intrusion, loitering keeps its start)', () => {
    const frames = (i: number) => (i < 20 ? [person('a', 0.5, 0.5)] : i < 25 ? [] : [person('a2', 0.52, 0.5)]);
    assert.deepEqual(run([{ type: 'intrusion', zone: 'z' }], 60, frames).map((x) => x.trackId), ['a']);
    const loiter = run([{ type: 'loitering', zone: 'z', minSeconds: 4 }], 60, frames);
    assert.deepEqual(loiter.map((x) => [x.trackId, x.timeS]), [['a2', 4]]);
  });
  it('but not when the new track walks in from outside, appears far away, or too late', () => {
    const walkIn = (i: number) => (i < 20 ? [person('a', 0.5, 0.5)] : i < 25 ? [person('b', 0.3, 0.5)] : [person('b', 0.5, 0.5)]);
    assert.deepEqual(run([{ type: 'intrusion', zone: 'z' }], 40, walkIn).map((x) => x.trackId), ['a', 'b']);
    const far = (i: number) => (i < 20 ? [person('a', 0.42, 0.5)] : [person('c', 0.58, 0.5)]);
    assert.deepEqual(run([{ type: 'intrusion', zone: 'z' }], 40, far).map((x) => x.trackId), ['a', 'c']);
    const late = (i: number) => (i < 20 ? [person('a', 0.5, 0.5)] : i < 60 ? [] : [person('d', 0.5, 0.5)]);
    assert.deepEqual(run([{ type: 'intrusion', zone: 'z' }], 70, late).map((x) => x.trackId), ['a', 'd']);
  });
  it('exit of a vanished track is reported once the relink time has passed', () => {
    const f = run([{ type: 'intrusion', zone: 'z', event: 'exit' }], 60, (i) => (i < 10 ? [person('a', 0.5, 0.5)] : []));
    assert.deepEqual(f.map((x) => [x.trackId, x.timeS]), [['a', 4]]);
  });
});

describe('crossing', () => {
  const walk = (ys: number[]) => (i: number) => (ys[i] === undefined ? [] : [person('a', 0.5, ys[i])]);
  it('counts one crossing per track per crossing despite jitter on the line', () => {
    const ys = [0.3, 0.4, 0.48, 0.51, 0.495, 0.505, 0.49, 0.52, 0.515, 0.6, 0.7];
    const f = run([{ type: 'crossing', line: 'l' }], ys.length, walk(ys));
    assert.deepEqual(f.map((x) => x.details.direction), ['a2b']);
  });
  it('direction filter: a2b, b2a, both', () => {
    const ys = [0.3, 0.7, 0.3];
    assert.deepEqual(run([{ type: 'crossing', line: 'l', direction: 'both' }], 3, walk(ys)).map((x) => x.details.direction), ['a2b', 'b2a']);
    assert.deepEqual(run([{ type: 'crossing', line: 'l', direction: 'b2a' }], 3, walk(ys)).map((x) => x.timeS), [0.2]);
    assert.deepEqual(run([{ type: 'crossing', line: 'l', direction: 'a2b' }], 3, walk(ys)).map((x) => x.timeS), [0.1]);
  });
  it('per-track cooldown', () => {
    const ys = [0.3, 0.7, 0.3, 0.7, 0.3];
    const f = run([{ type: 'crossing', line: 'l', cooldownSeconds: 0.25 }], 5, walk(ys));
    assert.deepEqual(f.map((x) => x.timeS), [0.1, 0.4]);
    const two = run([{ type: 'crossing', line: 'l', cooldownSeconds: 0.25 }], 2, (i) => [person('a', 0.5, ys[i]!), person('b', 0.3, ys[i]!)]);
    assert.deepEqual(two.map((x) => x.trackId), ['a', 'b'], 'another track is not cooled down');
  });
});

describe('loitering', () => {
  it('one firing per continuous stay longer than minSeconds; a new stay can fire again', () => {
    const f = run([{ type: 'loitering', zone: 'z', minSeconds: 3 }], 150, (i) => (i < 50 || i >= 90 ? [person('a', 0.5, 0.5)] : [person('a', 0.9, 0.5)]));
    assert.deepEqual(f.map((x) => x.timeS), [3, 12]);
    assert.equal(f[1]!.details.enteredAtS, 9);
  });
  it('a short occlusion does not split the stay; forget releases the track', () => {
    const f = run([{ type: 'loitering', zone: 'z', minSeconds: 3 }], 40, (i) => (i >= 10 && i < 15 ? [] : [person('a', 0.5, 0.5)]));
    assert.deepEqual(f.map((x) => x.timeS), [3]);
    const e = new RuleEngine({ zones: [ZONE], lines: [], rules: [{ type: 'loitering', zone: 'z', minSeconds: 1 }] });
    e.process({ timeS: 0, wallMs: 0, tracks: [person('a', 0.5, 0.5)] });
    e.forget(['a']);
    assert.equal(e.process({ timeS: 4, wallMs: 4000, tracks: [person('a', 0.5, 0.5)] }).firings.length, 0, 'a forgotten track starts a new stay after the relink time');
    assert.equal(e.process({ timeS: 5, wallMs: 5000, tracks: [person('a', 0.5, 0.5)] }).firings.length, 1);
    const e2 = new RuleEngine({ zones: [ZONE], lines: [], rules: [{ type: 'loitering', zone: 'z', minSeconds: 1 }] });
    e2.process({ timeS: 0, wallMs: 0, tracks: [person('a', 0.5, 0.5)] });
    e2.forget(['a']);
    assert.equal(e2.process({ timeS: 1, wallMs: 1000, tracks: [person('b', 0.5, 0.5)] }).firings.length, 1, 'an ended track inside the zone can still be continued by a new id');
  });
});

describe('counting and crowd', () => {
  it('counting samples the number inside the zone once per interval', () => {
    const e = new RuleEngine({ zones: [ZONE], lines: [], rules: [{ type: 'counting', zone: 'z', intervalSeconds: 1 }] });
    const counts = [];
    for (let i = 0; i < 35; i += 1) {
      const n = Math.floor(i / 10) + 1;
      const tracks = Array.from({ length: n }, (_, k) => person(`p${k}`, 0.45 + k * 0.03, 0.5));
      tracks.push(person('outside', 0.9, 0.9));
      counts.push(...e.process({ timeS: i / 10, wallMs: i * 100, tracks }).counts);
    }
    assert.deepEqual(counts.map((c) => [c.timeS, c.count]), [[0, 1], [1, 2], [2, 3], [3, 4]]);
  });
  it('crowd fires once when count ≥ threshold for minSeconds and re-arms when it drops', () => {
    const group = (n: number) => Array.from({ length: n }, (_, k) => person(`p${k}`, 0.42 + k * 0.03, 0.5));
    const f = run([{ type: 'crowd', zone: 'z', threshold: 3, minSeconds: 1 }], 80, (i) => group(i < 25 ? 3 : i < 30 ? 2 : i < 35 ? 4 : 3));
    assert.deepEqual(f.map((x) => [x.timeS, x.details.count]), [[1, 3], [4, 3]]);
    assert.equal(f[0]!.trackId, null);
    assert.equal(f[0]!.boxes.length, 3);
    assert.equal(run([{ type: 'crowd', zone: 'z', threshold: 3, minSeconds: 1 }], 30, (i) => group(i % 5 === 0 ? 2 : 3)).length, 0, 'dips reset the timer');
  });
});

describe('left behind and removed', () => {
  it('a new bag that stays still for minSeconds is left behind; one that moves is not; a bag there from the start is not new', () => {
    const f = run([{ type: 'left_behind', zone: 'z', minSeconds: 2 }], 50, (i) => [
      bag('old', 0.45, 0.45),
      ...(i >= 5 ? [bag('new', 0.5, 0.5)] : []),
      ...(i >= 5 ? [bag('moving', 0.41 + i * 0.004, 0.55)] : []),
    ]);
    assert.deepEqual(f.map((x) => [x.trackId, x.timeS]), [['new', 2.5]]);
  });
  it('a bag still for minSeconds then gone for minSeconds is removed; coming back (any track id) cancels', () => {
    const gone = run([{ type: 'removed', zone: 'z', minSeconds: 2 }], 60, (i) => (i < 30 ? [bag('b', 0.5, 0.5)] : []));
    assert.deepEqual(gone.map((x) => [x.trackId, x.timeS]), [['b', 4.9]]);
    const back = run([{ type: 'removed', zone: 'z', minSeconds: 2 }], 60, (i) => (i < 30 ? [bag('b', 0.5, 0.5)] : i >= 40 ? [bag('b2', 0.5, 0.5)] : []));
    assert.equal(back.length, 0);
    const brief = run([{ type: 'removed', zone: 'z', minSeconds: 2 }], 60, (i) => (i < 10 ? [bag('b', 0.5, 0.5)] : []));
    assert.equal(brief.length, 0, 'not still long enough to be armed');
  });
});

describe('schedules and cooldown on the engine', () => {
  it('a rule fires only inside its window (wall clock), while its state keeps updating', () => {
    // 2026-11-23 is a Monday; window 22:00–23:00 UTC
    const start = Date.parse('2026-11-23T21:59:58Z');
    const rules: RuleSpec[] = [{ type: 'intrusion', zone: 'z', schedule: { kind: 'windows', windows: [{ days: [1], start: '22:00', end: '23:00' }] } }];
    const f = run(rules, 50, (i) => [person('a', 0.5, 0.5), ...(i >= 30 ? [person('b', 0.5, 0.5)] : [])], { startMs: start });
    assert.deepEqual(f.map((x) => x.trackId), ['b'], 'a was already inside before the window opened');
    assert.equal(f[0]!.wallMs, start + 3000);
  });
  it('crowd cooldown is per rule', () => {
    const group = (n: number) => Array.from({ length: n }, (_, k) => person(`p${k}`, 0.42 + k * 0.03, 0.5));
    const f = run([{ type: 'crowd', zone: 'z', threshold: 2, cooldownSeconds: 1.5 }], 40, (i) => group(i % 10 < 5 ? 2 : 1));
    assert.deepEqual(f.map((x) => x.timeS), [0, 2]);
  });
  it('names, ids and indices are carried into firings', () => {
    const f = run([{ type: 'crossing', line: 'l' }, { id: 'r2', name: 'Gate', type: 'intrusion', zone: 'z' }], 2, (i) => [person('a', 0.5, i === 0 ? 0.3 : 0.55)]);
    const intr = f.find((x) => x.type === 'intrusion')!;
    assert.deepEqual([intr.ruleIndex, intr.ruleId, intr.ruleName], [1, 'r2', 'Gate']);
    assert.equal(f.find((x) => x.type === 'crossing')!.ruleName, 'crossing l #0');
  });
});
