import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodePreference, isPreferenceKey, MAX_PREFERENCE_BYTES, nestedDeeperThan } from './preference-key';

describe('preference keys and values', () => {
  it('accepts short lower-case dotted keys only', () => {
    for (const k of ['a', 'live.wall', 'live.layouts', 'x-1_2.3', 'a'.repeat(64)]) assert.ok(isPreferenceKey(k), k);
    for (const k of ['', 'A', '1a', '.a', 'a'.repeat(65), 'a b', 'a/b', 'ä']) assert.ok(!isPreferenceKey(k), k);
  });

  it('stores JSON up to 64 KiB and refuses deeper than 32 levels without overflowing the stack', () => {
    assert.deepEqual(encodePreference({ a: [1, 'x', null] }), { ok: true, text: '{"a":[1,"x",null]}' });
    assert.equal(encodePreference(undefined).ok, false);
    assert.equal(encodePreference('x'.repeat(MAX_PREFERENCE_BYTES - 2)).ok, true);
    const big = encodePreference('x'.repeat(MAX_PREFERENCE_BYTES - 1));
    assert.ok(!big.ok && /bytes/.test(big.reason));
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    assert.ok(nestedDeeperThan(deep, 32));
    const r = encodePreference(deep);
    assert.ok(!r.ok && /deeper/.test(r.reason));
    let ok: unknown = 1;
    for (let i = 0; i < 32; i++) ok = { k: ok };
    assert.equal(nestedDeeperThan(ok, 32), false);
    assert.equal(nestedDeeperThan([ok], 32), true);
  });
});
