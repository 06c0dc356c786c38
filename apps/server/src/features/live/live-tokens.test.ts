import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashLiveSecret, LiveTokenStore } from './live-tokens';

const grant = { cameraId: 'cam_1', stream: 'main' as const, transport: 'mse' as const, principalKey: hashLiveSecret('session-a'), userId: 'usr_1' };

describe('LiveTokenStore', () => {
  it('issues random tokens of at least 128 bits, stored only hashed', () => {
    const s = new LiveTokenStore({ ttlMs: 60_000, hlsIdleMs: 30_000 });
    const a = s.issue(grant, 0);
    const b = s.issue(grant, 0);
    assert.notEqual(a.token, b.token);
    assert.ok(Buffer.from(a.token, 'base64url').length >= 16);
    assert.equal(a.expiresAtMs, 60_000);
    assert.ok(!JSON.stringify([...(s as any).entries.keys()]).includes(a.token));
  });

  it('binds a token to the credential that made it and expires it unused after the TTL', () => {
    const s = new LiveTokenStore({ ttlMs: 60_000, hlsIdleMs: 30_000 });
    const { token } = s.issue(grant, 0);
    assert.deepEqual(s.check(token, hashLiveSecret('session-b'), 1, 'peek'), { ok: false, why: 'foreign' });
    assert.deepEqual(s.check('nope', grant.principalKey, 1, 'peek'), { ok: false, why: 'unknown' });
    assert.equal(s.check(token, grant.principalKey, 59_999, 'peek').ok, true);
    assert.deepEqual(s.check(token, grant.principalKey, 60_000, 'peek'), { ok: false, why: 'expired' });
    assert.deepEqual(s.check(token, grant.principalKey, 1, 'peek'), { ok: false, why: 'unknown' }, 'forgotten once expired');
  });

  it('makes socket tokens single-use and slides HLS tokens while polled', () => {
    const s = new LiveTokenStore({ ttlMs: 60_000, hlsIdleMs: 30_000 });
    const ws = s.issue(grant, 0).token;
    assert.equal(s.check(ws, grant.principalKey, 10, 'claim').ok, true);
    assert.deepEqual(s.check(ws, grant.principalKey, 20, 'claim'), { ok: false, why: 'unknown' }, 'claimed tokens are forgotten');
    const hls = s.issue({ ...grant, transport: 'hls' }, 0).token;
    for (let t = 50_000; t <= 200_000; t += 25_000) assert.equal(s.check(hls, grant.principalKey, t, 'touch').ok, true, `polled at ${t}`);
    assert.deepEqual(s.check(hls, grant.principalKey, 200_000 + 30_000, 'peek'), { ok: false, why: 'expired' }, 'dies 30 s after the last request');
    s.issue(grant, 0);
    assert.equal(s.sweep(10_000_000), 1);
    assert.equal(s.size, 0);
  });
});
